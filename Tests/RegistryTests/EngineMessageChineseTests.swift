import XCTest
@testable import Registry

/// The engine catalogue's Chinese texts (issue 16): the same arguments as the English, and
/// `text(_:)` picks the language.
final class EngineMessageChineseTests: XCTestCase {
    let n = RegistryNumber("G410303200703150012")!
    let day = Day("2024-09-01")!

    func testIdentityChinese() {
        XCTAssertEqual(IdentityMessage.idAlreadyRegistered(id: "410303200703150012", number: "G410303200703150012", name: "张三").chinese,
                       "身份证号 410303200703150012 已登记，学籍号为 G410303200703150012（张三）")
        XCTAssertEqual(IdentityMessage.idWrongLength(text: "4103").chinese,
                       "身份证号「4103」有 4 个字符；应为 18 个（17 位数字加 1 位校验码）")
        XCTAssertEqual(IdentityMessage.idWrongCheckCharacter(text: "410303200703150011", found: "1", expected: "2").chinese,
                       "身份证号「410303200703150011」的校验码是 1，但按其前 17 位应为 2")
        XCTAssertEqual(IdentityMessage.gradeNotInSchoolStage(school: SchoolCode("4103030001")!, name: "西工一小", stage: .primary, grade: 7).chinese,
                       "4103030001 西工一小 是 primary 学段的学校（1–6 年级）；7 年级不属于该学段")
        XCTAssertEqual(IdentityMessage.textTooLong(field: .name, character: 101, length: 120).chinese,
                       "name：第 101 个字符超出上限：姓名最多 100 个字符（这里有 120 个）")
        XCTAssertEqual(IdentityMessage.textControlCharacter(field: .reason, character: 3, scalar: "\u{1B}").chinese,
                       "reason：第 3 个字符是控制字符 U+001B；理由不能包含控制字符（换行除外）")
        XCTAssertEqual(IdentityMessage.textControlCharacter(field: .name, character: 2, scalar: "\n").chinese,
                       "name：第 2 个字符是换行符（U+000A）；姓名只能是一行（只有理由和成长记录内容可以多行）")
    }

    func testLifecycleChinese() {
        XCTAssertEqual(LifecycleMessage.alreadyEnrolled(number: n, name: "张三", status: .active, school: SchoolCode("4103030001")!,
                                                        schoolName: "西工一小", stage: .primary, newStage: .primary).chinese,
                       "G410303200703150012（张三）在 4103030001 西工一小 的状态为 active；请改为办理转学")
        XCTAssertEqual(LifecycleMessage.promoteFinalGrade(number: n, name: "张三", grade: 6, stage: .primary).chinese,
                       "G410303200703150012（张三）在 6 年级，已是 primary 学段的最高年级；请改为办理毕业")
        XCTAssertEqual(LifecycleMessage.importedOutsideHukou(count: 3).chinese,
                       "3 条入学记录不在户籍区划内；check zoning（检查 划片）会列出")
        XCTAssertEqual(LifecycleMessage.revertLaterEvent(number: n, name: "张三", later: .transfer, laterOn: day, entry: 5).chinese,
                       "G410303200703150012（张三）在条目 5 之后还有事件（2024-09-01 transfer）；不能撤销")
        XCTAssertEqual(LifecycleMessage.outsideScope(subject: .transferInto(number: n, name: "张三"), school: SchoolCode("4103030002")!,
                                                     schoolName: "西工二小", scope: ActorName("county:410302")!).chinese,
                       "G410303200703150012（张三）转入的学校 4103030002 西工二小 不在 county:410302 的管辖范围内")
    }

    func testGovernanceChinese() {
        XCTAssertEqual(GovernanceMessage.notAwaitedParty(request: 4, awaiting: ActorName("county:410303")!,
                                                         actor: ActorName("school:4103030001")!, decision: .reject).chinese,
                       "申请 #4 正等待 county:410303 处理；school:4103030001 不能驳回它")
        XCTAssertEqual(GovernanceMessage.oneRequestAtATime(student: n, request: 2, kind: .transfer, awaiting: nil).chinese,
                       "G410303200703150012 已有一个未办结的申请（#2 transfer，待 ? 处理）；每名学生同一时间只能有一个申请")
        XCTAssertEqual(GovernanceMessage.schoolExists(code: SchoolCode("4103030001")!, name: "西工一小").chinese,
                       "学校 4103030001 已存在（西工一小）")
    }

    func testEngineMessageDelegatesAndTextPicksTheLanguage() {
        let m = EngineMessage.identity(.noStudent(number: "G410303200703150012"))
        XCTAssertEqual(m.chinese, "没有学籍号为 G410303200703150012 的学生")
        XCTAssertEqual(m.text(.zh), "没有学籍号为 G410303200703150012 的学生")
        XCTAssertEqual(m.text(.en), "no student has registry number G410303200703150012")
        XCTAssertEqual(EngineMessage.lifecycle(.suspensionNeedsReason).text(.zh), "休学须给出理由")
        XCTAssertEqual(EngineMessage.governance(.schoolNeedsName).text(.en), "a school needs a name")
        XCTAssertEqual(EngineMessage.external("boom").text(.zh), "boom")
        // The error's message stays English; the caller picks the language through `id`.
        let e = RegistryError(.r13, .lifecycle(.suspensionNeedsReason))
        XCTAssertEqual(e.message, "a suspension needs a reason")
        XCTAssertEqual(e.id.text(.zh), "休学须给出理由")
    }

    func testRulesHaveChinese() {
        for r in Rule.allCases {
            XCTAssertFalse(r.chineseText.isEmpty, r.id)
            XCTAssertFalse(r.chineseSource.isEmpty, r.id)
            XCTAssertEqual(r.text(.en), r.text)
            XCTAssertEqual(r.text(.zh), r.chineseText)
        }
        XCTAssertEqual(Rule.r1.chineseSource, "第5、6条")
        XCTAssertEqual(Rule.r13.text(.zh), "休学须给出理由；只有休学的学生才能复学。")
        XCTAssertEqual(Rule.r9.source(.zh), "第13条")
        XCTAssertEqual(Rule.r9.source(.en), "Art 13")
    }
}
