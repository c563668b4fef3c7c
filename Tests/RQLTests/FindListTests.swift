import XCTest
@testable import Registry
@testable import RQL

/// `find actors` and `find requests` take `where`, `order by` and `limit` over their own
/// fields, as `find schools` does (RQL.md; WORKFLOW.md, "Requests").
final class FindListTests: XCTestCase {
    let nationalKey = SigningKey(), countyKey = SigningKey(), schoolKey = SigningKey(), otherKey = SigningKey()

    /// Two schools in one county, actors for all (one revoked), and three requests: #1 open,
    /// #2 rejected, #3 done.
    func governed() throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: Day("2025-11-03")!)))
        try s.run("""
            add school 4103030001 name "西工区第一小学" stage primary district 410303
            add school 4103030002 name "西工区第二小学" stage primary district 410303
            enrol name = "甲", gender = M, birth = 2017-03-15, id_card = "410303201703150017" at 4103030002 grade 2 on 2024-09-01
            enrol name = "乙", gender = F, birth = 2017-05-05, id_card = "410303201705050028" at 4103030002 grade 2 on 2024-09-01
            enrol name = "丙", gender = M, birth = 2017-07-07, id_card = "410303201707070030" at 4103030001 grade 2 on 2024-09-01
            """)
        s.identity = (.national, nationalKey)
        try s.run("""
            add actor national name "教育部" key "\(nationalKey.publicKey)"
            add actor county:410303 name "西工区教育局" key "\(countyKey.publicKey)"
            add actor school:4103030001 name "西工区第一小学" key "\(schoolKey.publicKey)"
            add actor school:4103030002 name "西工区第二小学" key "\(otherKey.publicKey)"
            revoke actor school:4103030002 reason "钥匙丢失"
            """)
        s.identity = (ActorName("school:4103030001")!, schoolKey)
        try s.run("""
            transfer G410303201703150017 to 4103030001 reason "搬家"
            transfer G410303201705050028 to 4103030001 reason "搬家"
            suspend G410303201707070030 reason "生病"
            """)
        s.identity = (ActorName("county:410303")!, countyKey)
        try s.run("""
            approve #3
            reject #2 reason "学位已满"
            """)
        return s
    }

    func testFindActorsWhereOrderLimit() throws {
        let s = try governed()
        XCTAssertEqual(try s.rows("find actors where status = revoked").components(separatedBy: " ").first, "school:4103030002")
        XCTAssertEqual(try s.rows("find actors where level = school order by actor desc").split(separator: ";").count, 2)
        XCTAssertTrue(try s.rows("find actors where level = school order by actor desc limit 1").hasPrefix("school:4103030002 "))
        XCTAssertEqual(try s.rows("find actors where name like \"%教育%\" order by actor").split(separator: ";").map { $0.split(separator: " ")[0] },
                       ["county:410303", "national"], "as text")
        XCTAssertEqual(try s.rows("find actors where added_by = national and level != national limit 10").split(separator: ";").count, 3)
    }

    func testFindRequestsWhereOrderLimit() throws {
        let s = try governed()
        s.identity = (.national, nationalKey)
        func numbers(_ text: String) throws -> [String] {
            try s.rows(text).split(separator: ";").map { String($0.split(separator: " ").first { $0.hasPrefix("#") } ?? "") }
        }
        XCTAssertEqual(try numbers("find requests"), ["#1", "#2", "#3"])
        XCTAssertEqual(try numbers("find requests where status = open"), ["#1"])
        XCTAssertEqual(try numbers("find requests where status = rejected"), ["#2"])
        XCTAssertEqual(try numbers("find requests where status in (done, rejected) order by status"), ["#3", "#2"])
        XCTAssertEqual(try numbers("find requests where kind = transfer order by no desc"), ["#2", "#1"])
        XCTAssertEqual(try numbers("find requests where no = #3"), ["#3"], "the number as the shell prints it")
        XCTAssertEqual(try numbers("find requests where no >= 2 limit 1"), ["#2"])
        XCTAssertEqual(try numbers("find requests where awaiting = county:410303"), ["#1"])
        XCTAssertEqual(try numbers("find requests where awaiting = national"), [])
        XCTAssertEqual(try numbers("find requests where student = G410303201707070030"), ["#3"])
        XCTAssertEqual(try numbers("find requests where due is null"), ["#2", "#3"], "a closed request is due never")
        XCTAssertEqual(try numbers("find requests where due = 2025-11-17"), ["#1"], "10 working days after Monday 2025-11-03")
        XCTAssertEqual(try numbers("find requests where started_by = school:4103030001 and started_on = 2025-11-03 order by kind, no desc"),
                       ["#3", "#2", "#1"])
        XCTAssertEqual(try numbers("find requests where request like \"%→ 4103030001\" and school = 4103030001"), ["#1", "#2"])
        // The table still prints the number as `#N`.
        guard case .table(let t) = try s.run("find requests limit 1").first else { return XCTFail() }
        XCTAssertEqual(t.columns.map(\.name), ["no", "kind", "request", "status", "awaiting", "due", "started_by", "started_on"])
        XCTAssertEqual(t.rows[0][0].description, "#1")
    }

    func testFindRequestsAnswersFromTheActorsView() throws {
        let s = try governed()
        // A county outside sees none of them.
        let outsider = SigningKey()
        s.identity = (.national, nationalKey)
        try s.run("add school 4103050001 name \"涧西区第一小学\" stage primary district 410305")
        try s.run("add actor county:410305 name \"涧西区教育局\" key \"\(outsider.publicKey)\"")
        s.identity = (ActorName("county:410305")!, outsider)
        XCTAssertEqual(try s.rows("find requests"), "")
        XCTAssertEqual(try s.rows("find requests where status = open"), "")
    }

    func testWrongFieldsAndWordsAreNamed() {
        assertDiagnostic("find requests where 1️⃣statu = open", "unknown field 'statu'; did you mean 'status'?")
        assertDiagnostic("find requests where status = 1️⃣opne", "unknown status 'opne'; did you mean 'open'?")
        assertDiagnostic("find actors where status = 1️⃣gone", "unknown status 'gone'; expected active or revoked")
        assertDiagnostic("find actors where 1️⃣grade = 2", "unknown field 'grade'", hint: "fields: actor, name, level, key, added_by, status")
        assertDiagnostic("find requests where due = 1️⃣\"2025-11-14\"", "due is a date; \"2025-11-14\" is text", hint: "write dates without quotes: 2025-11-14")
        assertDiagnostic("find requests 1️⃣status = open", "expected 'where' before the condition", hint: "e.g. where status = …")
    }
}
