#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening: take the writer lock, load the snapshot, check it against the journal, replay the
/// tail, cut a torn last entry, and refuse (read-write) or report (read-only) any other damage.
extension DiskDatabase {
    /// Opens (creating when missing and read-write) the registry directory at `path`.
    /// Read-write opens take the writer lock and fail with `.locked` when another process holds
    /// it, and with `.damaged` naming the entry when the journal or snapshot was altered.
    /// Read-only opens never create or repair anything and load what precedes any damage.
    public static func open(at path: String, readOnly: Bool = false, today: Day,
                            options: StoreOptions = StoreOptions(),
                            clock: (() -> Int64)? = nil) throws(StorageError) -> DiskDatabase {
        let store = DiskDatabase(path: path, registry: Registry(today: today, clock: clock),
                                  readOnly: readOnly, options: options)
        do throws(StorageError) {
            try store.lockAndOpenFiles()
            let recorded = store.readHeadFile()
            store.wantedHashes = Set([recorded?.entries, options.expectedHead?.entries].compactMap { $0 })
            try store.load(useSnapshot: true)
            if let recorded { try store.check(recorded, recordedBy: .registryHeadFile, alwaysFail: false) }
            if let expected = options.expectedHead { try store.check(expected, recordedBy: .expectHead, alwaysFail: true) }
            store.wantedHashes = []; store.foundHashes = [:]
            if !readOnly { store.writeHeadFile() }
            if !readOnly && store.snapshotToRewrite {
                do throws(StorageError) { try store.writeSnapshot() } catch {
                    store.warnings.append(.snapshotNotRewritten(error.id))
                }
            }
        } catch {
            store.closed = true
            throw error
        }
        if store.syncMode == .normal, let j = store.journal, !readOnly { store.flusher = SyncFlusher(file: j) }
        return store
    }

    private func lockAndOpenFiles() throws(StorageError) {
        if isReadOnly {
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else {
                throw StorageError(.io, .noRegistry(path: path))
            }
            if PosixFile.exists(journalPath) { journal = try PosixFile(journalPath, flags: O_RDONLY) }
            else if let why = missingJournal(size: nil) {
                journalMissing = true
                foundDamage = true
                warnings.append(.showingSnapshotOnly(why))
            }
            return
        }
        try PosixFile.makeDirectory(path)
        let lock = try PosixFile(lockPath, flags: O_RDWR | O_CREAT)
        guard lock.tryLock(exclusive: true) else {
            let pid = (try? lock.readAll()).map { String(decoding: $0, as: UTF8.self).trimmingSpaces } ?? ""
            throw StorageError(.locked, .lockedByWriter(registry: path, pid: pid))
        }
        try lock.truncate(to: 0)
        try lock.write(Array("\(getpid())\n".utf8), at: 0)
        lockFile = lock
        if !PosixFile.exists(journalPath), let why = missingJournal(size: nil) {
            throw StorageError(.damaged, .damagedWouldStartEmpty(registry: path, problem: why))
        }
        let j = try PosixFile(journalPath, flags: O_RDWR | O_CREAT)
        let size = try j.size()
        if size < Journal.headerSize, let why = missingJournal(size: size) {
            throw StorageError(.damaged, .damagedNotOpened(registry: path, problem: why))
        }
        if size < Journal.headerSize {
            // New, or a crash while the header was first written: nothing was ever acknowledged.
            let have = try j.readAll()
            guard have.elementsEqual(Journal.header.prefix(have.count)) else {
                throw StorageError(.damaged, .damaged(registry: path, problem: .notAJournal(path: journalPath)))
            }
            // Make the new names durable first — journal.xj in the registry directory, and the
            // registry directory in its parent (mkdir alone does not survive a power cut) — then
            // the header: a crash anywhere before the header is synced leaves a short journal,
            // and the next open comes through here again.
            try PosixFile.syncDirectory(path)
            let parent = PosixFile.parentDirectory(of: path)
            if access(parent, R_OK) == 0 { try PosixFile.syncDirectory(parent) }   // unreadable: cannot be opened to sync
            try j.write(Journal.header, at: 0)
            try j.sync()
        }
        if PosixFile.exists(snapshotPath) { try PosixFile.restrictMode(snapshotPath) }
        journal = j
    }

    /// Loads snapshot + journal into the (empty) registry. A read-only open that finds the
    /// snapshot unusable starts again from the journal alone.
    func load(useSnapshot: Bool) throws(StorageError) {
        var snap: Snapshot?
        if useSnapshot, PosixFile.exists(snapshotPath) {
            do throws(StorageError) {
                // Mapped, not read: a snapshot is only ever replaced by a rename (a new file), never
                // rewritten in place, so the mapping cannot change under the decode.
                let file = try PosixFile(snapshotPath, flags: O_RDONLY)
                let fresh = Registry(today: registry.today)
                switch try Snapshot.map(file, into: fresh, lazy: true) {
                case .success(let m):
                    snap = m.snapshot
                    registry.adopt(fresh)
                    pendingImage = m.pending
                    registry.uncheckedImage = m.pending?.parts ?? []
                    registry.checkImage = { [unowned self] parts in self.checkImageParts(parts) }
                case .failure(.stale(let why)):
                    warnings.append(.snapshotNotUsed(why))
                    snapshotToRewrite = true
                case .failure(.damaged(let why)):
                    // The journal is the truth and the snapshot only a shortcut: keep the damaged
                    // file for inspection and rebuild from the journal.
                    if isReadOnly {
                        warnings.append(.snapshotDamagedReadJournal(path: snapshotPath, problem: why))
                    } else {
                        let aside = try setAsideDamagedSnapshot()
                        snapshotToRewrite = true
                        warnings.append(.snapshotDamagedSetAside(path: snapshotPath, problem: why, setAsideAs: aside))
                    }
                }
            } catch {
                guard isReadOnly else { throw error }
                warnings.append(.readJournalAlone(error.id))
                return try load(useSnapshot: false)
            }
        }
        if journalMissing {
            // Read-only, journal gone: what the snapshot holds is all there is to show.
            if let snap { journalEnd = snap.journalEnd; entryCount = snap.entryCount; head = snap.head }
            return
        }
        // The journal is read after the snapshot's bytes are freed: holding both at once would
        // double the peak memory of an open. Under the writer lock it is mapped, so that only
        // the tail after the snapshot is read; a read-only open (a writer may cut a torn tail
        // under it) reads a copy.
        var copy: [UInt8] = []
        var mapped: MappedFile?
        if !isReadOnly, let journal { mapped = try MappedFile(journal, size: try journal.size()) }
        else { copy = try journal?.readAll() ?? Journal.header }
        var vouchFailure: StorageMessage?
        let stop: Journal.Stop = try {
            () throws(StorageError) -> Journal.Stop in
            let check: (UnsafeRawBufferPointer) -> (StorageMessage?, Journal.Stop) = { b in
                if let problem = Journal.checkHeader(b) { return (problem, .clean) }
                return (nil, self.replay(b, snapshot: snap, vouchFailure: &vouchFailure))
            }
            let (problem, stop) = mapped.map { check($0.bytes) } ?? copy.withUnsafeBytes(check)
            if let problem { throw StorageError(.damaged, .damaged(registry: path, problem: .inFile(path: journalPath, problem: problem))) }
            return stop
        }()
        mapped = nil; copy = []
        if snap != nil, let why = vouchFailure {
            // The journal is the truth: a snapshot it does not vouch for is never served.
            registry.adopt(Registry(today: registry.today))
            pendingImage = nil; registry.uncheckedImage = []
            warnings.append(.snapshotUnvouched(path: snapshotPath, problem: why))
            snapshotToRewrite = true
            return try load(useSnapshot: false)
        }
        switch stop {
        case .clean:
            break
        case .torn(let seq, let start, let have, let need):
            if isReadOnly {
                warnings.append(.tornEntryIgnored(sequence: seq, have: have, need: need))
            } else {
                try journal!.truncate(to: start)
                try journal!.sync()
                warnings.append(.tornEntryDropped(sequence: seq, have: have, need: need))
            }
        case .damaged(let seq, let start, let name, let reason):
            if let snap, snap.entryCount >= seq, isReadOnly {
                // The snapshot stands on damaged entries: rebuild from the journal's good prefix.
                registry.adopt(Registry(today: registry.today))
                pendingImage = nil; registry.uncheckedImage = []
                warnings.append(.snapshotCoversDamage)
                return try load(useSnapshot: false)
            }
            let what = StorageMessage.entryDamaged(entry: name, byte: start, reason: reason)
            guard isReadOnly else {
                throw StorageError(.damaged, .damagedReadablePrefix(registry: path, problem: what, lastGood: seq - 1))
            }
            foundDamage = true
            warnings.append(.showingUpTo(what, entry: seq - 1))
        }
        if let snap, entryCount < snap.entryCount {
            let what = StorageMessage.snapshotBeyondJournal(covers: snap.entryCount, holds: entryCount)
            guard isReadOnly else { throw StorageError(.damaged, .damaged(registry: path, problem: what)) }
            foundDamage = true
            registry.adopt(Registry(today: registry.today))
            pendingImage = nil; registry.uncheckedImage = []
            warnings.append(.readJournalAlone(what))
            return try load(useSnapshot: false)
        }
        if let snap {
            snapshotEnd = snap.journalEnd; snapshotEntries = snap.entryCount
            snapshotEvents = registry.eventCount - eventsAfterSnapshot
        }
        if snap == nil { registry.markSortedIndexesStale() }
    }

    /// Walks the journal: entries the snapshot covers are skipped (or, with
    /// `checkWholeChainOnOpen`, only chain-checked), later ones checked and replayed. The first
    /// entry after the snapshot must be the checkpoint entry recording the snapshot's hash;
    /// when it is not, `vouchFailure` says why and the walk stops.
    private func replay(_ bytes: UnsafeRawBufferPointer, snapshot snap: Snapshot?,
                        vouchFailure: inout StorageMessage?) -> Journal.Stop {
        var from = Journal.headerSize, seq: UInt64 = 1, prev = Journal.genesis
        journalEnd = from; entryCount = 0; head = prev; eventsAfterSnapshot = 0
        if let snap, !options.checkWholeChainOnOpen {
            let ok = snap.journalEnd <= bytes.count && (snap.entryCount == 0
                ? snap.journalEnd == Journal.headerSize && snap.head == prev
                : snap.journalEnd >= Journal.headerSize + Journal.hashSize
                  && Array(bytes[(snap.journalEnd - Journal.hashSize)..<snap.journalEnd]) == snap.head)
            // When they disagree, walk the whole chain instead: it names the first bad entry.
            if ok {
                from = snap.journalEnd; seq = snap.entryCount + 1; prev = snap.head
                journalEnd = from; entryCount = snap.entryCount; head = prev
            }
        }
        if let snap, snap.entryCount == 0, snap.journalEnd != Journal.headerSize || snap.head != prev {
            return .damaged(sequence: 1, start: Journal.headerSize, name: "#1",
                            reason: .snapshotNotAtStart)
        }
        if let snap, from > Journal.headerSize, wantedHashes.contains(where: { $0 < snap.entryCount }) {
            // A head filed before this snapshot: read the stored hashes of the entries it
            // covers from their frames (no re-hashing; `verify` re-hashes the whole chain).
            Journal.storedHashes(bytes, upTo: snap.journalEnd, wanted: wantedHashes, into: &foundHashes)
        }
        var vouched = snap == nil
        let stop = Journal.scan(bytes, from: from, sequence: seq, previous: prev) { frame in
            if let snap, frame.sequence <= snap.entryCount {
                if frame.sequence == snap.entryCount, frame.end != snap.journalEnd || frame.hash != snap.head {
                    return .snapshotChainEndDiffers
                }
            } else {
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[frame.payload]))
                guard let entry = try? JournalEntry.decode(&r) else { return .entryUnreadable }
                if let snap, frame.sequence == snap.entryCount + 1 {
                    guard let c = entry.checkpoint, c.coveredEntries == snap.entryCount else {
                        vouchFailure = .snapshotNotRecorded(checkpoint: frame.sequence)
                        return .unvouchedStop
                    }
                    guard c.version == 2, c.snapshotHash == snap.rootHash else {
                        vouchFailure = .snapshotNotAsRecorded(checkpoint: frame.sequence)
                        return .unvouchedStop
                    }
                    vouched = true
                } else if let snap, frame.sequence > snap.entryCount + 1, !registry.uncheckedImage.isEmpty {
                    // Replaying changes the image's rows: every part is checked first.
                    if let why = pendingImage?.check(.all) {
                        vouchFailure = why
                        return .unvouchedStop
                    }
                    pendingImage = nil; registry.uncheckedImage = []
                }
                let header = UnsafeRawBufferPointer(rebasing: bytes[frame.start..<frame.payload.lowerBound])
                if let problem = EntrySignature.problem(entry, header: header, payload: UnsafeRawBufferPointer(rebasing: bytes[frame.payload]),
                                                        before: registry) { return problem }
                let sp = registry.savepoint()
                do throws(RegistryError) { try registry.apply(entry) } catch {
                    registry.rollback(to: sp)
                    return .replayFails(error.id)
                }
                eventsAfterSnapshot += entry.events.count
            }
            if wantedHashes.contains(frame.sequence) { foundHashes[frame.sequence] = frame.hash }
            journalEnd = frame.end; entryCount = frame.sequence; head = frame.hash
            return nil
        }
        if vouchFailure == nil, !vouched, case .clean = stop {
            vouchFailure = .snapshotNoCheckpoint
        } else if vouchFailure == nil, !vouched, case .torn = stop {
            vouchFailure = .snapshotNoCompleteCheckpoint
        }
        return stop
    }
}

/// The checks around the journal's length: a journal missing beside its snapshot, the head
/// file, `--expect-head`, and setting a damaged snapshot aside.
extension DiskDatabase {
    var headPath: String { path + "/" + HeadFile.fileName }

    /// Why a missing or header-short journal is damage rather than a registry never written:
    /// the directory still holds what only a written journal leaves behind. Nil when not.
    func missingJournal(size: Int?) -> StorageMessage? {
        var left: [String] = []
        if PosixFile.exists(snapshotPath) { left.append(Snapshot.fileName) }
        if PosixFile.exists(headPath) { left.append(HeadFile.fileName) }
        guard !left.isEmpty else { return nil }
        return .journalGone(journal: journalPath, size: size, left: left)
    }

    /// The head file's record; an unreadable one is reported and ignored (it is only ever
    /// older than the journal, and is rewritten at once).
    func readHeadFile() -> ChainHead? {
        switch HeadFile.read(directory: path) {
        case nil: return nil
        case .success(let h)?: return h
        case .failure(let e)?:
            warnings.append(.ignored(e.id))
            return nil
        }
    }

    /// Refuses the open when the journal ends before `expected` or holds another entry there.
    /// A read-only open reports the head file's complaint and goes on; `--expect-head` always fails.
    func check(_ expected: ChainHead, recordedBy who: StorageMessage.HeadRecord, alwaysFail: Bool) throws(StorageError) {
        let problem: StorageMessage
        if expected.entries > entryCount {
            problem = .journalCut(holds: entryCount, recordedBy: who, records: expected.entries)
        } else {
            let actual = expected.entries == entryCount ? head
                : expected.entries == 0 ? Journal.genesis : foundHashes[expected.entries]
            guard let actual, actual != expected.hash else { return }
            problem = .journalRewritten(entry: expected.entries, recordedBy: who, found: ChainHead(entries: expected.entries, hash: actual))
        }
        guard isReadOnly && !alwaysFail else {
            throw StorageError(.damaged, alwaysFail ? .damaged(registry: path, problem: problem)
                                                    : .damagedNotOpened(registry: path, problem: problem))
        }
        headMismatch = problem
        foundDamage = true
        warnings.append(problem)
    }

    /// Records the synced chain head; failures are ignored (an older head file is still true).
    func writeHeadFile() {
        guard !isReadOnly, journal != nil else { return }
        try? HeadFile.write(chainHead, directory: path)
    }

    /// Renames a damaged snapshot to `snapshot.xjs.damaged` (or `.damaged.2`, …); returns the name.
    func setAsideDamagedSnapshot() throws(StorageError) -> String {
        var aside = snapshotPath + ".damaged", n = 2
        while PosixFile.exists(aside) { aside = snapshotPath + ".damaged.\(n)"; n += 1 }
        try PosixFile.rename(snapshotPath, aside)
        try PosixFile.syncDirectory(path)
        return aside
    }
}

extension DiskDatabase {
    /// Checks image parts a statement is about to read (`Registry.need`). A damaged part was
    /// never read: the registry is rebuilt from the journal in place (a read-write open sets
    /// the image aside and writes a new one), with a warning, and the statement goes on.
    func checkImageParts(_ parts: ImageParts) {
        guard let pending = pendingImage else { registry.uncheckedImage = []; return }
        guard let why = pending.check(parts) else {
            registry.uncheckedImage.subtract(parts)
            if registry.uncheckedImage.isEmpty { pendingImage = nil }
            return
        }
        pendingImage = nil; registry.uncheckedImage = []
        registry.adopt(Registry(today: registry.today))
        var aside: String?, asideFailure: StorageMessage?
        if !isReadOnly {
            do throws(StorageError) { aside = try setAsideDamagedSnapshot() } catch { asideFailure = error.id }
        }
        warnings.append(.snapshotPartDamaged(path: snapshotPath, problem: why, setAsideAs: aside, setAsideFailure: asideFailure))
        do throws(StorageError) { try load(useSnapshot: false) } catch {
            foundDamage = true
            warnings.append(.notRebuilt(error.id))
            return
        }
        guard !isReadOnly else { return }
        do throws(StorageError) { try writeSnapshot() } catch {
            warnings.append(.snapshotNotRewritten(error.id))
        }
    }
}

extension Registry {
    /// Takes over another registry's stored state (a freshly loaded snapshot); `today`, the
    /// clock, the actor and the hook stay as they are.
    func adopt(_ o: Registry) {
        schoolRows = o.schoolRows; schoolByCode = o.schoolByCode; schoolsByDistrict = o.schoolsByDistrict
        rows = o.rows; events = o.events; changes = o.changes; texts = o.texts; longNames = o.longNames
        ethnicities = o.ethnicities; actors = o.actors
        byNumber = o.byNumber; byIDCard = o.byIDCard; bySchoolGrade = o.bySchoolGrade; byHukou = o.byHukou
        byName = o.byName; byBirth = o.byBirth; temporarySequence = o.temporarySequence
        actorLog = o.actorLog; actorTable = o.actorTable
        requestLog = o.requestLog; requestTable = o.requestTable; holidays = o.holidays; workdays = o.workdays
        voidedCount = o.voidedCount
    }
}
