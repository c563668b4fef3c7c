import XCTest
@testable import Registry

/// Issue 11, item 2.2: a missing or cut journal never reads as "ok" or "never acknowledged",
/// and the ways back (`--expect-head`, `--salvage`, `.backup`) work.
final class JournalFaultTests: StorageTestCase {
    private func damaged(_ body: () throws -> Void, mentioning text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            let e = error as? StorageError
            XCTAssertEqual(e?.kind, .damaged, "\(error)", file: file, line: line)
            XCTAssertTrue(e?.message.contains(text) == true, "\(error)", file: file, line: line)
        }
    }

    private func cutJournal(to size: Int) throws {
        let h = FileHandle(forWritingAtPath: journalPath)!
        try h.truncate(atOffset: UInt64(size)); try h.close()
    }

    func testMissingJournalBesideASnapshotIsDamageNeverARecreatedEmptyRegistry() throws {
        let store = try open()
        try populate(store, students: 5)
        try store.checkpoint()
        store.close()
        try FileManager.default.removeItem(atPath: journalPath)
        damaged({ _ = try DiskDatabase.open(at: dir, today: today) }, mentioning: "journal.xj is missing")
        XCTAssertFalse(FileManager.default.fileExists(atPath: journalPath), "the journal is not re-created empty")
        let ro = try open(readOnly: true)
        XCTAssertTrue(ro.foundDamage)
        XCTAssertEqual(ro.registry.studentCount, 5, "the snapshot is still shown")
        let report = ro.verify()
        XCTAssertFalse(report.ok, "verify never says ok without the journal")
        XCTAssertTrue(report.problems.joined().contains("is missing"), report.description)
    }

    func testJournalShorterThanItsHeaderBesideTheHeadFileIsDamage() throws {
        let store = try open()
        try populate(store, students: 3)
        store.close()
        XCTAssertTrue(FileManager.default.fileExists(atPath: headPath))
        try cutJournal(to: 9)
        damaged({ _ = try DiskDatabase.open(at: dir, today: today) }, mentioning: "cut short to 9 bytes")
        XCTAssertEqual(fileSize(journalPath), 9, "nothing was rewritten")
    }

    func testANewRegistryCutBeforeItsHeaderStillStartsAgain() throws {
        // A crash while a registry was first created leaves a short journal and nothing else.
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: journalPath, contents: Data("XUEJI".utf8))
        let store = try open()
        XCTAssertEqual(store.journalEntries, 0)
        XCTAssertTrue(store.verify().ok)
    }

    func testACompleteEntryWithABadChecksumIsDamageEvenWhenItEndsInZeros() throws {
        let store = try open()
        try populate(store, students: 4)
        let entries = store.journalEntries
        store.close()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        for i in (bytes.count - 20)..<bytes.count { bytes[i] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: journalPath))
        damaged({ _ = try DiskDatabase.open(at: dir, today: today) }, mentioning: "journal entry #\(entries)")
        let ro = try open(readOnly: true)
        XCTAssertTrue(ro.foundDamage)
        XCTAssertEqual(ro.journalEntries, entries - 1, "read-only opens the prefix")
        XCTAssertTrue(ro.warnings.map(\.english).joined().contains("damaged"), ro.warnings.map(\.english).joined())
        XCTAssertFalse(ro.warnings.map(\.english).joined().contains("never acknowledged"), "an acknowledged entry is never called incomplete")
    }

    func testAJournalCutAtAnEntryBoundaryIsFoundThroughTheHeadFile() throws {
        let store = try open()
        try populate(store, students: 4)
        let entries = store.journalEntries
        store.close()
        let offsets = try entryOffsets()
        try cutJournal(to: offsets[offsets.count - 2])
        damaged({ _ = try DiskDatabase.open(at: dir, today: today) },
                mentioning: "head file records \(entries): entries #\(entries - 1)…#\(entries) are missing")
        let ro = try open(readOnly: true)
        XCTAssertEqual(ro.journalEntries, entries - 2)
        XCTAssertTrue(ro.foundDamage)
        XCTAssertFalse(ro.verify().ok)
    }

    func testExpectHeadDetectsTruncationAndRewrite() throws {
        let store = try open()
        try populate(store, students: 4)
        let filed = store.chainHead
        XCTAssertEqual(ChainHead(filed.description), filed, "N:HASH parses back")
        XCTAssertEqual(filed.description.count, "\(filed.entries):".count + 64)
        try store.change { try $0.promote($0.student($0.allStudents[3]).number, on: Day(year: 2024, month: 8, day: 31)!) }
        store.close()
        var o = StoreOptions(); o.expectedHead = filed
        XCTAssertNoThrow(try DiskDatabase.open(at: dir, today: today, options: o).close(), "a later journal still holds the filed head")
        // Rewritten up to the filed entry: another hash there.
        var forged = filed; forged.hash[0] ^= 1
        o.expectedHead = forged
        damaged({ _ = try DiskDatabase.open(at: dir, today: today, options: o) }, mentioning: "is not the entry --expect-head records")
        damaged({ _ = try DiskDatabase.open(at: dir, readOnly: true, today: today, options: o) }, mentioning: "--expect-head")
        // Truncated before it (head file removed too, as an attacker would).
        try FileManager.default.removeItem(atPath: headPath)
        let offsets = try entryOffsets()
        try cutJournal(to: offsets[Int(filed.entries) - 1])
        o.expectedHead = filed
        damaged({ _ = try DiskDatabase.open(at: dir, today: today, options: o) }, mentioning: "--expect-head records \(filed.entries)")
    }

    func testSalvageKeepsTheReadablePrefixAndSaysWhatWasLost() throws {
        let store = try open()
        try populate(store, students: 6)
        let entries = store.journalEntries
        store.close()
        let offsets = try entryOffsets()
        var b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        b[offsets[5] + 60] ^= 0x20                    // entry #6 altered
        try Data(b).write(to: URL(fileURLWithPath: journalPath))
        let rescued = dir + "-rescued"
        defer { try? FileManager.default.removeItem(atPath: rescued) }
        let report = try DiskDatabase.salvage(from: dir, to: rescued, today: today)
        XCTAssertEqual(report.kept.entries, 5)
        XCTAssertEqual(report.lostBytes, b.count - offsets[5])
        XCTAssertTrue(report.description.contains("journal entry #6"), report.description)
        XCTAssertTrue(report.description.contains("\(entries)") || report.stoppedAt != nil)
        let copy = try DiskDatabase.open(at: rescued, today: today)
        XCTAssertEqual(copy.journalEntries, 5)
        XCTAssertEqual(copy.chainHead, report.kept)
        XCTAssertTrue(copy.verify().ok, copy.verify().description)
        copy.close()
        XCTAssertEqual(try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath))), b, "the damaged registry is only read")
        // Never into a directory that holds something.
        XCTAssertThrowsError(try DiskDatabase.salvage(from: dir, to: rescued, today: today)) {
            XCTAssertEqual(($0 as? StorageError)?.kind, .refused)
        }
    }

    func testBackupWhileOpenIsAConsistentCopyWithoutTheOpenTransaction() throws {
        var opts = StoreOptions(); opts.snapshotAfterEvents = 10
        let store = try open(options: opts)
        try populate(store, students: 12)
        let committed = Registry(today: today); committed.adopt(store.registry)
        try store.begin()
        try store.change { try $0.record($0.student($0.allStudents[0]).number, .award, "未提交", on: Day(year: 2024, month: 8, day: 30)!) }
        let copyDir = dir + "-backup"
        defer { try? FileManager.default.removeItem(atPath: copyDir) }
        let head = try store.backup(to: copyDir)
        XCTAssertEqual(head, store.chainHead)
        XCTAssertEqual(try store.rollback(), 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: copyDir + "/snapshot.xjs"))
        let copy = try DiskDatabase.open(at: copyDir, today: today)
        XCTAssertNil(committed.firstDifference(from: copy.registry))
        XCTAssertTrue(copy.verify().ok, copy.verify().description)
        copy.close()
        XCTAssertThrowsError(try store.backup(to: copyDir), "a backup never writes over another registry")
    }

    func testAFailedCheckpointRemovesItsTemp() throws {
        let store = try open()
        try populate(store, students: 3)
        PosixFile.inject = { path, op in op == .sync && path.hasSuffix(".tmp") ? EIO : nil }
        defer { PosixFile.inject = nil }
        XCTAssertThrowsError(try store.checkpoint())
        PosixFile.inject = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath + ".tmp"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath))
        try store.checkpoint()
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath))
    }

    func testAFailedStatementAbortsTheTransactionAndNothingIsJournalled() throws {
        let store = try open()
        try populate(store, students: 3)
        let entries = store.journalEntries, events = store.registry.eventCount
        let n = store.registry.student(store.registry.allStudents[0]).number
        try store.begin()
        try store.change { try $0.record(n, .award, "一", on: Day(year: 2024, month: 8, day: 30)!) }
        XCTAssertThrowsError(try store.change { try $0.graduate(n, on: Day(year: 2024, month: 8, day: 30)!) })   // R9
        XCTAssertEqual(store.transaction, .aborted)
        XCTAssertEqual(store.registry.eventCount, events, "the abort undid the transaction at once")
        XCTAssertThrowsError(try store.change { try $0.record(n, .award, "二", on: Day(year: 2024, month: 8, day: 30)!) }) {
            XCTAssertTrue("\($0)".contains("aborted"), "\($0)")
        }
        XCTAssertThrowsError(try store.commit()) { XCTAssertTrue("\($0)".contains("rolled back"), "\($0)") }
        XCTAssertEqual(store.transaction, .none)
        XCTAssertEqual(store.journalEntries, entries)
        store.close()
        XCTAssertEqual(try open().registry.eventCount, events)
    }
}

/// Issue 11, item 1: the database is the one owner of writes.
final class OneOwnerOfWritesTests: StorageTestCase {
    func testAChangeOutsideTheDatabasesWriteIsRefused() throws {
        let store = try open()
        try populate(store, students: 3)
        let events = store.registry.eventCount, entries = store.journalEntries
        XCTAssertThrowsError(try store.registry.addSchool(Self.junior)) {
            XCTAssertTrue("\($0)".contains("inside database.write"), "\($0)")
        }
        XCTAssertThrowsError(try store.registry.promote(store.registry.allStudents, on: Day(year: 2024, month: 8, day: 30)!))
        XCTAssertEqual(store.registry.eventCount, events)
        XCTAssertEqual(store.journalEntries, entries)
        let memory = MemoryDatabase(today: today)
        XCTAssertThrowsError(try memory.registry.addSchool(Self.primary))
        try memory.change { try $0.addSchool(Self.primary) }
        XCTAssertEqual(memory.registry.schools.count, 1)
    }

    func testAWriteIsOneJournalEntryAndAThrowUndoesIt() throws {
        let store = try open()
        try populate(store, students: 3)
        let entries = store.journalEntries, events = store.registry.eventCount
        let n = store.registry.student(store.registry.allStudents[0]).number
        XCTAssertThrowsError(try store.change { r in
            try r.record(n, .award, "一", on: Day(year: 2024, month: 8, day: 30)!)
            try r.graduate(n, on: Day(year: 2024, month: 8, day: 30)!)          // R9: refused after the record
        })
        XCTAssertEqual(store.registry.eventCount, events, "the record made before the refusal is undone too")
        XCTAssertEqual(store.journalEntries, entries)
        try store.change(label: "two records") { r in
            try r.record(n, .award, "一", on: Day(year: 2024, month: 8, day: 30)!)
            try r.record(n, .activity, "二", on: Day(year: 2024, month: 8, day: 30)!)
        }
        XCTAssertEqual(store.journalEntries, entries + 1, "one write, one entry")
        XCTAssertEqual(store.verify().ok, true)
    }

    func testCancellationStopsABulkChangeAndUndoesIt() throws {
        let db = MemoryDatabase(today: today)
        try populate(db, students: 3)          // the first poll comes before the first student
        let events = db.registry.eventCount
        db.cancellation.cancel()
        defer { db.cancellation.reset() }
        XCTAssertThrowsError(try db.change { try $0.promote($0.allStudents, on: Day(year: 2024, month: 8, day: 30)!) }) {
            XCTAssertEqual(($0 as? RegistryError)?.message, "interrupted")
        }
        XCTAssertEqual(db.registry.eventCount, events)
    }
}
