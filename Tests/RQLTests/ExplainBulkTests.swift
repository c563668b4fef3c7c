import XCTest
@testable import Registry
@testable import RQL

/// Issue 14, item 2: `explain promote where …` and `explain graduate where …` say how many
/// would change and list who would be skipped under which rule — and change nothing, even on
/// a read-only registry or inside a transaction.
final class ExplainBulkTests: XCTestCase {
    /// The small school, with 丙 in grade 6 and 乙 suspended.
    func session() throws -> Session {
        let s = try makeSmallSchoolSession()
        try s.run("""
            enrol name = "丙", gender = M, birth = 2013-07-07, id_card = "410303201307070015" at 4103030001 grade 6 on 2024-09-01
            suspend G410303201605050020 reason "生病"
            """)
        return s
    }

    func texts(_ items: [OutputItem]) -> [String] {
        items.map { item in
            switch item {
            case .message(let m): return m
            case .table(let t): return t.rows.map { $0.map(\.description).joined(separator: " ") }.joined(separator: "; ")
            default: return ""
            }
        }
    }

    func testExplainPromoteListsWhoWouldBeSkippedAndChangesNothing() throws {
        let s = try session()
        let events = s.registry.eventCount
        let out = texts(try s.run("explain promote where grade >= 1"))
        XCTAssertTrue(out[0].hasPrefix("bulk change\n  access: scan all 3 students"), out[0])
        XCTAssertEqual(out[1], "would promote 1, skip 2 (R8); nothing was changed")
        XCTAssertEqual(out[2], "G410303201605050020 乙 4103030001 3 R8 G410303201605050020 (乙) is suspended; only an active student is promoted; "
                       + "G410303201307070015 丙 4103030001 6 R8 G410303201307070015 (丙) is in grade 6, the final grade of primary stage; graduate instead")
        XCTAssertEqual(s.registry.eventCount, events)
        XCTAssertEqual(try s.rows("count by grade"), "2 1; 3 1; 6 1")
        // The real statement then does what the preview said.
        guard case .message(let m) = try s.run("promote where grade >= 1").first else { return XCTFail() }
        XCTAssertEqual(m, "promoted 1, skipped 2 (R8) (journal entry 6)")
    }

    func testExplainGraduateAndOneStudentAndInsideATransaction() throws {
        let s = try session()
        XCTAssertEqual(texts(try s.run("explain graduate where grade = 6"))[1], "would graduate 1; nothing was changed")
        XCTAssertEqual(texts(try s.run("explain promote G410303201703150017 on 2025-07-01"))[1], "would promote 1; nothing was changed")
        try s.run("begin")
        try s.run("record G410303201703150017 award \"三好学生\"")
        let inside = s.registry.eventCount
        XCTAssertEqual(texts(try s.run("explain promote where grade = 2"))[1], "would promote 1; nothing was changed")
        XCTAssertEqual(s.registry.eventCount, inside, "the transaction keeps its own change, and only it")
        XCTAssertEqual(try s.run("commit").count, 2, "the message and the acknowledgement row")
        XCTAssertEqual(try s.rows("count by grade"), "2 1; 3 1; 6 1")
    }

    func testExplainPromoteOnAReadOnlySession() throws {
        let s = try session()
        s.isReadOnly = true
        XCTAssertEqual(texts(try s.run("explain promote where grade = 2"))[1], "would promote 1; nothing was changed")
    }
}
