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
    /// The database server that keeps the journal (nil: a registry directory), whose tables were
    /// checked against it too.
    public var server: String?
    /// Journal entries whose hash chain checked out.
    public var entries = 0
    /// Events replayed from them.
    public var events = 0
    /// Students the replay produced.
    public var students = 0
    /// The first damaged entry, if any.
    public var firstBad: BadEntry?
    /// Everything wrong, most important first; empty when the registry is intact.
    public var problemIDs: [StorageMessage] = []
    /// Facts worth knowing that are not damage (e.g. an unacknowledged torn tail).
    public var noteIDs: [StorageMessage] = []
    /// The chains by province a server keeps after its anchor (nil: one chain).
    public var provinceChains: ProvinceChains?

    /// Chains by province checked: where they start, and each province's entries after it.
    public struct ProvinceChains: Sendable, Equatable {
        /// The entry they are anchored at (0: the journal's start).
        public var anchor: UInt64
        /// Each province's code (0: national) and the entries its chain holds, by code.
        public var entries: [(province: Int, entries: Int)]

        /// Chains from their parts.
        public init(anchor: UInt64, entries: [(province: Int, entries: Int)]) { self.anchor = anchor; self.entries = entries }

        /// The same anchor and the same provinces with the same counts.
        public static func == (a: Self, b: Self) -> Bool {
            a.anchor == b.anchor && a.entries.map(\.province) == b.entries.map(\.province) && a.entries.map(\.entries) == b.entries.map(\.entries)
        }
    }

    /// The problems' English texts.
    public var problems: [String] { problemIDs.map(\.english) }
    /// The notes' English texts.
    public var notes: [String] { noteIDs.map(\.english) }

    /// Whether nothing is wrong.
    public var ok: Bool { problemIDs.isEmpty }

    /// An empty report.
    public init() {}

    /// `verify: ok — …` or `verify: DAMAGED — …`, then one line per problem and note.
    public var description: String {
        let first: StorageMessage = !hasJournal
            ? (ok ? .verifyOKInMemory(events: events, students: students) : .verifyDamaged(problems: problemIDs.count, entriesChecked: nil))
            : ok ? .verifyOK(entries: entries, events: events, students: students)
            : .verifyDamaged(problems: problemIDs.count, entriesChecked: entries)
        let lines = [first] + problemIDs + noteIDs.map(StorageMessage.note)
        return lines.enumerated().map { $0.offset == 0 ? $0.element.english : "  " + $0.element.english }.joined(separator: "\n")
    }
}
