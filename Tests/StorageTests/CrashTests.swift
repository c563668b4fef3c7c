import XCTest
@testable import Registry

/// The in-process companion of `make crash` (Tests/ShellTests/CrashKill*): a crash can stop the last write at any
/// byte; whatever survives must open read-write, with the unacknowledged entry dropped and
/// everything acknowledged before it intact.
final class CrashTests: StorageTestCase {
    func testACrashAtAnyByteOfTheLastEntryRecovers() throws {
        let store = try open()
        try populate(store.registry, students: 6)
        let acknowledged = Registry(today: today); acknowledged.adopt(store.registry)
        let goodSize = fileSize(journalPath)
        let reg = store.registry
        try reg.promote(reg.student(reg.allStudents[4]).number, on: Day(year: 2024, month: 8, day: 31)!)
        store.close()
        let full = try Data(contentsOf: URL(fileURLWithPath: journalPath))
        XCTAssertGreaterThan(full.count, goodSize)
        var cuts = Array(stride(from: goodSize + 1, to: full.count, by: 7))
        cuts.append(full.count - 1)
        for cut in cuts {
            try full.prefix(cut).write(to: URL(fileURLWithPath: journalPath))
            let s = try open()
            XCTAssertEqual(s.warnings.count, 1, "cut at \(cut)")
            XCTAssertTrue(s.warnings[0].contains("dropped an incomplete last entry"), s.warnings[0])
            XCTAssertEqual(fileSize(journalPath), goodSize, "cut at \(cut)")
            XCTAssertNil(acknowledged.firstDifference(from: s.registry), "cut at \(cut)")
            s.close()
        }
        // The space was allocated but the data never reached the disk: zeros in place of the entry's end.
        var zeroed = [UInt8](full)
        for i in (full.count - 20)..<full.count { zeroed[i] = 0 }
        try Data(zeroed).write(to: URL(fileURLWithPath: journalPath))
        let z = try open()
        XCTAssertEqual(z.warnings.count, 1)
        XCTAssertNil(acknowledged.firstDifference(from: z.registry))
        // A torn tail is fine; the same damage earlier in the file is not.
        z.close()
        try full.write(to: URL(fileURLWithPath: journalPath))
        XCTAssertEqual(try open().registry.eventCount, acknowledged.eventCount + 1)
    }

    func testAFailedJournalWriteUndoesTheChange() throws {
        let store = try open()
        try populate(store.registry, students: 4)
        let before = store.registry.eventCount
        // Make the journal unwritable behind the store's back: the engine must undo the change.
        store.journal = try PosixFile(journalPath, flags: O_RDONLY)
        let n = store.registry.student(store.registry.allStudents[3]).number
        XCTAssertThrowsError(try store.registry.promote(n, on: Day(year: 2024, month: 8, day: 31)!)) { error in
            XCTAssertTrue("\(error)".contains("not saved"), "\(error)")
        }
        XCTAssertEqual(store.registry.eventCount, before)
    }
}
