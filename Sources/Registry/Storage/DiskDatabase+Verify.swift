#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `verify` (R14): re-walk the whole chain from the start, replay it into a fresh registry,
/// and compare that with the snapshot and with the registry in memory.
extension DiskDatabase {
    /// Checks every entry's checksum and link, the snapshot against the chain, and that
    /// replaying the journal gives exactly the registry in memory (records, events, indexes).
    public func verify() -> VerifyReport {
        var report = VerifyReport()
        guard let journal else {
            if let why = missingJournal(size: nil) { report.problemIDs.append(why) }
            else { report.noteIDs.append(.noJournalYet) }
            return report
        }
        try? flusher?.flush()
        let bytes: [UInt8]
        do throws(StorageError) { bytes = try journal.readAll() } catch {
            report.problemIDs.append(error.id); return report
        }
        if let problem = bytes.withUnsafeBytes({ Journal.checkHeader($0) }) {
            report.problemIDs.append(.inFile(path: journalPath, problem: problem)); return report
        }
        // The snapshot, loaded on its own, to compare with the replay at the point it covers.
        var snap: Snapshot?
        let snapReg = Registry(today: registry.today)
        if PosixFile.exists(snapshotPath) {
            do throws(StorageError) {
                switch try Snapshot.map(try PosixFile(snapshotPath, flags: O_RDONLY), into: snapReg) {
                case .success(let m): snap = m.snapshot
                case .failure(.stale(let why)): report.noteIDs.append(.snapshotNotChecked(why))
                case .failure(.damaged(let why)): report.problemIDs.append(.snapshotDamaged(path: snapshotPath, problem: why))
                }
            } catch { report.problemIDs.append(error.id) }
        }
        let fresh = Registry(today: registry.today)
        var fixedClockEntries: [UInt64] = []
        var snapChecked = snap == nil
        func checkSnapshot(end: Int, count: UInt64, head: [UInt8]) {
            guard let s = snap, !snapChecked, count == s.entryCount else { return }
            snapChecked = true
            if s.journalEnd != end || s.head != head {
                report.problemIDs.append(.snapshotOtherChainHead(entries: s.entryCount, byte: s.journalEnd))
            } else if let diff = fresh.firstDifference(from: snapReg) {
                report.problemIDs.append(.snapshotDiffersFromReplay(entries: s.entryCount, difference: diff))
            }
        }
        checkSnapshot(end: Journal.headerSize, count: 0, head: Journal.genesis)
        let stop = bytes.withUnsafeBytes { b in
            Journal.scan(b, from: Journal.headerSize, sequence: 1, previous: Journal.genesis) { frame in
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: b[frame.payload]))
                guard let entry = try? JournalEntry.decode(&r) else { return .entryUnreadable }
                let header = UnsafeRawBufferPointer(rebasing: b[frame.start..<frame.payload.lowerBound])
                if let problem = EntrySignature.problem(entry, header: header, payload: UnsafeRawBufferPointer(rebasing: b[frame.payload]), before: fresh) {
                    report.problemIDs.append(.entryProblem(entry: Journal.name(b, sequence: frame.sequence, payload: frame.payload),
                                                           byte: frame.start, problem: problem))
                }
                if entry.fixedClock { fixedClockEntries.append(frame.sequence) }
                do throws(RegistryError) { try fresh.apply(entry) } catch { return .replayFails(error.id) }
                report.entries += 1; report.events += entry.events.count
                if let s = snap, frame.sequence == s.entryCount + 1 {
                    if let c = entry.checkpoint, c.coveredEntries == s.entryCount {
                        if c.version != 2 || c.snapshotHash != s.rootHash {
                            report.problemIDs.append(.snapshotReplaced(path: snapshotPath, checkpoint: frame.sequence))
                        }
                    } else {
                        report.noteIDs.append(.snapshotUnrecorded)
                    }
                }
                checkSnapshot(end: frame.end, count: frame.sequence, head: frame.hash)
                return nil
            }
        }
        report.students = fresh.studentCount
        if !fixedClockEntries.isEmpty {
            report.noteIDs.append(.fixedClockEntries(count: fixedClockEntries.count, first: Array(fixedClockEntries.prefix(10))))
        }
        switch stop {
        case .clean: break
        case .torn(let seq, _, let have, let need):
            report.noteIDs.append(.verifyTornTail(sequence: seq, have: have, need: need))
        case .damaged(let seq, let start, let name, let reason):
            report.problemIDs.insert(.entryDamaged(entry: name, byte: start, reason: reason), at: 0)
            var bad = VerifyReport.BadEntry(sequence: Int(seq))
            bytes.withUnsafeBytes { b in
                if start + Journal.frameHeaderSize <= b.count {
                    var r = ByteReader(UnsafeRawBufferPointer(rebasing: b[(start + Journal.frameHeaderSize)...]))
                    if let s = JournalEntry.summary(&r) { bad.effective = s.day == 0 ? nil : Day(rawValue: s.day); bad.kind = s.label }
                }
            }
            report.firstBad = bad
            return report
        }
        if let recorded = readHeadFile(), recorded.entries > UInt64(report.entries) {
            report.problemIDs.append(.journalCut(holds: UInt64(report.entries), recordedBy: .registryHeadFile, records: recorded.entries))
        } else if let headMismatch {
            report.problemIDs.append(headMismatch)
        }
        if !snapChecked, let s = snap {
            report.problemIDs.append(.snapshotBeyondVerifiedJournal(covers: s.entryCount, holds: report.entries))
        }
        report.problemIDs += registry.checkIndexes()
        if writes.state != .none {
            report.noteIDs.append(.transactionOpenNotCompared)
        } else if let diff = fresh.firstDifference(from: registry) {
            report.problemIDs.append(.memoryDiffersFromJournal(diff))
        }
        return report
    }
}
