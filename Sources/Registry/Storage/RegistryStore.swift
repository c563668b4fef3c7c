#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A registry kept in a directory: the in-memory `Registry` plus its append-only, hash-chained
/// journal, snapshots and writer lock (R14). Every change the engine applies is journalled
/// (and, in `SyncMode.full`, fsynced) before the statement returns; if that fails the engine
/// undoes the change, so memory never holds what the disk does not.
public final class RegistryStore {
    /// The registry directory.
    public let path: String
    /// The live registry; its `onChange` hook belongs to this store.
    public let registry: Registry
    /// What opening found and repaired or could not read (torn tail dropped, damage in read-only).
    public internal(set) var warnings: [String] = []
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
    var head: [UInt8] = Journal.genesis
    /// Where the newest snapshot stands, for the automatic-snapshot thresholds.
    var snapshotEnd = Journal.headerSize
    var snapshotEvents = 0
    var snapshotEntries: UInt64 = 0
    /// Events replayed from the journal tail at open (the rest came from the snapshot).
    var eventsAfterSnapshot = 0
    /// The savepoint a `beginGroup()` opened, and how deep groups are nested.
    var groupStart: Savepoint?
    var groupDepth = 0
    var closed = false

    init(path: String, registry: Registry, readOnly: Bool, options: StoreOptions) {
        self.path = path; self.registry = registry; self.isReadOnly = readOnly
        self.options = options; self.syncMode = options.syncMode
    }

    deinit { if !closed { close() } }

    var journalPath: String { path + "/" + Journal.fileName }
    var snapshotPath: String { path + "/" + Snapshot.fileName }
    var lockPath: String { path + "/lock" }

    // MARK: groups

    /// Starts a group (a transaction, an import): its changes become one journal entry at
    /// `commitGroup()`. Nested groups join the outer one.
    public func beginGroup() {
        if groupDepth == 0 { groupStart = registry.savepoint() }
        groupDepth += 1
    }

    /// Ends a group; the outermost writes every change since `beginGroup()` as one entry and
    /// syncs it. When that fails the group's changes are undone and the error says why.
    public func commitGroup(label: String? = nil) throws(StorageError) {
        guard groupDepth > 0, let start = groupStart else { return }
        groupDepth -= 1
        guard groupDepth == 0 else { return }
        groupStart = nil
        guard registry.savepoint() != start else { return }
        do throws(StorageError) {
            try write(registry.journalEntry(since: start, label: label ?? "transaction"))
        } catch {
            registry.rollback(to: start)
            throw error
        }
    }

    /// Abandons the group: every change since `beginGroup()` is undone and nothing is written.
    public func rollbackGroup() {
        guard let start = groupStart else { return }
        registry.rollback(to: start)
        groupStart = nil; groupDepth = 0
    }

    /// Whether a group is open.
    public var inGroup: Bool { groupDepth > 0 }

    // MARK: writing

    /// The engine's hook: journals one applied change unless a group collects it.
    func journalChange(since sp: Savepoint) throws(StorageError) {
        guard !isReadOnly, journal != nil else {
            throw StorageError(.readOnly, "registry \(path) is open read-only; the change was not made")
        }
        if groupDepth > 0 { return }
        let label = registry.changeLabel
        try write(registry.journalEntry(since: sp, label: label))
    }

    /// Appends one entry, syncs it per the mode, and takes a snapshot when the tail is long.
    func write(_ entry: JournalEntry) throws(StorageError) {
        guard let journal else { throw StorageError(.readOnly, "registry \(path) is open read-only; the change was not made") }
        var w = ByteWriter(capacity: 256 + entry.events.count * 96)
        entry.encode(into: &w)
        let (bytes, hash) = Journal.frame(w.bytes, sequence: entryCount + 1, previous: head)
        do throws(StorageError) {
            try journal.write(bytes, at: journalEnd)
            if syncMode == .full { try journal.sync() } else { try flusher?.wrote() }
        } catch {
            // Never leave a half entry behind a later one: cut back to the last good end.
            try? journal.truncate(to: journalEnd)
            throw error
        }
        journalEnd += bytes.count; entryCount += 1; head = hash
        if journalEnd - snapshotEnd >= options.snapshotAfterBytes
            || registry.eventCount - snapshotEvents >= options.snapshotAfterEvents {
            do throws(StorageError) { try checkpoint() } catch {
                // The entry is safe in the journal; only the shortcut failed.
                warnings.append("snapshot: could not be written (\(error.message)); the journal holds everything")
            }
        }
    }

    /// Syncs the journal and writes a snapshot of the whole store (temp file, fsync, rename,
    /// directory fsync), so the next open replays only what follows.
    public func checkpoint() throws(StorageError) {
        guard !isReadOnly, let journal else { throw StorageError(.readOnly, "registry \(path) is open read-only") }
        guard groupDepth == 0 else { throw StorageError(.io, "cannot checkpoint inside a transaction; commit or roll back first") }
        try flusher?.flush()
        try journal.sync()
        let bytes = Snapshot(journalEnd: journalEnd, entryCount: entryCount, head: head).encode(registry)
        let tmp = snapshotPath + ".tmp"
        let f = try PosixFile(tmp, flags: O_WRONLY | O_CREAT | O_TRUNC)
        try f.write(bytes, at: 0)
        try f.sync()
        try PosixFile.rename(tmp, snapshotPath)
        try PosixFile.syncDirectory(path)
        snapshotEnd = journalEnd; snapshotEvents = registry.eventCount; snapshotEntries = entryCount
    }

    /// Syncs what is pending, releases the writer lock and detaches from the registry. An open
    /// group is rolled back (it was never committed).
    public func close() {
        guard !closed else { return }
        closed = true
        if groupDepth > 0 { rollbackGroup() }
        try? flusher?.stop(); flusher = nil
        if let journal, !isReadOnly { try? journal.sync() }
        registry.onChange = nil
        journal = nil
        lockFile = nil            // closing the descriptor releases the flock
    }

    /// Entries in the journal.
    public var journalEntries: Int { Int(entryCount) }
}
