import XCTest
@testable import Registry

final class StorageTests: StorageTestCase {
    func testRoundTripThroughTheJournal() throws {
        let store = try open()
        try populate(store)
        let before = Registry(today: today)
        before.adopt(store.registry)
        XCTAssertGreaterThan(store.journalEntries, 20)
        store.close()
        XCTAssertFalse(FileManager.default.fileExists(atPath: snapshotPath))
        let again = try open()
        XCTAssertEqual(again.warnings, [])
        assertSame(before, again.registry)
        // Still writable, and the chain goes on.
        try again.change { try $0.promote(again.registry.student(again.registry.allStudents[3]).number, on: Day(year: 2024, month: 8, day: 30)!) }
        again.close()
        let third = try open()
        XCTAssertEqual(third.registry.eventCount, before.eventCount + 1)
    }
}
