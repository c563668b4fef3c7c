import XCTest
@testable import Registry

/// The in-process companion of `make crash` (Tests/ShellTests/CrashKill*): a crash can stop the last write at any
/// byte; whatever survives must open read-write, with the unacknowledged entry dropped and
/// everything acknowledged before it intact.
final class CrashTests: StorageTestCase {
    func testACrashAtAnyByteOfTheLastEntryRecovers() throws {
        let store = try open()
        try populate(store, students: 6)
        let acknowledged = Registry(today: today); acknowledged.adopt(store.registry)
        let goodSize = fileSize(journalPath)
        let ackHead = store.chainHead
        let reg = store.registry
        try store.change { try $0.promote(reg.student(reg.allStudents[4]).number, on: Day(year: 2024, month: 8, day: 31)!) }
        store.close()
        let full = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        XCTAssertGreaterThan(full.count, goodSize)
        var cuts = Array(stride(from: goodSize + 1, to: full.count, by: 7))
        cuts.append(full.count - 1)
        for cut in cuts {
            try full.prefix(cut).write(to: URL(fileURLWithPath: journalPath))
            try crashHead(ackHead)
            let s = try open()
            XCTAssertEqual(s.warnings.count, 1, "cut at \(cut)")
            XCTAssertTrue(s.warnings[0].english.contains("dropped an incomplete last entry"), s.warnings[0].english)
            XCTAssertEqual(fileSize(journalPath), goodSize, "cut at \(cut)")
            XCTAssertNil(acknowledged.firstDifference(from: s.registry), "cut at \(cut)")
            s.close()
        }
        try full.write(to: URL(fileURLWithPath: journalPath))
        XCTAssertEqual(try open().registry.eventCount, acknowledged.eventCount + 1)
    }

    func testAFailedJournalWriteUndoesTheChange() throws {
        let store = try open()
        try populate(store, students: 4)
        let before = store.registry.eventCount
        // Make the journal unwritable behind the store's back: the engine must undo the change.
        store.journal = try PosixFile(journalPath, flags: O_RDONLY)
        let n = store.registry.student(store.registry.allStudents[3]).number
        XCTAssertThrowsError(try store.change { try $0.promote(n, on: Day(year: 2024, month: 8, day: 31)!) }) { error in
            XCTAssertTrue("\(error)".contains("not saved"), "\(error)")
        }
        XCTAssertEqual(store.registry.eventCount, before)
    }
}
