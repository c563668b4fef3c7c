import XCTest
@testable import Registry

/// Snapshots, torn tails, damage, locking, permissions, groups and `as of` across reopen.
final class RecoveryTests: StorageTestCase {
    /// Start offsets of every entry, walked by their length fields.
    func flipByte(at offset: Int) throws {
        var b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        b[offset] ^= 0x40
        try Data(b).write(to: URL(fileURLWithPath: journalPath))
    }

    func testSnapshotPlusTailReplay() throws {
        var opts = StoreOptions()
        opts.snapshotAfterEvents = 10
        let store = try open(options: opts)
        try populate(store, students: 25)
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath))
        try store.change { try $0.promote(store.registry.student(store.registry.allStudents[5]).number, on: Day(year: 2024, month: 8, day: 31)!) }
        let before = Registry(today: today); before.adopt(store.registry)
        XCTAssertTrue(store.verify().ok, store.verify().description)
        store.close()
        for whole in [true, false] {
            var o = opts; o.checkWholeChainOnOpen = whole
            let again = try open(options: o)
            XCTAssertEqual(again.warnings, [])
            XCTAssertLessThan(again.eventsAfterSnapshot, before.eventCount)
            assertSame(before, again.registry)
            XCTAssertEqual(again.registry.lookup(.namePrefix("王")).count, 1)
            again.close()
        }
        // An explicit checkpoint covers everything: nothing left to replay.
        let s = try open(options: opts)
        try s.checkpoint()
        s.close()
        let t = try open(options: opts)
        XCTAssertEqual(t.eventsAfterSnapshot, 0)
        assertSame(before, t.registry)
        XCTAssertTrue(t.verify().ok)
    }

    func testTornTailIsCutWithAWarning() throws {
        let store = try open()
        try populate(store, students: 5)
        let count = store.journalEntries
        let events = store.registry.eventCount
        store.close()
        let offsets = try entryOffsets()
        let size = fileSize(journalPath)
        let lastStart = offsets.last!
        // Keep 57 bytes of the last entry, as a crash mid-write would.
        let h = FileHandle(forWritingAtPath: journalPath)!
        try h.truncate(atOffset: UInt64(lastStart + 57)); try h.close()
        let journal = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        try crashHead(ChainHead(entries: UInt64(count - 1), hash: Array(journal[(lastStart - 32)..<lastStart])))
        let again = try open()
        XCTAssertEqual(again.warnings.count, 1)
        let w = again.warnings.first?.english ?? ""
        XCTAssertTrue(w.hasPrefix("journal: dropped an incomplete last entry (#\(count), 57 of \(size - lastStart) bytes)"), w)
        XCTAssertTrue(w.contains("never acknowledged"))
        XCTAssertEqual(fileSize(journalPath), lastStart)
        XCTAssertEqual(again.journalEntries, count - 1)
        XCTAssertLessThan(again.registry.eventCount, events)
        XCTAssertTrue(again.verify().ok)
        again.close()
        XCTAssertEqual(try open().warnings, [])
    }

    func testFlippedByteInTheMiddleRefusesOpenAndIsNamed() throws {
        let store = try open()
        try populate(store, students: 10)
        store.close()
        let offsets = try entryOffsets()
        try flipByte(at: offsets[6] + 48 + 30)          // inside entry #7's payload
        XCTAssertThrowsError(try DiskDatabase.open(at: dir, today: today)) { error in
            let e = error as! StorageError
            XCTAssertEqual(e.kind, .damaged)
            XCTAssertTrue(e.message.contains("journal entry #7 (2023-09-01, enrol)"), e.message)
        }
        let ro = try open(readOnly: true)
        XCTAssertTrue(ro.isReadOnly)
        XCTAssertEqual(ro.journalEntries, 6)
        XCTAssertTrue(ro.warnings.map(\.english).joined().contains("#7"), ro.warnings.map(\.english).joined())
        XCTAssertEqual(ro.registry.studentCount, 4)     // two schools, then four enrolments
        let report = ro.verify()
        XCTAssertFalse(report.ok)
        XCTAssertEqual(report.firstBad, VerifyReport.BadEntry(sequence: 7, effective: Day(year: 2023, month: 9, day: 1), kind: "enrol"))
        XCTAssertTrue(report.description.contains("#7"))
        // A read-only store refuses changes.
        XCTAssertThrowsError(try ro.change { try $0.promote(ro.registry.student(ro.registry.allStudents[0]).number) })
    }

    func testBrokenChainAndSnapshotDamageAreFound() throws {
        let store = try open()
        try populate(store, students: 6)
        try store.checkpoint()
        store.close()
        // Remove entry #3 entirely: every later link breaks.
        let offsets = try entryOffsets()
        var b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        b.removeSubrange(offsets[2]..<offsets[3])
        try Data(b).write(to: URL(fileURLWithPath: journalPath))
        XCTAssertThrowsError(try DiskDatabase.open(at: dir, today: today)) { error in
            XCTAssertTrue((error as! StorageError).message.contains("#3"), "\(error)")
        }
        let ro = try open(readOnly: true)
        XCTAssertEqual(ro.verify().firstBad?.sequence, 3)
        ro.close()
        // A damaged snapshot over an intact journal.
        try FileManager.default.removeItem(atPath: dir)
        let s2 = try open()
        try populate(s2, students: 6)
        try s2.checkpoint()
        s2.close()
        var snap = try [UInt8](Data(contentsOf: URL(fileURLWithPath: snapshotPath)))
        snap[snap.count / 2] ^= 1
        try Data(snap).write(to: URL(fileURLWithPath: snapshotPath))
        let ro2 = try open(readOnly: true)
        XCTAssertEqual(ro2.registry.studentCount, 6)
        XCTAssertFalse(ro2.verify().ok)
        ro2.close()
        // Read-write: the snapshot is only a shortcut, so it is set aside and the journal replayed.
        let rw = try open()
        XCTAssertEqual(rw.registry.studentCount, 6)
        XCTAssertTrue(rw.warnings.map(\.english).joined().contains("set aside as \(snapshotPath).damaged"), rw.warnings.map(\.english).joined())
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath + ".damaged"))
        XCTAssertTrue(rw.verify().ok, rw.verify().description)
        rw.close()
        // …and a new, recorded snapshot was written at once: the next open says nothing.
        XCTAssertTrue(FileManager.default.fileExists(atPath: snapshotPath))
        XCTAssertEqual(try open().warnings, [])
    }

    func testSecondWriterIsRefused() throws {
        let first = try open()
        XCTAssertThrowsError(try DiskDatabase.open(at: dir, today: today)) { error in
            let e = error as! StorageError
            XCTAssertEqual(e.kind, .locked)
            XCTAssertTrue(e.message.contains("is open by another writer (pid \(getpid()))"), e.message)
        }
        let reader = try open(readOnly: true)
        XCTAssertTrue(reader.isReadOnly)
        first.close()
        let second = try open()
        second.close()
    }

    func testPermissionsArePrivate() throws {
        let old = umask(0)
        defer { umask(old) }
        let store = try open()
        try populate(store, students: 4)
        try store.checkpoint()
        store.close()
        func mode(_ p: String) -> Int { (try! FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as! NSNumber).intValue }
        XCTAssertEqual(mode(dir), 0o700)
        for f in ["journal.xj", "snapshot.xjs", "lock"] { XCTAssertEqual(mode(dir + "/" + f), 0o600, f) }
    }

    /// A new registry's directory is synced in its parent (so a power cut cannot lose it); these
    /// are the parents named.
    func testParentDirectoryOfARegistryPath() {
        XCTAssertEqual(PosixFile.parentDirectory(of: "/tmp/a/reg.xj"), "/tmp/a")
        XCTAssertEqual(PosixFile.parentDirectory(of: "/tmp/a/reg.xj/"), "/tmp/a")
        XCTAssertEqual(PosixFile.parentDirectory(of: "/tmp//reg.xj"), "/tmp")
        XCTAssertEqual(PosixFile.parentDirectory(of: "/reg.xj"), "/")
        XCTAssertEqual(PosixFile.parentDirectory(of: "reg.xj"), ".")
        XCTAssertEqual(PosixFile.parentDirectory(of: "data/reg.xj"), "data")
    }

    func testGroupIsOneEntryAndRollbackWritesNothing() throws {
        let store = try open()
        try populate(store, students: 4)
        let n = store.journalEntries, size = fileSize(journalPath)
        let reg = store.registry
        let a = reg.student(reg.allStudents[3]).number
        try store.begin()
        try store.change { try $0.promote(a, on: Day(year: 2024, month: 8, day: 25)!) }
        try store.change { try $0.record(a, .activity, "合唱团", on: Day(year: 2024, month: 8, day: 26)!) }
        try store.change { try $0.enrol(NewStudent(name: "新生", gender: .female, birth: Day(year: 2018, month: 3, day: 3)!),
                                       at: Self.primary.code, grade: 1, on: Day(year: 2024, month: 9, day: 1)!) }
        XCTAssertEqual(store.journalEntries, n)
        XCTAssertEqual(try store.commit(), 3)
        XCTAssertEqual(store.journalEntries, n + 1)
        let size2 = fileSize(journalPath)
        try store.begin()
        try store.change { try $0.promote(a, on: Day(year: 2024, month: 8, day: 30)!) }
        XCTAssertEqual(try store.rollback(), 1)
        XCTAssertEqual(store.journalEntries, n + 1)
        XCTAssertEqual(fileSize(journalPath), size2)
        XCTAssertGreaterThan(size2, size)
        let before = Registry(today: today); before.adopt(reg)
        store.close()
        let again = try open()
        assertSame(before, again.registry)
        XCTAssertTrue(again.verify().ok)
    }

    func testAsOfAfterReopenEqualsBefore() throws {
        let store = try open()
        try populate(store, students: 12)
        let days = [Day(year: 2023, month: 8, day: 31)!, Day(year: 2023, month: 9, day: 1)!,
                    Day(year: 2024, month: 7, day: 15)!, Day(year: 2024, month: 8, day: 15)!]
        func asOf(_ r: Registry) -> [[Student?]] { days.map { d in r.allStudents.map { r.student($0, asOf: d) } } }
        let before = asOf(store.registry)
        store.close()
        XCTAssertEqual(asOf(try open().registry), before)
    }

    func testSyncModeNormalStillJournalsEverything() throws {
        var opts = StoreOptions(); opts.syncMode = .normal
        let store = try open(options: opts)
        try populate(store, students: 8)
        let before = Registry(today: today); before.adopt(store.registry)
        store.close()
        assertSame(before, try open().registry)
    }

    func testVerifyFindsTheLiveRegistryDiverging() throws {
        let store = try open()
        try populate(store, students: 3)
        XCTAssertTrue(store.verify().ok)
        store.registry.rows[0].name = store.registry.nameRef("篡改")          // a change that bypassed the journal
        let r = store.verify()
        XCTAssertFalse(r.ok)
        XCTAssertTrue(r.description.contains("differs"), r.description)
    }
}
