import XCTest
@testable import Registry
@testable import RQL

/// Issue 14, item 7: `count … order by count desc limit N`, a share column on request, and
/// clauses in any order.
final class CountShapingTests: XCTestCase {
    func session() throws -> Session {
        let s = makeTestSession()
        try s.run("""
            add school 4103030001 name "一小" stage primary district 410303
            add school 4103030002 name "二小" stage primary district 410303
            enrol name = "甲", gender = M, birth = 2017-03-15 at 4103030001 grade 2 on 2024-09-01
            enrol name = "乙", gender = F, birth = 2017-05-05 at 4103030002 grade 2 on 2024-09-01
            enrol name = "丙", gender = M, birth = 2017-07-07 at 4103030002 grade 2 on 2024-09-01
            enrol name = "丁", gender = F, birth = 2016-07-07 at 4103030002 grade 3 on 2024-09-01
            """)
        return s
    }

    func testOrderLimitAndShare() throws {
        let s = try session()
        XCTAssertEqual(try s.rows("count by school order by count desc"), "4103030002 3; 4103030001 1")
        XCTAssertEqual(try s.rows("count by school order by school desc"), "4103030002 3; 4103030001 1")
        XCTAssertEqual(try s.rows("count by school, grade order by count desc, grade limit 2"), "4103030002 2 2; 4103030001 2 1")
        guard case .table(let t) = try s.run("count by school order by count limit 1 show share").first else { return XCTFail() }
        XCTAssertEqual(t.columns.map(\.name), ["school", "count", "share"])
        XCTAssertEqual(t.rows, [[.text("4103030001"), .int(1), .text("25.0%")]], "the share is of everyone counted, not of the rows shown")
        XCTAssertEqual(t.footer, "the first 1 of 2 groups (4 students in all)")
        XCTAssertEqual(try s.rows("count show share"), "4 100.0%")
    }

    func testClausesInAnyOrder() throws {
        let s = try session()
        XCTAssertEqual(try s.rows("count by grade where gender = F"), try s.rows("count where gender = F by grade"))
        XCTAssertEqual(try s.rows("find limit 1 where grade = 3 show name"), "丁")
        XCTAssertEqual(try s.rows("find show name order by name desc where school = 4103030002 limit 2"), "乙; 丙", "by code point, descending")
    }

    func testOrderByAFieldNotCounted() {
        let s = makeTestSession()
        XCTAssertThrowsError(try s.run("count by grade order by name")) { e in
            XCTAssertEqual((e as? Diagnostic)?.message, "count can order by count or a field of its by list; 'name' is not in it")
        }
        assertDiagnostic("count by grade show 1️⃣name", "expected 'share' (count … show share adds each group's share of the whole) after 'show', found 'name'")
    }
}
