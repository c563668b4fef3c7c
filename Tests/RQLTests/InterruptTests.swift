import XCTest
@testable import Registry
@testable import RQL

/// Issue 14, item 1: a statement whose `Cancellation` is set while it runs (the shell sets it
/// on Ctrl-C) stops and changes nothing; a query answers nothing rather than part of its rows.
final class InterruptTests: XCTestCase {
    func session() throws -> Session { try makeSmallSchoolSession() }

    func interrupted(_ s: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        do {
            try s.run(text)
            XCTFail("\(text) was not interrupted", file: file, line: line)
        } catch let d as Diagnostic {
            XCTAssertEqual(d.message, RegistryError.interrupted.message, file: file, line: line)
        } catch { XCTFail("\(error)", file: file, line: line) }
        s.database.cancellation.reset()
    }

    func testABulkChangeStoppedByItsProgressCallbackChangesNothing() throws {
        let s = try session()
        let events = s.registry.eventCount
        // The first progress report comes before the first row is changed.
        s.progress = { _, _ in s.database.cancellation.cancel() }
        interrupted(s, "promote where grade < 6")
        interrupted(s, "graduate where grade >= 1")
        s.progress = nil
        XCTAssertEqual(try s.rows("count by grade"), "2 1; 3 1")
        XCTAssertEqual(s.registry.eventCount, events, "no event was added")
    }

    func testAQueryStoppedAnswersNothing() throws {
        let s = try session()
        s.database.cancellation.cancel()
        interrupted(s, "find where name like \"%\"")
        s.database.cancellation.cancel()
        interrupted(s, "count by grade")
        XCTAssertEqual(try s.rows("count"), "2", "the next statement runs as usual")
    }

    func testAStopInsideATransactionAbortsIt() throws {
        let s = try session()
        try s.run("begin")
        try s.run("record G410303201703150017 award \"三好学生\"")
        s.progress = { _, _ in s.database.cancellation.cancel() }
        interrupted(s, "promote where grade < 6")
        s.progress = nil
        XCTAssertEqual(s.database.transaction, .aborted, "as any failed statement in a transaction")
        try s.run("rollback")
        XCTAssertEqual(try s.rows("count by grade"), "2 1; 3 1")
    }
}
