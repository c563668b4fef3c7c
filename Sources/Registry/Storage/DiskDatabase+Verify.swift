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
            if let why = missingJournal(size: nil) { report.problems.append(why) }
            else { report.notes.append("no journal yet: nothing to verify") }
            return report
        }
        try? flusher?.flush()
        let bytes: [UInt8]
        do throws(StorageError) { bytes = try journal.readAll() } catch {
            report.problems.append(error.message); return report
        }
        if let problem = bytes.withUnsafeBytes({ Journal.checkHeader($0) }) {
            report.problems.append("\(journalPath): \(problem)"); return report
        }
        // The snapshot, loaded on its own, to compare with the replay at the point it covers.
        var snap: Snapshot?
        let snapReg = Registry(today: registry.today)
        if PosixFile.exists(snapshotPath) {
            do throws(StorageError) {
                switch try Snapshot.map(try PosixFile(snapshotPath, flags: O_RDONLY), into: snapReg) {
                case .success(let m): snap = m.snapshot
                case .failure(.stale(let why)): report.notes.append("snapshot not checked: \(why)")
                case .failure(.damaged(let why)): report.problems.append("snapshot \(snapshotPath) is damaged: \(why)")
                }
            } catch { report.problems.append(error.message) }
        }
        let fresh = Registry(today: registry.today)
        var fixedClockEntries: [UInt64] = []
        var snapChecked = snap == nil
        func checkSnapshot(end: Int, count: UInt64, head: [UInt8]) {
            guard let s = snap, !snapChecked, count == s.entryCount else { return }
            snapChecked = true
            if s.journalEnd != end || s.head != head {
                report.problems.append("snapshot disagrees with the journal: it claims to end at entry #\(s.entryCount) (byte \(s.journalEnd)) with another chain head")
            } else if let diff = fresh.firstDifference(from: snapReg) {
                report.problems.append("snapshot disagrees with the journal it covers (entries #1–#\(s.entryCount)): \(diff)")
            }
        }
        checkSnapshot(end: Journal.headerSize, count: 0, head: Journal.genesis)
        let stop = bytes.withUnsafeBytes { b in
            Journal.scan(b, from: Journal.headerSize, sequence: 1, previous: Journal.genesis) { frame in
                var r = ByteReader(UnsafeRawBufferPointer(rebasing: b[frame.payload]))
                guard let entry = try? JournalEntry.decode(&r) else { return "its contents are unreadable" }
                let header = UnsafeRawBufferPointer(rebasing: b[frame.start..<frame.payload.lowerBound])
                if let problem = EntrySignature.problem(entry, header: header, payload: UnsafeRawBufferPointer(rebasing: b[frame.payload]), before: fresh) {
                    report.problems.append("journal entry \(Journal.name(b, sequence: frame.sequence, payload: frame.payload)) at byte \(frame.start): \(problem)")
                }
                if entry.fixedClock { fixedClockEntries.append(frame.sequence) }
                do throws(RegistryError) { try fresh.apply(entry) } catch { return "replaying it fails: \(error.message)" }
                report.entries += 1; report.events += entry.events.count
                if let s = snap, frame.sequence == s.entryCount + 1 {
                    if let c = entry.checkpoint, c.coveredEntries == s.entryCount {
                        if c.version != 2 || c.snapshotHash != s.rootHash {
                            report.problems.append("snapshot \(snapshotPath) is not the one its checkpoint (journal entry #\(frame.sequence)) recorded: it was altered or replaced (open does not use it)")
                        }
                    } else {
                        report.notes.append("the snapshot is not recorded by a checkpoint entry (an earlier xueji wrote it): open does not use it, and the next read-write open writes a new one")
                    }
                }
                checkSnapshot(end: frame.end, count: frame.sequence, head: frame.hash)
                return nil
            }
        }
        report.students = fresh.studentCount
        if !fixedClockEntries.isEmpty {
            let list = fixedClockEntries.prefix(10).map { "#\($0)" }.joined(separator: ", ") + (fixedClockEntries.count > 10 ? ", …" : "")
            report.notes.append("\(fixedClockEntries.count) signed entr\(fixedClockEntries.count == 1 ? "y was" : "ies were") written with a fixed clock (--today): \(list)")
        }
        switch stop {
        case .clean: break
        case .torn(let seq, _, let have, let need):
            report.notes.append("journal ends with an incomplete entry #\(seq) (\(have) of \(need.map(String.init) ?? "?") bytes): never acknowledged, dropped at the next read-write open")
        case .damaged(let seq, let start, let name, let reason):
            report.problems.insert("journal entry \(name) at byte \(start) is damaged: \(reason)", at: 0)
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
            report.problems.append(ChainHead.cutMessage(holds: UInt64(report.entries), recordedBy: "the registry's head file", records: recorded.entries))
        } else if let headMismatch {
            report.problems.append(headMismatch)
        }
        if !snapChecked, let s = snap {
            report.problems.append("snapshot covers \(s.entryCount) entries but the journal holds \(report.entries): entries are missing from the journal")
        }
        report.problems += registry.checkIndexes()
        if writes.state != .none {
            report.notes.append("a transaction is open: the registry in memory was not compared (its changes are not journalled yet)")
        } else if let diff = fresh.firstDifference(from: registry) {
            report.problems.append("the registry in memory differs from the journal replayed: \(diff)")
        }
        return report
    }
}
