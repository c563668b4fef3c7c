import XCTest
@testable import Registry
@testable import RQL

/// Issue 14, item 2: `revert entry N reason "…"` in the language — the bulk change's
/// acknowledgement names N (in memory too), the revert undoes it, and its diagnostics.
final class RevertStatementTests: XCTestCase {
    func message(_ s: Session, _ text: String) throws -> String {
        guard case .message(let m) = try s.run(text).first else { XCTFail("no message for \(text)"); return "" }
        return m
    }

    func testAPromotionNamedByItsEntryIsRevertedInMemory() throws {
        let s = makeTestSession(today: "2025-07-02")
        try s.run("""
            add school 4103030001 name "西工区第一小学" stage primary district 410303
            enrol name = "甲", gender = M, birth = 2017-03-15, id_card = "410303201703150017" at 4103030001 grade 2 on 2024-09-01
            enrol name = "乙", gender = F, birth = 2016-05-05, id_card = "410303201605050020" at 4103030001 grade 3 on 2024-09-01
            """)
        XCTAssertEqual(try message(s, "promote where grade < 6 on 2025-07-01"), "promoted 2 (journal entry 4)")
        XCTAssertEqual(try message(s, "revert entry 4 reason \"日期错了\""), "reverted entry 4: 2 students promoted on 2025-07-01 are as they were before")
        XCTAssertEqual(try s.rows("count by grade"), "2 1; 3 1")
        XCTAssertThrowsError(try s.run("revert entry 2 reason \"x\"")) { e in XCTAssertEqual((e as? Diagnostic)?.rule, .r23) }
        XCTAssertThrowsError(try s.run("revert entry 4 reason \"again\"")) { e in XCTAssertEqual((e as? Diagnostic)?.rule, .r23) }
        // Inside a transaction the entry is the commit's: the acknowledgement names none.
        try s.run("begin")
        XCTAssertEqual(try message(s, "promote where grade < 6 on 2025-07-01"), "promoted 2")
        try s.run("commit")
        XCTAssertEqual(try message(s, "revert entry 6 reason \"错了\""), "reverted entry 6: 2 students promoted on 2025-07-01 are as they were before")
    }

    func testRevertDiagnostics() {
        assertDiagnostic("revert 1️⃣4 reason \"x\"", "expected 'entry' and the journal entry's number (its acknowledgement names it) after 'revert', found '4'")
        assertDiagnostic("revert entry 4 1️⃣", "reverting a bulk change needs a reason: add reason \"…\"", rule: "R23")
    }
}
