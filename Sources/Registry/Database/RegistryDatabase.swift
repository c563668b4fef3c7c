import Synchronization

/// The one owner of writes to a registry: every change goes through `write(label:_:)`, which
/// is one savepoint and (outside a transaction) one journal entry, rolled back when anything
/// throws. Reads go through `registry`.
///
/// Implementations: `MemoryDatabase` (nothing saved) and `DiskDatabase` (a registry directory
/// with its hash-chained journal). The seam is synchronous and speaks only the engine's own
/// types, so that another backend (PostgreSQL) can stand behind it.
public protocol RegistryDatabase: AnyObject {
    /// The registry in memory; every read goes through it. Change it only inside `write`.
    var registry: Registry { get }
    /// Whether every change is refused (opened read-only, or damage found on open).
    var isReadOnly: Bool { get }
    /// What opening found and repaired, or could not read.
    var warnings: [StorageMessage] { get }
    /// Whether a transaction (`begin`) is open, and whether an error aborted it.
    var transaction: TransactionState { get }
    /// Polled by long operations; set from a signal handler to stop them.
    var cancellation: Cancellation { get }
    /// The session's actor and key, which sign every entry of a governed registry (R22).
    var signer: (name: ActorName, key: SigningKey)? { get set }

    /// Runs `body` as one change: on a throw everything it did is undone and nothing is
    /// journalled; otherwise, outside a transaction, its changes become one journal entry
    /// (named `label`, or after its events when nil) before this returns. Inside a
    /// transaction the change joins it; a throw aborts the whole transaction.
    func write<T>(label: String?, _ body: (Registry) throws(RegistryError) -> T) throws(RegistryError) -> T
    /// Opens a transaction: the changes until `commit` become one journal entry.
    func begin() throws(RegistryError)
    /// Journals the transaction's changes as one entry and returns how many events it held.
    /// An aborted transaction is rolled back instead, and this throws saying so.
    func commit() throws(RegistryError) -> Int
    /// Undoes the open (or aborted) transaction; returns how many events were undone.
    func rollback() throws(RegistryError) -> Int
    /// Marks the open transaction failed (a statement in it failed, even one that changed
    /// nothing, such as a parse error): its changes are undone now and every later change
    /// is refused until `rollback` or `commit` ends it. Does nothing outside a transaction.
    func abortTransaction()
    /// The number of the last journal entry (what the last change outside a transaction
    /// became, named in bulk changes' acknowledgements); nil before the first.
    var lastEntry: Int? { get }
    /// The events journal entry `n` recorded (`revert entry N`, R23).
    func recordedEvents(ofEntry n: Int) throws(RegistryError) -> [RecordedEvent]
    /// Writes a snapshot so that the next open replays less.
    func checkpoint() throws(RegistryError)
    /// Checks the journal, the snapshot and the indexes against each other.
    func verify() -> VerifyReport
    /// Catches up with changes other sessions made (a shared backend); called before each
    /// statement outside a transaction. The local databases have none to catch up with.
    func refresh() throws(RegistryError)
    /// Makes the registry in memory hold every student of `scope` before a statement reads them
    /// all there (a bulk change, a check, an export): a session on a server may hold fewer (a
    /// national one holds only the students named so far). The local databases hold them all.
    func holdStudents(of scope: ActorName) throws(RegistryError)
    /// Makes the registry in memory hold the students `numbers` names (those a server says a
    /// statement's condition selects), before the statement reads them there.
    func holdStudents(numbered numbers: [RegistryNumber]) throws(RegistryError)
    /// Whether the registry in memory holds every student of `scope`.
    func holdsStudents(of scope: ActorName) -> Bool
    /// Runs `body` with the students `numbers` names held, then forgets those it fetched for
    /// it: a statement that reads students a part at a time (an export) holds one part at once.
    func withStudents<T>(numbered numbers: [RegistryNumber], _ body: () throws(RegistryError) -> T) throws(RegistryError) -> T
    /// The journal's entries in order, as the chain holds them (`--copy-to`); none in memory.
    func chainedEntries() throws(StorageError) -> [ChainedEntry]
    /// Rolls back an open transaction, syncs and releases the registry.
    func close()
}

extension RegistryDatabase {
    /// `write(label: nil, body)`: the journal names the entry after its events.
    public func write<T>(_ body: (Registry) throws(RegistryError) -> T) throws(RegistryError) -> T {
        try write(label: nil, body)
    }

    /// Whether a transaction is open (aborted or not).
    public var inTransaction: Bool { transaction != .none }

    /// Nothing to catch up with: only this session writes.
    public func refresh() throws(RegistryError) {}

    /// Every student is in memory already.
    public func holdStudents(of scope: ActorName) throws(RegistryError) {}

    /// Every student is in memory already.
    public func holdStudents(numbered numbers: [RegistryNumber]) throws(RegistryError) {}

    /// Always.
    public func holdsStudents(of scope: ActorName) -> Bool { true }

    /// Every student is in memory already.
    public func withStudents<T>(numbered numbers: [RegistryNumber], _ body: () throws(RegistryError) -> T) throws(RegistryError) -> T {
        try body()
    }
}

extension RegistryError {
    /// What a statement stopped by Ctrl-C (its `Cancellation`) says; it changed nothing.
    public static let interrupted = RegistryError(nil, .storage(.interrupted))

    /// Every statement but `rollback` and `commit` meets this in an aborted transaction.
    public static let transactionAborted = RegistryError(nil, .storage(.transactionAborted))
}

/// Where a database stands with transactions.
public enum TransactionState: Sendable, Equatable {
    /// No transaction: each write is its own journal entry.
    case none
    /// `begin` was run; changes collect until `commit`.
    case open
    /// A statement failed inside the transaction: its changes were undone, and only
    /// `rollback` (or `commit`, which rolls back and fails) ends it.
    case aborted
}

/// A flag that long operations poll, set from another thread or a signal handler (Ctrl-C).
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A flag that is not set.
    public init() {}

    /// Whether cancellation was requested and not yet cleared.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
    /// Requests cancellation of what is running.
    public func cancel() { flag.store(true, ordering: .relaxed) }
    /// Clears the request (before the next statement runs).
    public func reset() { flag.store(false, ordering: .relaxed) }
}
