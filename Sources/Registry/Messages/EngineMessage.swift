/// The engine's message catalogue (issue 14, item 8): every refusal, warning and note the
/// engine gives is a case here, with its arguments, and its English text is written in the
/// concern's catalogue file only (`IdentityMessage`, `LifecycleMessage`, `GovernanceMessage`,
/// `StorageMessage`), never where it is raised. The language layer wraps these in its own
/// catalogue (`MessageID.engine`), so a second language is one more text per case (issue 16)
/// and nothing matches message text.
public indirect enum EngineMessage: Hashable, Sendable, CustomStringConvertible {
    /// ID numbers, registry numbers, school codes, dates and names (R2, R3, R5, R16).
    case identity(IdentityMessage)
    /// Enrolment, transfer, promotion, graduation, corrections, revert (R1, R4, R6–R13, R23).
    case lifecycle(LifecycleMessage)
    /// Actors, requests, scope, the calendar, transactions (R18–R22).
    case governance(GovernanceMessage)
    /// Files: the journal, snapshots, imports, exports, backups.
    case storage(StorageMessage)
    /// The failure of an embedding program's own code inside a `write` (its text is the
    /// program's: the engine has no catalogue entry for it).
    case external(String)

    /// The English text.
    public var english: String {
        switch self {
        case .identity(let m): m.english
        case .lifecycle(let m): m.english
        case .governance(let m): m.english
        case .storage(let m): m.english
        case .external(let s): s
        }
    }

    /// The Chinese text.
    public var chinese: String {
        switch self {
        case .identity(let m): m.chinese
        case .lifecycle(let m): m.chinese
        case .governance(let m): m.chinese
        case .storage(let m): m.chinese
        case .external(let s): s
        }
    }

    /// The English text, so `"\(message)"` reads naturally.
    public var description: String { english }
}

extension EngineMessage: Localized {}
