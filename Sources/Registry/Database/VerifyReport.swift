/// What `verify` found: counts walked, and every problem, the first bad entry named.
public struct VerifyReport: Sendable, CustomStringConvertible {
    /// A journal entry `verify` found damaged.
    public struct BadEntry: Sendable, Equatable {
        /// Its sequence number (1-based).
        public var sequence: Int
        /// Its effective date, when readable.
        public var effective: Day?
        /// Its statement kind (`enrol`, `transaction`, `import students`), when readable.
        public var kind: String?
    }

    /// Whether there is a journal at all (false for a registry in memory).
    public var hasJournal = true
    /// Journal entries whose hash chain checked out.
    public var entries = 0
    /// Events replayed from them.
    public var events = 0
    /// Students the replay produced.
    public var students = 0
    /// The first damaged entry, if any.
    public var firstBad: BadEntry?
    /// Everything wrong, most important first; empty when the registry is intact.
    public var problems: [String] = []
    /// Facts worth knowing that are not damage (e.g. an unacknowledged torn tail).
    public var notes: [String] = []

    /// Whether nothing is wrong.
    public var ok: Bool { problems.isEmpty }

    /// An empty report.
    public init() {}

    /// `verify: ok — …` or `verify: DAMAGED — …`, then one line per problem and note.
    public var description: String {
        var lines = [!hasJournal
            ? (ok ? "verify: ok — in memory (no journal); \(events) events and \(students) students, indexes consistent" : "verify: DAMAGED — \(problems.count) problem\(problems.count == 1 ? "" : "s")")
            : ok
            ? "verify: ok — \(entries) journal entries, hash chain intact; \(events) events and \(students) students replayed and identical to the registry in memory"
            : "verify: DAMAGED — \(problems.count) problem\(problems.count == 1 ? "" : "s") (\(entries) entries checked before the first)"]
        lines += problems.map { "  " + $0 }
        lines += notes.map { "  note: " + $0 }
        return lines.joined(separator: "\n")
    }
}
