import XCTest
@testable import Registry

/// Issue 14, item 2 (R23): `revert entry N` undoes the bulk change journal entry N recorded by
/// compensating events dated as it was; refused while a later event touches one of those
/// students, for an entry that is not a bulk change, and without a reason. Kept across reopen.
final class RevertTests: StorageTestCase {
    /// The refusal `body` threw (nil when it was accepted), after checking it changed nothing.
    @discardableResult
    func refused(_ reg: Registry, _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> RegistryError? {
        let events = reg.eventCount, grades = reg.allStudents.map { reg.student($0).grade }
        defer {
            XCTAssertEqual(reg.eventCount, events, "nothing added", file: file, line: line)
            XCTAssertEqual(reg.allStudents.map { reg.student($0).grade }, grades, file: file, line: line)
        }
        do { try body(); XCTFail("accepted", file: file, line: line); return nil } catch { return error as? RegistryError }
    }

    func testRevertingABulkPromotionOnDiskAndAfterReopen() throws {
        today = Day(year: 2025, month: 7, day: 2)!
        let db = try open()
        try populate(db, students: 6)
        let reg = db.registry
        let active = reg.allStudents.filter { reg.student($0).status == .active }
        let grades = active.map { reg.student($0).grade }
        let result = try db.change { try $0.promote(active, on: Day(year: 2025, month: 7, day: 1)!) }
        XCTAssertEqual(result.changed, active.count)
        let entry = try XCTUnwrap(db.lastEntry)
        let recorded = try db.recordedEvents(ofEntry: entry)
        XCTAssertEqual(recorded.count, active.count)
        XCTAssertTrue(recorded.allSatisfy { $0.kind == .promote && $0.day == Day(year: 2025, month: 7, day: 1)! })
        // No reason, or an entry that is not a bulk change: refused, nothing changes.
        XCTAssertEqual(refused(reg) { _ = try db.change { try $0.revert(recorded, entry: entry, reason: " ") } }?.rule, .r23, "no reason")
        XCTAssertEqual(refused(reg) {
            _ = try db.change { try $0.revert(try db.recordedEvents(ofEntry: 3), entry: 3, reason: "错了") }
        }?.rule, .r23, "a first enrolment's entry")
        XCTAssertEqual(try db.change { try $0.revert(recorded, entry: entry, reason: "日期错了") }, active.count)
        XCTAssertEqual(active.map { reg.student($0).grade }, grades)
        let last = reg.history(of: active[0]).last!
        XCTAssertEqual(last.kind, .revert)
        XCTAssertEqual(last.effective, Day(year: 2025, month: 7, day: 1)!, "dated as the change was")
        XCTAssertEqual(last.reason, "日期错了")
        // Twice: the revert is now each student's latest event (R23).
        XCTAssertEqual(refused(reg) { _ = try db.change { try $0.revert(recorded, entry: entry, reason: "再来") } }?.rule, .r23, "twice")
        XCTAssertTrue(db.verify().ok, db.verify().description)
        db.close()
        for checkpointFirst in [false, true] {
            let again = try open()
            XCTAssertEqual(active.map { again.registry.student($0).grade }, grades)
            XCTAssertEqual(try again.recordedEvents(ofEntry: entry), recorded, "read back from the journal")
            XCTAssertEqual(again.registry.history(of: active[0]).last?.kind, .revert)
            if checkpointFirst { XCTAssertEqual(again.eventsAfterSnapshot, 0) }
            try again.checkpoint()
            again.close()
        }
    }

    func testALaterEventRefusesTheRevertAndNothingChanges() throws {
        today = Day(year: 2025, month: 7, day: 2)!
        let db = try open()
        try populate(db, students: 6)
        let reg = db.registry
        let active = reg.allStudents.filter { reg.student($0).status == .active }
        _ = try db.change { try $0.promote(active, on: Day(year: 2025, month: 7, day: 1)!) }
        let entry = try XCTUnwrap(db.lastEntry)
        try db.change { try $0.record(reg.student(active[1]).number, .award, "三好学生", on: Day(year: 2025, month: 7, day: 2)!) }
        let e = refused(reg) {
            _ = try db.change { try $0.revert(try db.recordedEvents(ofEntry: entry), entry: entry, reason: "错了") }
        }
        XCTAssertEqual(e?.rule, .r23)
        XCTAssertTrue(e?.message.contains("has a later event (record on 2025-07-02)") ?? false, e?.message ?? "")
        XCTAssertEqual(refused(reg) { _ = try db.recordedEvents(ofEntry: 999) }?.rule, .r23, "an entry past the end")
    }
}
