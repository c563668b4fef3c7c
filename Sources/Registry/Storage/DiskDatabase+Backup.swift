#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies of a registry directory: `.backup DIR` while it is open, and `--salvage NEW`, which
/// keeps the longest readable prefix of a damaged journal and says what was lost.
extension DiskDatabase {
    /// Writes a consistent copy of the registry into `directory` (new, or empty): the journal up
    /// to the last committed entry, the snapshot and the head file. An open transaction is not
    /// in the copy (it is not in the journal either). Returns the copy's chain head.
    @discardableResult
    public func backup(to directory: String) throws(RegistryError) -> ChainHead {
        do throws(StorageError) {
            guard let journal else { throw StorageError(.readOnly, .noJournalToBackUp(registry: path)) }
            try DiskDatabase.prepareEmptyDirectory(directory)
            if !isReadOnly { try flusher?.flush(); try journal.sync() }
            let bytes = try journal.readAll()
            guard bytes.count >= journalEnd else {
                throw StorageError(.damaged, .journalShorterThanRead(journal: journalPath, bytes: bytes.count, read: journalEnd))
            }
            try DiskDatabase.writeDurably(Array(bytes[..<journalEnd]), to: directory + "/" + Journal.fileName)
            if PosixFile.exists(snapshotPath), let snap = try? PosixFile(snapshotPath, flags: O_RDONLY).readAll() {
                try DiskDatabase.writeDurably(snap, to: directory + "/" + Snapshot.fileName)
            }
            try HeadFile.write(chainHead, directory: directory)
            try DiskDatabase.syncNewDirectory(directory)
            return chainHead
        } catch {
            throw RegistryError(nil, .storage(.backupFailed(directory: directory, error.id)))
        }
    }

    /// What `salvage` kept and what it could not.
    public struct SalvageReport: Sendable, CustomStringConvertible {
        /// The new registry's chain head (entries kept).
        public var kept: ChainHead
        /// Students and events in the kept entries.
        public var students = 0, events = 0
        /// Bytes of the old journal after the kept entries (0 when nothing was lost).
        public var lostBytes = 0
        /// Why the walk stopped, naming the first entry not kept; nil when everything was kept.
        public var stoppedAt: StorageMessage?

        /// What was kept and lost, as an entry of the message catalogue.
        public var id: StorageMessage {
            .salvaged(head: kept, students: students, events: events, lost: stoppedAt, lostBytes: lostBytes)
        }

        /// What was kept and lost, for an administrator.
        public var description: String { id.english }
    }

    /// Writes a new registry at `newPath` from the longest prefix of `path`'s journal whose
    /// every entry checks out and replays; the old directory is only read.
    public static func salvage(from path: String, to newPath: String, today: Day) throws(StorageError) -> SalvageReport {
        let journalPath = path + "/" + Journal.fileName
        guard PosixFile.exists(journalPath) else {
            throw StorageError(.damaged, .nothingToSalvage(journal: journalPath))
        }
        let bytes = try PosixFile(journalPath, flags: O_RDONLY).readAll()
        if let problem = bytes.withUnsafeBytes({ Journal.checkHeader($0) }) {
            throw StorageError(.damaged, .unsalvageable(journal: journalPath, problem: problem))
        }
        let fresh = Registry(today: today)
        var end = Journal.headerSize, count: UInt64 = 0, head = Journal.genesis
        let stop = bytes.withUnsafeBytes { b in
            Journal.scan(b, from: Journal.headerSize, sequence: 1, previous: Journal.genesis) { frame in
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: b[frame.payload]))
                guard let entry = try? JournalEntry.decode(&r) else { return .entryUnreadable }
                let sp = fresh.savepoint()
                do throws(RegistryError) { try fresh.apply(entry) } catch {
                    fresh.rollback(to: sp)
                    return .replayFails(error.id)
                }
                end = frame.end; count = frame.sequence; head = frame.hash
                return nil
            }
        }
        var report = SalvageReport(kept: ChainHead(entries: count, hash: head))
        report.students = fresh.studentCount; report.events = fresh.eventCount
        report.lostBytes = bytes.count - end
        switch stop {
        case .clean: break
        case .torn(let seq, _, let have, _):
            report.stoppedAt = .salvageTorn(sequence: seq, have: have)
        case .damaged(_, let start, let name, let reason):
            report.stoppedAt = .entryDamaged(entry: name, byte: start, reason: reason)
        }
        if report.stoppedAt == nil, case .success(let recorded)? = HeadFile.read(directory: path), recorded.entries > count {
            report.stoppedAt = .journalCut(holds: count, recordedBy: .itsHeadFile, records: recorded.entries)
        }
        try prepareEmptyDirectory(newPath)
        try writeDurably(Array(bytes[..<end]), to: newPath + "/" + Journal.fileName)
        try HeadFile.write(report.kept, directory: newPath)
        try syncNewDirectory(newPath)
        return report
    }

    /// Creates `directory` (0700) or accepts an existing empty one; anything else is refused,
    /// so a backup or salvage never mixes with another registry's files.
    static func prepareEmptyDirectory(_ directory: String) throws(StorageError) {
        if PosixFile.exists(directory) {
            guard let d = opendir(directory) else { throw PosixFile.error(.read(directory)) }
            defer { closedir(d) }
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." {
                    throw StorageError(.refused, .copyDirectoryNotEmpty(directory: directory))
                }
            }
        }
        try PosixFile.makeDirectory(directory)
    }

    /// Writes a file through `PATH.tmp`, fsync and rename (mode 0600); a failure removes the temp
    /// and leaves the old file as it was (snapshots, backups).
    static func writeDurably(_ bytes: [UInt8], to path: String) throws(StorageError) {
        let tmp = path + ".tmp"
        do throws(StorageError) {
            let f = try PosixFile(tmp, flags: O_WRONLY | O_CREAT | O_TRUNC)
            try f.write(bytes, at: 0)
            try f.sync()
            try PosixFile.rename(tmp, path)
        } catch {
            _ = unlink(tmp)
            throw error
        }
    }

    /// Makes a new directory's files and its own name durable.
    static func syncNewDirectory(_ directory: String) throws(StorageError) {
        try PosixFile.syncDirectory(directory)
        let parent = PosixFile.parentDirectory(of: directory)
        if access(parent, R_OK) == 0 { try PosixFile.syncDirectory(parent) }
    }
}
