/// A registry kept only in memory: transactions and rollback as on disk, nothing saved.
public final class MemoryDatabase: RegistryDatabase {
    /// The registry.
    public let registry: Registry
    /// Always false: a memory registry can always be changed.
    public var isReadOnly: Bool { false }
    /// Always empty: nothing was opened.
    public var warnings: [StorageMessage] { [] }
    private var writes = LocalWrites()
    /// The session's actor (nothing is journalled in memory, so nothing is signed).
    public var signer: (name: ActorName, key: SigningKey)?

    /// A database over `registry` (a new, empty one by default).
    public init(_ registry: Registry) {
        self.registry = registry
        registry.ownedByDatabase = true
    }

    /// A database over a new, empty registry whose today is `today`.
    public convenience init(today: Day) { self.init(Registry(today: today)) }

    /// Whether a transaction is open or aborted.
    public var transaction: TransactionState { writes.state }
    /// The registry's cancellation flag.
    public var cancellation: Cancellation { registry.cancellation }

    /// Changes are numbered as a journal would number its entries, and the events of bulk
    /// changes kept, so that `revert entry N` works in memory too.
    public private(set) var lastEntry: Int?
    /// The events (their positions in the registry's log) of each bulk change.
    private var bulkEntries: [Int: Range<Int>] = [:]

    /// Runs `body` as one change, undone when it throws.
    public func write<T>(label: String?, _ body: (Registry) throws(RegistryError) -> T) throws(RegistryError) -> T {
        try writes.write(registry, label: label, readOnly: nil, persist: { sp, _ in self.numberEntry(since: sp) }, body)
    }

    private func numberEntry(since sp: Savepoint) {
        let n = (lastEntry ?? 0) + 1
        lastEntry = n
        let range = sp.events..<registry.eventCount
        let promote = EventKind.promote.code, graduate = EventKind.graduate.code
        if !range.isEmpty, range.allSatisfy({ registry.events[$0].kind == promote || registry.events[$0].kind == graduate }) {
            bulkEntries[n] = range
        }
    }

    /// The events of change `n`, when it was a bulk change (the others are not kept in memory).
    public func recordedEvents(ofEntry n: Int) throws(RegistryError) -> [RecordedEvent] {
        guard let n0 = lastEntry, n >= 1, n <= n0 else { throw RegistryError(.r23, .storage(.noJournalEntry(n))) }
        return (bulkEntries[n] ?? 0..<0).map { i in
            let e = registry.event(at: i)
            return RecordedEvent(student: e.student, kind: e.kind, day: e.effective, recordedAt: e.recordedAt, changes: e.changes)
        }
    }

    /// Opens a transaction.
    public func begin() throws(RegistryError) { try writes.begin(registry, readOnly: nil) }
    /// Ends the transaction, keeping its changes.
    public func commit() throws(RegistryError) -> Int { try writes.commit(registry, persist: { sp, _ in self.numberEntry(since: sp) }) }
    /// Ends the transaction, undoing its changes.
    public func rollback() throws(RegistryError) -> Int { try writes.rollback(registry) }
    /// Undoes the open transaction's changes and refuses more until it ends.
    public func abortTransaction() { writes.abort(registry) }

    /// Refused: there is nowhere to write a snapshot.
    public func checkpoint() throws(RegistryError) {
        throw RegistryError(nil, .storage(.nothingToCheckpointInMemory))
    }

    /// The index self-check (there is no journal to walk).
    public func verify() -> VerifyReport {
        var report = VerifyReport()
        report.hasJournal = false
        report.students = registry.studentCount
        report.events = registry.eventCount
        report.problemIDs = registry.checkIndexes()
        return report
    }

    /// None: nothing is journalled in memory.
    public func chainedEntries() throws(StorageError) -> [ChainedEntry] { [] }

    /// Rolls back an open transaction.
    public func close() { _ = writes.discard(registry) }
}
