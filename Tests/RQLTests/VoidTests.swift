import XCTest
@testable import Registry
@testable import RQL

/// Issue 13: `void` — a registration made by mistake is kept with its history, left out of
/// counts and checks unless asked for, and its number is never issued again.
final class VoidTests: XCTestCase {
    func session() throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: Day("2025-11-01")!)))
        try run(s, """
            add school 4103030001 name "西工区第一小学" stage primary district 410303
            enrol name = "甲", gender = M, birth = 2017-03-15, id_card = "410303201703150017" at 4103030001 grade 2 on 2024-09-01
            enrol name = "甲", gender = M, birth = 2017-03-15, hukou = 410303 at 4103030001 grade 2 on 2024-09-01
            """)
        return s
    }

    @discardableResult
    func run(_ s: Session, _ text: String) throws -> [OutputItem] { try s.run(text) }

    func cells(_ s: Session, _ text: String) throws -> String { try s.rows(text) }

    func testAVoidedRegistrationIsLeftOutUnlessAskedFor() throws {
        let s = try session()
        XCTAssertEqual(try cells(s, "check duplicates").components(separatedBy: "; ").count, 2)
        XCTAssertEqual(RQLParser.parse("void L410303201703150001").diagnostics.first?.rule, .r11, "a reason is required")
        try run(s, "void L410303201703150001 reason \"重复录入\"")
        XCTAssertEqual(try cells(s, "count"), "1")
        XCTAssertEqual(try cells(s, "check duplicates"), "", "the duplicate is resolved")
        XCTAssertEqual(try cells(s, "count where status = voided"), "1")
        XCTAssertEqual(try cells(s, "count by status"), "active 1; voided 1")
        XCTAssertEqual(try cells(s, "find where name = \"甲\" show no"), "G410303201703150017")
        // Kept with its history; nothing else happens to it; its number is not issued again.
        guard case .table(let h) = try run(s, "history L410303201703150001").first else { return XCTFail() }
        XCTAssertEqual(h.rows.last?[3].description, "void")
        XCTAssertThrowsError(try run(s, "transfer L410303201703150001 to 4103030001"))
        try run(s, "enrol name = \"乙\", gender = M, birth = 2017-03-15, hukou = 410303 at 4103030001 grade 2 on 2024-09-01")
        XCTAssertEqual(try cells(s, "find where name = \"乙\" show no"), "L410303201703150002")
        // Undone with everything else when its transaction rolls back.
        try run(s, "begin; void G410303201703150017 reason \"x\"; rollback")
        XCTAssertEqual(try cells(s, "count where status = voided"), "1")
        XCTAssertEqual(s.registry.voidedCount, 1)
    }
}
