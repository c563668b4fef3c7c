import XCTest
import Registry
@testable import RQL

/// Issue 16: the parser's, checker's and session's messages (`MessageID`), the grammar's
/// phrases, the result texts and the acknowledgements have their Chinese beside the English,
/// with the same arguments; `text(.zh)` and `text(.en)` pick one.
final class DiagnosticsChineseTests: XCTestCase {
    /// The first diagnostic's id for `source`.
    private func id(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> MessageID? {
        let id = RQLParser.parse(source).diagnostics.first?.id
        XCTAssertNotNil(id, "no diagnostic for \(source)", file: file, line: line)
        return id
    }

    func testParserMessagesInChinese() {
        let kind = id("find where grade = \"x\"")
        XCTAssertEqual(kind?.chinese, "grade 是数字字段；\"x\" 是文本")
        XCTAssertEqual(kind?.english, "grade is a number; \"x\" is text")

        let date = id("find where birth = 2013-02-30")
        XCTAssertEqual(date?.chinese, "无效的日期「2013-02-30」")
        XCTAssertEqual(date?.chineseHint, "2013-02 只有 28 天")

        XCTAssertEqual(id("find where status = activ")?.chinese, "未知的 status「activ」；是不是「active」？")
        XCTAssertEqual(id("add school 4103030001 name \"一\" stage middle district 410303")?.chinese,
                       "未知的 stage「middle」；应为 primary、junior 或 senior")
        XCTAssertEqual(id("find where name like 5")?.chinese, "在「like」之后应为带引号的匹配模式，却遇到「5」")
        XCTAssertEqual(id("find where \"x\"")?.chinese, "在「where」之后应为字段名，却遇到字符串 \"x\"")
        XCTAssertEqual(id("find where \"x\"")?.chineseHint, "条件以字段开头：name = \"x\"")
        XCTAssertEqual(id("check foo")?.chinese, "在「check」之后应为 duplicates、dropouts、zoning、migration 或 unconfirmed，却遇到「foo」")

        let needs = id("enrol name = \"张三\", gender = M at 4103030001")
        XCTAssertEqual(needs?.chinese, "enrol 缺少学生的 birth：在「M」之后应为「, birth = …」，却遇到「at」")
        let school = id("add school 4103030001 stage primary")
        XCTAssertEqual(school?.chinese, "add school 缺少名称：在「primary」之后应为「name」")
        XCTAssertEqual(school?.chineseHint, "例如 name \"洛阳市西工区第一小学\"")

        let reason = id("withdraw G410303200703150012")
        XCTAssertEqual(reason?.chinese, "退学需要理由：请加上 reason \"…\"")
        XCTAssertEqual(reason?.chineseHint, "例如 withdraw G410303200703150012 reason \"随父母出国\"")

        let after = id("find where grade = 1 foo")
        XCTAssertEqual(after?.chinese, "语句结束后不应再有「foo」")
        XCTAssertEqual(after?.chineseHint, "开始另一条语句之前，请用「;」或换行结束这一条")

        let line = id("find where grade = 1\nwhere grade = 2")
        XCTAssertEqual(line?.chinese, "一行不能以「where」开头：要接续上一行，请在上一行末尾加「\\」")
        XCTAssertEqual(line?.chineseHint, "上一行已是一条完整的语句，所以在那里结束了")

        let correct = id("correct G410303200703150012 set grade = 2 reason \"x\"")
        XCTAssertEqual(correct?.chinese, "grade 不能更正：请用 promote，或 transfer … grade N")
        XCTAssertEqual(correct?.chineseHint, "可更正的字段：id_card、name、gender、birth、ethnicity、hukou、class、migrant、left_behind")

        XCTAssertEqual(id("count by grade limit 2 limit 3")?.chineseHint, "count 的 where、by、order by、limit、show 各只能写一次")
        XCTAssertEqual(id("find where name = 'abc")?.chineseHint, "请用「'」结束字符串")
    }

    func testSessionMessagesInChinese() {
        XCTAssertEqual(MessageID.outsideScope(number: "G410303200703150012", actor: "county:410303").chinese,
                       "G410303200703150012 不在 county:410303 的管辖范围内")
        XCTAssertEqual(MessageID.outsideScope(number: "G410303200703150012", actor: nil).chinese,
                       "G410303200703150012 不在本会话的管辖范围内")
        XCTAssertEqual(MessageID.notAFieldOf(field: "grade", noun: "request").chinese, "「grade」不是申请的字段")
        XCTAssertEqual(MessageID.schoolCodeDigits(text: "41030300", digits: 8).chinese, "学校代码为 10 位数字；「41030300」有 8 位")
        XCTAssertEqual(MessageID.verifyFoundDamage(problems: ["a", "b"]).chinese, "校验发现损坏：a；b")
        XCTAssertEqual(MessageID.invalidUTF8(byte: 0xB5).chinese, "无效的 UTF-8（字节 0xB5）；该行未执行")
    }

    func testPhrasesInChinese() {
        XCTAssertEqual(Phrase.either([.registryNumber, .word("where")]).chinese, "学籍号或「where」")
        XCTAssertEqual(Phrase.wordThen("to", .schoolCode).chinese, "「to」和学校代码")
        XCTAssertEqual(Phrase.stage.chinese, "学段（primary、junior 或 senior）")
        XCTAssertEqual(Phrase.growthText(kind: "award").chinese, "带引号的奖励内容")
    }

    func testResultTextsInChinese() {
        XCTAssertEqual(ResultText.count(3, .student).chinese, "3 名学生")
        XCTAssertEqual(ResultText.count(2, .school).chinese, "2 所学校")
        XCTAssertEqual(ResultText.count(5, .request).chinese, "5 个申请")
        XCTAssertEqual(ResultText.firstGroups(limit: 5, groups: 12, students: 300).chinese, "12 组中的前 5 组（共 300 名学生）")
        XCTAssertEqual(ResultText.bulk(.promoted, changed: 120, skipped: [.r8: 3]).chinese, "升级 120 名，跳过 3 名（R8）")
        XCTAssertEqual(ResultText.bulk(.wouldGraduate, changed: 40, skipped: [.r9: 1, .r8: 2]).chinese, "将毕业 40 名，将跳过 2 名（R8）、1 名（R9）")
        XCTAssertEqual(ResultText.bulk(.promoted, changed: 120, skipped: [.r8: 3]).english, "promoted 120, skipped 3 (R8)")
        XCTAssertEqual(ResultText.verifyJournal(entries: 42).chinese, "日志：已重新遍历 42 条记录，哈希链完好")
        XCTAssertEqual(ResultText.requestEnrol(kind: "next stage", who: "G410303200703150012", school: "4103030101", grade: 7).chinese,
                       "升学 G410303200703150012，4103030101，7 年级")
        XCTAssertEqual(ResultText.planAccess(.planScan(students: 120, asOf: nil)).chinese, "  访问：扫描全部 120 名学生")
    }

    func testAcknowledgementsInChinese() {
        let enrolled = AcknowledgementText.enrolled(number: "G410303200703150012", name: "张三", school: "4103030001",
                                                    schoolName: "洛阳市西工区第一小学", grade: 1)
        XCTAssertEqual(enrolled.chinese, "已入学 G410303200703150012 张三，4103030001 洛阳市西工区第一小学，1 年级")
        XCTAssertEqual(AcknowledgementText.addedSchool(code: "4103030001", name: "一小", stage: "primary", grades: 1...6, district: "410303").chinese,
                       "已添加学校 4103030001 一小（小学，1–6 年级，区划 410303）")
        XCTAssertEqual(AcknowledgementText.approved(number: 3, request: "转学 G410303200703150012 4103030001 → 4103050001",
                                                    awaiting: nil, due: nil).chinese,
                       "已审批 #3 转学 G410303200703150012 4103030001 → 4103050001：已办结")
        XCTAssertEqual(AcknowledgementText.committed(changes: 2).chinese, "已提交 2 项更改")
        XCTAssertEqual(AcknowledgementText.verifyOK.chinese, "校验：通过")
    }

    func testTextPicksTheLanguage() {
        let m = MessageID.unknownStatement(word: "frob", statements: [])
        XCTAssertEqual(m.text(.en), "unknown statement 'frob'")
        XCTAssertEqual(m.text(.zh), "未知语句「frob」")
        XCTAssertEqual(ResultText.count(1, .student).text(.en), "1 student")
        XCTAssertEqual(ResultText.count(1, .student).text(.zh), "1 名学生")
        XCTAssertEqual(AcknowledgementText.verifyOK.text(.en), "verify: ok")
        XCTAssertEqual(AcknowledgementText.verifyOK.text(.zh), "校验：通过")
        XCTAssertEqual(Phrase.registryNumber.text(.zh), "学籍号")
        XCTAssertEqual(Phrase.registryNumber.text(.en), "a registry number")
    }
}
