import Registry
import XCTest
@testable import RQL

/// Issue 17 in the language: the family fields in enrol, correct, where, show and by; `confirm`;
/// `check unconfirmed` at its boundaries; the dropout check's new columns and `check … by`.
final class FamilyStatementTests: XCTestCase {
    func table(_ s: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> ResultTable {
        for item in try s.run(text, file: file, line: line) { if case .table(let t) = item { return t } }
        XCTFail("no table", file: file, line: line)
        return ResultTable(columns: [], rows: [])
    }

    // MARK: parsing

    func testConfirmParsesWithAWordOrAStringAndInChinese() {
        let english = parseValid("confirm G410303201703150017 guardian \"张建国\" relation 父亲 on 2024-09-05")
        XCTAssertEqual(english.count, 1)
        guard case .confirm(let c) = english[0].statement else { return XCTFail("not a confirm") }
        XCTAssertEqual([c.number.value, c.guardian.value, c.relation.value], ["G410303201703150017", "张建国", "父亲"])
        XCTAssertEqual(c.on?.value, Day("2024-09-05"))
        guard case .confirm(let quoted) = parseValid("confirm G410303201703150017 guardian '李秀英' relation \"外祖母\"")[0].statement
        else { return XCTFail("not a confirm") }
        XCTAssertEqual(quoted.relation.value, "外祖母")
        XCTAssertNil(quoted.on)
        let chinese = parseValid("确认 G410303201703150017 监护人 \"张建国\" 关系 父亲 于 2024-09-05")
        XCTAssertEqual(chinese[0].statement.dump().replacingOccurrences(of: "@[0-9:+-]+", with: "", options: .regularExpression),
                       english[0].statement.dump().replacingOccurrences(of: "@[0-9:+-]+", with: "", options: .regularExpression))
    }

    func testConfirmErrorsPointAtWhatIsMissing() {
        assertDiagnostic("confirm G410303201703150017 1️⃣relation 父亲",
                         "expected 'guardian' and the guardian's name in quotes after 'G410303201703150017', found 'relation'")
        assertDiagnostic("confirm G410303201703150017 guardian 1️⃣张建国 relation 父亲",
                         "expected the guardian's name in quotes after 'guardian', found '张建国'", hint: "put text in quotes: \"张建国\"")
        assertDiagnostic("confirm G410303201703150017 guardian \"张建国\"1️⃣",
                         "expected 'relation' and the guardian's relation to the student (父亲, 母亲, 祖父, …) after the string \"张建国\"")
        assertDiagnostic("confirm G410303201703150017 guardian \"张建国\" relation 1️⃣on 2024-09-05",
                         "expected the guardian's relation to the student (父亲, 母亲, 祖父, …) after 'relation', found 'on'")
    }

    func testAnswersAreCheckedWhereTheyAreWritten() {
        assertDiagnostic("find where migrant = 1️⃣maybe", "unknown migrant 'maybe'; expected yes or no")
        assertDiagnostic("correct G410303201703150017 set left_behind = 1️⃣3 reason \"x\"", "unknown left_behind '3'; expected yes or no")
        assertDiagnostic("enrol name = \"甲\", gender = M, birth = 2017-03-15, 1️⃣school = 4103030001 at 4103030001 grade 1",
                         "school cannot be set here; enrol takes name, gender, birth, id_card, ethnicity, hukou, migrant, left_behind")
        XCTAssertEqual(parseValid("find where left_behind in (是, no, Y)").count, 1)
    }

    // MARK: the fields

    func testEnrolWhereShowAndBy() throws {
        let s = makeTestSession()
        try s.run("""
            add school 4103030001 name "西工区第一小学" stage primary district 410303
            enrol name = "甲", gender = M, birth = 2017-03-15, migrant = 是, left_behind = 否 at 4103030001 grade 2 on 2024-09-01
            enrol name = "乙", gender = F, birth = 2016-05-05, left_behind = yes at 4103030001 grade 3 on 2024-09-01
            enrol name = "丙", gender = F, birth = 2016-06-06, migrant = unknown at 4103030001 grade 3 on 2024-09-01
            """)
        XCTAssertEqual(try s.rows("find where migrant = yes show name"), "甲")
        XCTAssertEqual(try s.rows("find where migrant = unknown show name"), "乙; 丙")
        XCTAssertEqual(try s.rows("find where migrant != unknown show name"), "甲")
        XCTAssertEqual(try s.rows("find where left_behind is null show name"), "丙")
        XCTAssertEqual(try s.rows("find where left_behind in (是, 否) show name, left_behind order by name"), "乙 yes; 甲 no")
        XCTAssertEqual(try s.rows("count by left_behind, grade"), " 3 1; no 2 1; yes 3 1")
        XCTAssertEqual(try s.rows("count where migrant = no"), "0")
        XCTAssertEqual(try s.rows("统计 按 留守儿童 条件 是否随迁子女 = 是"), "no 1")
        let show = try table(s, "show L410303201703150001")
        XCTAssertEqual(show.columns.suffix(2).map(\.name), ["migrant", "left_behind"])
        XCTAssertEqual(show.rows[0].suffix(2), [.text("yes"), .text("no")])
        try s.run("correct L410303201703150001 set migrant = no, left_behind = 是 reason \"父母返乡后又外出\" on 2024-10-01")
        XCTAssertEqual(try s.rows("find where name = \"甲\" show migrant, left_behind"), "no yes")
        XCTAssertEqual(try s.rows("find where name = \"甲\" show migrant, left_behind as of 2024-09-30"), "yes no")
    }

    // MARK: confirm and check unconfirmed

    func testConfirmSaysWhoSignedAndTheHistoryShowsIt() throws {
        let s = try makeSmallSchoolSession()
        let out = try s.run("confirm G410303201703150017 guardian \"张建国\" relation 父亲 on 2024-09-05")
        XCTAssertEqual(out.first, .message("confirmed G410303201703150017 甲: the record was checked by the guardian 张建国 (父亲)"))
        guard case .acknowledgement(let ack) = out.last else { return XCTFail("no acknowledgement") }
        XCTAssertEqual(ack.columns.map(\.name), ["statement", "no", "name", "guardian", "relation"])
        XCTAssertEqual(ack.rows[0], [.text("confirm"), .text("G410303201703150017"), .text("甲"), .text("张建国"), .text("父亲")])
        let history = try table(s, "history G410303201703150017")
        XCTAssertEqual(history.rows.last?[3], .text("confirm"))
        XCTAssertEqual(history.rows.last?[4], .text("guardian 张建国 (父亲)"))
        XCTAssertEqual(history.rows.last?[0], .date(Day("2024-09-05")!))
    }

    func testCheckUnconfirmedAtItsBoundaries() throws {
        let s = try makeSmallSchoolSession()      // today 2025-11-01; both enrolled 2024-09-01
        var t = try table(s, "check unconfirmed")
        XCTAssertEqual(t.columns.map(\.name), ["no", "name", "gender", "birth", "school", "grade", "class", "since", "days", "reason"])
        XCTAssertEqual(t.rows.map { $0[1] }, [.text("甲"), .text("乙")])
        XCTAssertEqual(t.rows[0][7], .date(Day("2024-09-01")!))
        XCTAssertEqual(t.rows[0][8], .int(426))
        XCTAssertEqual(t.rows[0][9], .text("registered on 2024-09-01; no guardian has confirmed the record since"))
        XCTAssertEqual(t.footer, "2 records awaiting their guardians' confirmation")

        try s.run("""
            confirm G410303201703150017 guardian "张建国" relation 父亲 on 2024-09-05
            confirm G410303201605050020 guardian "李秀英" relation 母亲 on 2024-09-05
            """)
        t = try table(s, "check unconfirmed")
        XCTAssertEqual(t.rows, [])
        XCTAssertEqual(t.footer, "0 records awaiting their guardians' confirmation")

        // A confirmation before a key-field correction no longer counts; a non-key one does.
        try s.run("""
            correct G410303201703150017 set birth = 2017-03-15, class = 2, left_behind = yes reason "核对" on 2025-01-10
            correct G410303201605050020 set name = "乙乙", ethnicity = "回族" reason "户口簿" on 2025-01-10
            """)
        t = try table(s, "check unconfirmed")
        XCTAssertEqual(t.rows.map { $0[1] }, [.text("乙乙")])
        XCTAssertEqual(t.rows[0][7], .date(Day("2025-01-10")!))
        XCTAssertEqual(t.rows[0][8], .int(295))
        XCTAssertEqual(t.rows[0][9], .text("name, ethnicity corrected on 2025-01-10; no guardian has confirmed the record since"))
        // As of the day before the correction, and the day of it (the end of that day).
        XCTAssertEqual(try table(s, "check unconfirmed as of 2025-01-09").rows, [])
        t = try table(s, "check unconfirmed as of 2025-01-10")
        XCTAssertEqual(t.rows.map { $0[8] }, [.int(0)])
        XCTAssertEqual(try table(s, "check unconfirmed as of 2024-09-04").rows.map { $0[8] }, [.int(3), .int(3)])
        // where narrows it; only active students are chased.
        XCTAssertEqual(try table(s, "check unconfirmed where grade = 2").rows, [])
        try s.run("withdraw G410303201605050020 reason \"出国\" on 2025-02-01")
        XCTAssertEqual(try table(s, "check unconfirmed").rows, [])
        try s.run("confirm G410303201605050020 guardian \"李秀英\" relation 母亲 on 2025-02-02")
        XCTAssertEqual(try table(s, "check unconfirmed as of 2025-01-31").rows.count, 1)
    }

    // MARK: the dropout check and check … by

    func testDropoutsShowBothAnswersAndCountByThem() throws {
        let s = makeTestSession()
        try s.run("""
            add school 4103030101 name "西工区第一初级中学" stage junior district 410303
            enrol name = "孙亮", gender = M, birth = 2012-04-15, left_behind = yes at 4103030101 grade 7 on 2024-09-01
            enrol name = "周婷", gender = F, birth = 2012-07-08, migrant = no, left_behind = yes at 4103030101 grade 7 on 2024-09-01
            enrol name = "吴凯", gender = M, birth = 2012-06-06, migrant = yes, left_behind = no at 4103030101 grade 7 on 2024-09-01
            withdraw L410303201204150001 reason "外出打工" on 2025-05-20
            suspend L410303201207080001 reason "照顾祖父" on 2024-10-08
            withdraw L410303201206060001 reason "随父母外出" on 2025-06-01
            """)
        let t = try table(s, "check dropouts")
        XCTAssertEqual(t.columns.map(\.name), ["no", "name", "gender", "birth", "school", "grade", "status", "migrant", "left_behind", "reason"])
        XCTAssertEqual(t.rows.map { [$0[1], $0[7], $0[8]] }, [[.text("孙亮"), .null, .text("yes")],
                                                              [.text("周婷"), .text("no"), .text("yes")],
                                                              [.text("吴凯"), .text("yes"), .text("no")]])
        let by = try table(s, "check dropouts by left_behind")
        XCTAssertEqual(by.columns.map(\.name), ["left_behind", "count"])
        XCTAssertEqual(by.rows, [[.text("no"), .int(1)], [.text("yes"), .int(2)]])
        XCTAssertEqual(try s.rows("check dropouts by migrant, left_behind where left_behind = yes"), " yes 1; no yes 1")
        XCTAssertEqual(try s.rows("检查 辍学 按 留守儿童"), "no 1; yes 2")
        XCTAssertEqual(try s.rows("check dropouts by status as of 2025-05-31"), "withdrawn 1", "周婷 not yet a year, 吴凯 not yet withdrawn")
        XCTAssertEqual(try s.rows("check zoning by grade"), "")
        assertDiagnostic("check pending 1️⃣by school", "unexpected 'by' after the end of the statement")
    }
}
