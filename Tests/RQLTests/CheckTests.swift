import Registry
import XCTest
@testable import RQL

/// The four checks on hand-built registries, at their boundaries.
final class CheckTests: XCTestCase {
    /// A session with a primary, a junior and two senior schools (Henan and Hebei).
    func session(today: String = "2025-11-01") throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: Day(today)!)))
        try run(s, """
            add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
            add school 4103030101 name "洛阳市西工区第一初级中学" stage junior district 410303
            add school 4103030201 name "洛阳市第一高级中学" stage senior district 410303
            add school 1301020201 name "石家庄市第一中学" stage senior district 130102
            """)
        return s
    }

    @discardableResult
    func run(_ s: Session, _ text: String) throws -> [OutputItem] {
        let parsed = RQLParser.parse(text)
        XCTAssertEqual(parsed.diagnostics, [], "\(parsed.diagnostics)")
        var out: [OutputItem] = []
        for st in parsed.statements { out += try s.execute(st) }
        return out
    }

    func rows(_ s: Session, _ text: String) throws -> [[Value]] {
        guard case .table(let t)? = try run(s, text).first else { XCTFail("no table"); return [] }
        return t.rows
    }

    func names(_ s: Session, _ text: String) throws -> [String] {
        try rows(s, text).map { $0[1].description }
    }

    // MARK: dropouts

    func testDropoutsAgeBoundariesSixAndFifteen() throws {
        let s = try session()
        // 李六岁 turns 6 on 2025-11-01 exactly; 王十五 is 15 until 2025-11-01 (turns 16 on 2025-11-02).
        try run(s, """
            enrol name = "李六岁", gender = F, birth = 2019-11-01 at 4103030001 grade 1 on 2025-09-01 reason "提前入学"
            withdraw L410303201911010001 reason "随父母外出" on 2025-10-01
            enrol name = "王十五", gender = M, birth = 2009-11-02 at 4103030101 grade 9 on 2025-09-01 reason "留级"
            withdraw L410303200911020001 reason "外出务工" on 2025-10-01
            enrol name = "赵十六", gender = M, birth = 2009-10-31 at 4103030101 grade 9 on 2025-09-01 reason "留级"
            withdraw L410303200910310001 reason "外出务工" on 2025-10-01
            """)
        XCTAssertEqual(try names(s, "check dropouts"), ["李六岁", "王十五"])
        // The day before 李六岁 turns 6 she is 5: not of compulsory age.
        XCTAssertEqual(try names(s, "check dropouts as of 2025-10-31"), ["王十五"], "赵十六 turns 16 that day")
        XCTAssertEqual(try names(s, "check dropouts where gender = M"), ["王十五"])
    }

    func testDropoutsSuspendedMoreThanAYear() throws {
        let s = try session(today: "2026-03-01")
        try run(s, """
            enrol name = "陈休学", gender = F, birth = 2015-05-01 at 4103030001 grade 4 on 2024-09-01
            suspend L410303201505010001 reason "病休" on 2025-03-01
            """)
        XCTAssertEqual(try names(s, "check dropouts"), [], "exactly one year is not more than a year")
        XCTAssertEqual(try names(s, "check dropouts as of 2026-03-02"), ["陈休学"])
        XCTAssertEqual(try names(s, "check dropouts as of 2025-06-01"), [])
        try run(s, "resume L410303201505010001 on 2026-03-01")
        XCTAssertEqual(try names(s, "check dropouts as of 2026-06-01"), [])
    }

    func testGraduatedFromJuniorIsNotADropout() throws {
        let s = try session(today: "2025-11-01")
        try run(s, """
            enrol name = "周毕业", gender = M, birth = 2010-08-01 at 4103030101 grade 9 on 2024-09-01
            graduate L410303201008010001 on 2025-07-01
            """)
        XCTAssertEqual(try names(s, "check dropouts"), [])
    }

    // MARK: zoning

    func testZoningListsCompulsoryOutsideHukouOnly() throws {
        let s = try session()
        try run(s, """
            enrol name = "李四", gender = F, birth = 2018-05-20, hukou = 410302 at 4103030001 grade 1 on 2025-09-01
            enrol name = "张三", gender = M, birth = 2018-03-15, hukou = 410303 at 4103030001 grade 1 on 2025-09-01
            enrol name = "高中生", gender = M, birth = 2009-03-15, hukou = 410302 at 4103030201 grade 10 on 2025-09-01
            enrol name = "无户籍", gender = F, birth = 2018-04-15 at 4103030001 grade 1 on 2025-09-01
            """)
        let r = try rows(s, "check zoning")
        XCTAssertEqual(r.map { $0[1].description }, ["李四"])
        XCTAssertEqual(r.first?.last, .text("hukou 410302, school in 410303"))
        XCTAssertEqual(try names(s, "check zoning as of 2025-08-31"), [])
    }

    // MARK: migration

    func testMigrationHukouProvinceAndTransferOnFirstSeniorDay() throws {
        let s = try session()
        try run(s, """
            enrol name = "外省户籍", gender = M, birth = 2009-03-15, hukou = 130102 at 4103030201 grade 10 on 2025-09-01
            enrol name = "本省户籍", gender = F, birth = 2009-04-15, hukou = 410303 at 4103030201 grade 10 on 2025-09-01
            enrol name = "转入生", gender = F, birth = 2009-05-15, hukou = 410303 at 1301020201 grade 10 on 2025-09-01
            transfer L410303200905150001 to 4103030201 on 2025-09-01 reason "随父母工作调动"
            """)
        let r = try rows(s, "check migration")
        XCTAssertEqual(r.map { $0[1].description }, ["外省户籍", "转入生"])
        XCTAssertTrue(r[1].last!.description.contains("transferred on 2025-09-01 from province 13"), "\(r[1])")
        XCTAssertEqual(try names(s, "check migration as of 2025-08-31"), [])
    }

    // MARK: duplicates

    func testDuplicatesSameIDUnderTwoNumbersAndLikelyDuplicates() throws {
        let s = try session()
        let a = RegistryGeneratorIDs.id("410303", "20180315", 1, male: true)
        let b = RegistryGeneratorIDs.id("410303", "20180315", 3, male: true)
        let c = RegistryGeneratorIDs.id("410303", "20180315", 5, male: true)
        try run(s, """
            enrol name = "张三", gender = M, birth = 2018-03-15, id_card = "\(a)" at 4103030001 grade 1 on 2025-09-01
            enrol name = "张三", gender = M, birth = 2018-03-15, id_card = "\(b)" at 4103030001 grade 1 on 2025-09-01
            enrol name = "王五", gender = M, birth = 2018-03-15, id_card = "\(c)" at 4103030001 grade 1 on 2025-09-01
            """)
        let r = try rows(s, "check duplicates")
        XCTAssertEqual(r.map { $0[2].description }, ["张三", "张三"])
        XCTAssertEqual(r.map { $0[0] }, [.int(1), .int(1)])
        // Correcting the first 张三's ID away leaves his G number holding the old ID: a new
        // registration of that ID is refused (R1), and the ID/number pair is listed.
        try run(s, "correct G\(a) set id_card = \"\(RegistryGeneratorIDs.id("410303", "20180315", 7, male: true))\" reason \"录入错误\"")
        XCTAssertThrowsError(try run(s, "enrol name = \"张三\", gender = M, birth = 2018-03-15, id_card = \"\(a)\" at 4103030001 grade 1 on 2025-09-01")) {
            XCTAssertEqual(($0 as? Diagnostic)?.rule, .r1)
        }
    }

    /// `where` picks which groups are listed, not which students are grouped: a child entered
    /// at two schools is found from either school, and the group is listed whole.
    func testDuplicatesWhereListsWholeGroupsItTouches() throws {
        let s = try session()
        let a = RegistryGeneratorIDs.id("410303", "20160808", 3, male: false)
        try run(s, """
            add school 4103020001 name "洛阳市老城区第一小学" stage primary district 410302
            enrol name = "陈静", gender = F, birth = 2016-08-08, id_card = "\(a)" at 4103030001 grade 3 on 2024-09-01
            enrol name = "陈静", gender = F, birth = 2016-08-08 at 4103020001 grade 3 on 2025-09-01
            """)
        XCTAssertEqual(try rows(s, "check duplicates where school = 4103020001").map { $0[1].description },
                       ["G\(a)", "L410302201608080001"])
        XCTAssertEqual(try rows(s, "check duplicates where school = 4103030001").count, 2)
        XCTAssertEqual(try rows(s, "check duplicates where school = 4103030201").count, 0)
        XCTAssertEqual(try rows(s, "check duplicates where school = 4103020001 as of 2025-08-31").count, 0)
    }
}

/// Valid ID numbers for tests (GB 11643 check character).
enum RegistryGeneratorIDs {
    static func id(_ district: String, _ birth: String, _ serial: Int, male: Bool) -> String {
        var s = serial
        if (s % 2 == 1) != male { s += 1 }
        let head = district + birth + String(format3(s))
        return head + String(IDCardNumber.checkCharacter(for: UInt64(head)!))
    }
    static func format3(_ n: Int) -> String { n < 10 ? "00\(n)" : n < 100 ? "0\(n)" : "\(n)" }
}
