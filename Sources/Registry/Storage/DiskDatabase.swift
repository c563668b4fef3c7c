#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A registry kept in a directory: the in-memory `Registry` plus its append-only, hash-chained
/// journal, snapshots and writer lock (R14). Every change is journalled (and, in
/// `SyncMode.full`, fsynced) before `write` returns; if that fails the change is undone, so
/// memory never holds what the disk does not.
public final class DiskDatabase: RegistryDatabase {
    /// The registry directory.
    public let path: String
    /// The live registry; change it only through `write`.
    public let registry: Registry
    /// What opening found and repaired or could not read (torn tail dropped, damage in read-only).
    public internal(set) var warnings: [StorageMessage] = []
    /// Whether changes are refused (opened `readOnly`, or damage found in a read-only open).
    public let isReadOnly: Bool
    /// When journal writes are fsynced; switching to `.full` syncs what is pending.
    public var syncMode: SyncMode {
        didSet {
            if syncMode == .full, let f = flusher { try? f.stop(); flusher = nil }
            if syncMode == .normal, flusher == nil, !isReadOnly, let j = journal { flusher = SyncFlusher(file: j) }
        }
    }
    let options: StoreOptions

    var journal: PosixFile?
    var lockFile: PosixFile?
    var flusher: SyncFlusher?
    /// Byte offset after the last entry; entries written; the last entry's hash.
    var journalEnd = Journal.headerSize
    var entryCount: UInt64 = 0
    /// The number of the last entry a change (not a checkpoint) became, in this session.
    var lastChangeEntry: Int?
    var head: [UInt8] = Journal.genesis
    /// Where the newest snapshot stands, for the automatic-snapshot thresholds.
    var snapshotEnd = Journal.headerSize
    var snapshotEvents = 0
    var snapshotEntries: UInt64 = 0
    /// Events replayed from the journal tail at open (the rest came from the snapshot).
    var eventsAfterSnapshot = 0
    /// Whether a read-only open found damage (it then shows what precedes it).
    public internal(set) var foundDamage = false
    /// Read-only open of a directory whose journal is gone (damage that `verify` reports).
    var journalMissing = false
    /// What a read-only open found wrong with the head file's record, for `verify`.
    var headMismatch: StorageMessage?
    /// Entry hashes the head checks need, collected while the journal is walked at open.
    var wantedHashes: Set<UInt64> = []
    var foundHashes: [UInt64: [UInt8]] = [:]
    /// Set when open rebuilt the registry from the journal because the snapshot could not be
    /// used: a read-write open then writes a new one at once, so the warning is said once.
    var snapshotToRewrite = false
    /// Whether the session's clock is fixed (`--today`): entries it writes in a governed
    /// registry say so, and `verify` lists them.
    public var clockIsFixed = false
    /// The session's actor and its private key, which sign every entry of a governed registry.
    public var signer: (name: ActorName, key: SigningKey)?
    /// The parts of the mapped image not checked yet (issue 12: open checks only what it reads).
    var pendingImage: Snapshot.PendingChecks?
    /// Transactions and savepoints (shared with `MemoryDatabase`).
    var writes = LocalWrites()
    var closed = false

    init(path: String, registry: Registry, readOnly: Bool, options: StoreOptions) {
        self.path = path; self.registry = registry; self.isReadOnly = readOnly
        self.options = options; self.syncMode = options.syncMode
        registry.ownedByDatabase = true
    }

    deinit { if !closed { close() } }

    var journalPath: String { path + "/" + Journal.fileName }
    var snapshotPath: String { path + "/" + Snapshot.fileName }
    var lockPath: String { path + "/lock" }

    // MARK: writes

    /// Whether a transaction is open or aborted.
    public var transaction: TransactionState { writes.state }
    /// The registry's cancellation flag.
    public var cancellation: Cancellation { registry.cancellation }

    private var readOnlyMessage: StorageMessage? {
        isReadOnly || journal == nil ? .readOnlyChangeNotMade(registry: path) : nil
    }

    /// Runs `body` as one change; outside a transaction it is one journal entry, synced per
    /// `syncMode` before this returns.
    public func write<T>(label: String?, _ body: (Registry) throws(RegistryError) -> T) throws(RegistryError) -> T {
        registry.need(.all)          // a damaged image is found, and rebuilt, before any change
        try checkSigner()
        return try writes.write(registry, label: label, readOnly: readOnlyMessage, persist: persist, body)
    }

    /// Opens a transaction: its changes become one journal entry at `commit`.
    public func begin() throws(RegistryError) {
        registry.need(.all)
        try checkSigner()
        try writes.begin(registry, readOnly: readOnlyMessage)
    }

    /// Refuses a change to a governed registry before it is made when the session cannot sign it.
    private func checkSigner() throws(RegistryError) {
        guard registry.isGoverned, readOnlyMessage == nil else { return }
        do throws(StorageError) { try JournalChain.checkSigner(signer, for: registry) } catch {
            throw RegistryError(error.rule, .storage(error.id))
        }
    }
    /// Journals the transaction as one entry.
    public func commit() throws(RegistryError) -> Int { try writes.commit(registry, persist: persist) }
    /// Undoes the transaction; nothing is written.
    public func rollback() throws(RegistryError) -> Int { try writes.rollback(registry) }
    /// Undoes the transaction's changes now and refuses more until it ends.
    public func abortTransaction() { writes.abort(registry) }

    /// The changes since `sp` as one journal entry.
    private func persist(_ sp: Savepoint, _ label: String?) throws(StorageError) {
        try append(registry.journalEntry(since: sp, label: label))
    }

    /// Appends one entry, syncs it per the mode, and takes a snapshot when the tail is long.
    func append(_ entry: JournalEntry, snapshotWhenDue: Bool = true) throws(StorageError) {
        guard let journal else { throw StorageError(.readOnly, .readOnlyChangeNotMade(registry: path)) }
        // Encoded, signed and hashed by the one owner of the chain's bytes (PostgreSQL's too).
        let chained = try JournalChain.chain(entry, in: registry, sequence: entryCount + 1, previous: head,
                                             signer: signer, fixedClock: clockIsFixed)
        let (bytes, hash) = Journal.frame(chained.payload, sequence: entryCount + 1, previous: head)
        var synced = false
        do throws(StorageError) {
            try journal.write(bytes, at: journalEnd)
            if syncMode == .full { try journal.sync(); synced = true } else { synced = try flusher?.wrote() ?? true }
        } catch {
            // Never leave a half entry behind a later one: cut back to the last good end.
            try? journal.truncate(to: journalEnd)
            throw error
        }
        journalEnd += bytes.count; entryCount += 1; head = hash
        if entry.checkpoint == nil { lastChangeEntry = Int(entryCount) }
        if synced { writeHeadFile() }
        if snapshotWhenDue, journalEnd - snapshotEnd >= options.snapshotAfterBytes
            || registry.eventCount - snapshotEvents >= options.snapshotAfterEvents {
            do throws(StorageError) { try writeSnapshot() } catch {
                // The entry is safe in the journal; only the shortcut failed.
                warnings.append(.snapshotNotWritten(error.id))
            }
        }
    }

    /// Syncs the journal and writes a snapshot of the whole store (temp file, fsync, rename,
    /// directory fsync), so the next open replays only what follows.
    public func checkpoint() throws(RegistryError) {
        guard writes.state == .none else {
            throw RegistryError(nil, .storage(.checkpointInTransaction))
        }
        do throws(StorageError) { try writeSnapshot() } catch { throw RegistryError(nil, .storage(error.id)) }
    }

    /// Writes the snapshot and the journal entry that vouches for it (issue 12: the chain
    /// covers the snapshot, so an edited one is never served). Order: the snapshot as a synced
    /// temp file, then the checkpoint entry (synced), then the rename. A crash before the entry
    /// leaves the old snapshot, still vouched for by its own entry; a crash after it, the old
    /// snapshot or the new one, each vouched for. A failure removes the temp file.
    func writeSnapshot() throws(StorageError) {
        guard !isReadOnly, let journal else { throw StorageError(.readOnly, .openReadOnly(registry: path)) }
        registry.need(.all)
        try flusher?.flush()
        try journal.sync()
        let tmp = snapshotPath + ".tmp"
        do throws(StorageError) {
            let f = try PosixFile(tmp, flags: O_WRONLY | O_CREAT | O_TRUNC)
            let root = try Snapshot(journalEnd: journalEnd, entryCount: entryCount, head: head).write(registry, to: f)
            try f.sync()
            let vouch = JournalEntry(label: "checkpoint", day: 0, recordedAt: registry.clock(), schools: [], events: [],
                                     checkpoint: .init(coveredEntries: entryCount, snapshotHash: root))
            try append(vouch, snapshotWhenDue: false)
            try journal.sync()
            try PosixFile.rename(tmp, snapshotPath)
        } catch {
            _ = unlink(tmp)
            throw error
        }
        try PosixFile.syncDirectory(path)
        snapshotEnd = journalEnd; snapshotEvents = registry.eventCount; snapshotEntries = entryCount
        writeHeadFile()
    }

    /// Syncs what is pending, releases the writer lock and detaches from the registry. An open
    /// group is rolled back (it was never committed).
    public func close() {
        guard !closed else { return }
        closed = true
        _ = writes.discard(registry)
        try? flusher?.stop(); flusher = nil
        if let journal, !isReadOnly, (try? journal.sync()) != nil { writeHeadFile() }
        journal = nil
        lockFile = nil            // closing the descriptor releases the flock
    }

    /// Entries in the journal.
    public var journalEntries: Int { Int(entryCount) }
    /// The journal's chain head: entries and the last entry's hash (`--head`).
    public var chainHead: ChainHead { ChainHead(entries: entryCount, hash: head) }
}
