import XCTest
import Registry
@testable import Shell

final class CompleterTests: XCTestCase {
    let completer = Completer(
        schoolCodes: { p in ["4103030001", "4103030002", "4103110001"].filter { $0.hasPrefix(p) } },
        registryNumbers: { p in ["G410303200703150011", "G410303200801020022"].filter { $0.hasPrefix(p) } },
        listDirectory: { dir in
            switch dir {
            case ".": return ["students.csv", "schools.csv", "data/", ".hidden"]
            case "data/": return ["西工区.csv", "老城区.csv"]
            default: return nil
            }
        })

    func c(_ text: String) -> [String] { completer.candidates(for: text) }

    func testStatementKeywordsAtStart() {
        XCTAssertEqual(c(""), Completer.statementKeywords)
        XCTAssertEqual(c("f"), ["find"])
        XCTAssertEqual(c("FI"), ["find"])
        XCTAssertEqual(c("count where grade = 3; tr"), ["transfer"])
        XCTAssertEqual(c("explain co"), ["correct", "count", "commit", "confirm"])
        XCTAssertEqual(c("enr"), ["enrol", "enroll"], "every spelling, from the one vocabulary")
    }

    func testActorsAfterRevokeActorAndDotAs() {
        var withActors = completer
        withActors.actors = { ["national", "county:410303", "school:4103030001"] }
        XCTAssertEqual(withActors.candidates(for: "revoke actor co"), ["county:410303"])
        XCTAssertEqual(withActors.candidates(for: "revoke "), ["actor"])
        XCTAssertEqual(withActors.candidates(for: ".as sch"), ["school:4103030001"])
        XCTAssertEqual(withActors.candidates(for: "add a"), ["actor"])
        XCTAssertEqual(withActors.candidates(for: "find act"), ["actors"])
        withActors.openRequests = { ["#3", "#12"] }
        XCTAssertEqual(withActors.candidates(for: "approve #1"), ["#12"])
        XCTAssertEqual(withActors.candidates(for: "cancel "), ["#3", "#12"])
    }

    func testFieldsOfWhatFindLists() {
        XCTAssertEqual(c("find requests where st"), ["student", "status", "started_by", "started_on"])
        XCTAssertEqual(c("find actors where l"), ["level"])
        XCTAssertEqual(c("find schools where d"), ["district"])
        XCTAssertEqual(c("find requests where status = open o"), ["order", "or"])
        XCTAssertEqual(c("find actors "), ["where", "order", "limit"])
        XCTAssertEqual(c("find where st"), ["status"])
    }

    func testClauseKeywords() {
        XCTAssertEqual(c("find wh"), ["where"])
        XCTAssertEqual(c("find where grade = 3 "), ["where", "show", "order", "limit", "as", "and", "or"])
        XCTAssertEqual(c("find where grade = 3 order "), ["by"])
        XCTAssertEqual(c("find as "), ["of"])
        XCTAssertEqual(c("count students b"), ["by"])
        XCTAssertEqual(c("check "), ["duplicates", "dropouts", "zoning", "migration", "unconfirmed", "pending", "overdue"])
        XCTAssertEqual(c("check d"), ["duplicates", "dropouts"])
        XCTAssertEqual(c("find order by name "), ["where", "show", "order", "limit", "as", "asc", "desc"])
    }

    func testFieldsAfterFieldPositions() {
        XCTAssertEqual(c("find where sch"), ["school", "school.name", "school.stage", "school.district", "school.district.name", "school.city", "school.province"])
        XCTAssertEqual(c("find show no, na"), ["name"])
        XCTAssertEqual(c("count by gen"), ["gender"])
        XCTAssertEqual(c("find where grade = 3 and st"), ["status"])
        XCTAssertEqual(c("find where grade = 3 or bi"), ["birth"])
        XCTAssertEqual(c("correct G410303200703150011 set na"), ["name"])
        XCTAssertEqual(c("find where school.d"), ["school.district", "school.district.name"])
        XCTAssertEqual(c("find where name = \"张三\"\nand ag"), ["age"], "continuation line sees the statement")
    }

    func testFieldValues() {
        XCTAssertEqual(c("find where status = s"), ["suspended"])
        XCTAssertEqual(c("find where school.stage = "), ["primary", "junior", "senior"])
    }

    func testSchoolCodesAndRegistryNumbers() {
        XCTAssertEqual(c("find where school = 410303"), ["4103030001", "4103030002"])
        XCTAssertEqual(c("enrol G410303200703150011 at 41031"), ["4103110001"])
        XCTAssertEqual(c("transfer G410303200703150011 to 4103030"), ["4103030001", "4103030002"])
        XCTAssertEqual(c("show G4103032008"), ["G410303200801020022"])
        XCTAssertEqual(c("show "), ["G410303200703150011", "G410303200801020022"])
        XCTAssertEqual(c("promote "), ["G410303200703150011", "G410303200801020022", "where"])
        XCTAssertEqual(c("record G410303200703150011 a"), ["award", "activity", "aid"])
    }

    func testFileNames() {
        XCTAssertEqual(c("import students from \"st"), ["students.csv"])
        XCTAssertEqual(c("import students from \"data/"), ["data/老城区.csv", "data/西工区.csv"])
        XCTAssertEqual(c("export students to \"s"), ["schools.csv", "students.csv"])
        XCTAssertEqual(c(".read "), ["data/", "schools.csv", "students.csv"])
        XCTAssertEqual(c(".read ."), [".hidden"])
        XCTAssertEqual(c(".output s"), ["schools.csv", "students.csv", "stdout"])
        // Outside quotes a file name comes with its opening quote: the lexer needs it quoted.
        XCTAssertEqual(c("import students from st"), ["\"students.csv"])
        XCTAssertEqual(c("export students to "), ["\"data/", "\"schools.csv", "\"students.csv"])
    }

    /// Issue 14, item 6: a file name completed inside quotes closes them; one completed outside
    /// gets both quotes; a directory leaves the quote open; school codes are listed with names.
    func testPlansForQuotedFileNamesAndLabelledCodes() {
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "import students from \"st", candidates: ["students.csv"]),
                       .replace(word: "st", with: "students.csv\" "))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "import students from st", candidates: ["\"students.csv"]),
                       .replace(word: "st", with: "\"students.csv\" "))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "import students from da", candidates: ["\"data/"]),
                       .replace(word: "da", with: "\"data/"))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "import students from \"data/西", candidates: ["data/西工区.csv"]),
                       .replace(word: "data/西", with: "data/西工区.csv\" "))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "import students from ", candidates: ["\"schools.csv", "\"students.csv"]),
                       .replace(word: "", with: "\"s"))
        let codes = [CompletionPlan.labelled("4103030001", "西工区第一小学"), CompletionPlan.labelled("4103030002", "西工区第二小学")]
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "transfer G410303200703150012 to 410303000", candidates: codes),
                       .list(["4103030001 西工区第一小学", "4103030002 西工区第二小学"]))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "transfer G410303200703150012 to 4103030002", candidates: codes),
                       .replace(word: "4103030002", with: "4103030002 "))
    }

    func testNothingInsideNameStrings() {
        XCTAssertEqual(c("find where name = \"张"), [])
    }

    func testDotCommands() {
        XCTAssertEqual(c("."), DotCommand.names)
        XCTAssertEqual(c(".he"), [".help", ".headers"])
        XCTAssertEqual(c(".mode c"), ["csv", "chart"])
        XCTAssertEqual(c(".headers "), ["on", "off"])
        XCTAssertTrue(c(".help en").contains("enrol"))
        XCTAssertEqual(c(".mode csv "), [])
    }

    func testPlan() {
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "find wh", candidates: ["where"]), .replace(word: "wh", with: "where "))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "find where sch", candidates: ["school", "school.name"]),
                       .replace(word: "sch", with: "school"))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "find where school", candidates: ["school", "school.name"]),
                       .list(["school", "school.name"]))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: ".read da", candidates: ["data/"]), .replace(word: "da", with: "data/"))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "FIND WH", candidates: ["where"]), .replace(word: "WH", with: "where "))
        XCTAssertEqual(CompletionPlan.plan(lineBeforeCursor: "x", candidates: []), .none)
        XCTAssertEqual(CompletionPlan.lastWord(of: "find where name=\"欧阳"), "欧阳")
        XCTAssertEqual(CompletionPlan.lastWord(of: "find where (school.na"), "school.na")
    }

    func testColumnsLayout() {
        let out = CompletionPlan.columns(["school", "school.name", "张三", "欧阳娜娜"], width: 30)
        XCTAssertEqual(out, "school       张三\nschool.name  欧阳娜娜\n")
    }
}

/// Issue 16: in Chinese (`--lang zh`, `.lang zh`, the locale) Tab offers the Chinese keywords
/// and fields, and Chinese words typed before the cursor are understood as the English ones.
final class ChineseCompletionTests: XCTestCase {
    let completer = Completer()
    func c(_ text: String) -> [String] { completer.candidates(for: text) }

    override func tearDown() { Language.current = .en; super.tearDown() }

    func testChineseWordsAreOfferedInChinese() {
        Language.current = .zh
        XCTAssertEqual(c("统"), ["统计"])
        XCTAssertEqual(Set(c("查找 条件 学校")), ["学校", "学校名称", "学校区划", "学校区划名称", "学校所在市", "学校所在省"])
        XCTAssertTrue(c("查找 条件 年级 = 3 ").contains("且"), "\(c("查找 条件 年级 = 3 "))")
        XCTAssertTrue(c("统计 ").contains("按"), "\(c("统计 "))")
        XCTAssertTrue(c("统计 按 ").contains("年级"), "\(c("统计 按 "))")
        XCTAssertEqual(c("检查 查"), ["查重"])
        XCTAssertEqual(c("查找 条件 状态 = 在"), ["在读"])
        // An ASCII prefix still completes the English words.
        XCTAssertEqual(c("count by gen"), ["gender"])
    }

    func testInEnglishChineseTypedWordsStillGuideCompletion() {
        Language.current = .en
        XCTAssertEqual(c("统计 按 gen"), ["gender"])
        XCTAssertEqual(c("统"), ["统计"], "a Chinese prefix completes in Chinese whatever the language")
    }
}

/// Issue 17's words complete from the one vocabulary.
final class FamilyCompletionTests: XCTestCase {
    let completer = Completer(schoolCodes: { _ in [] }, registryNumbers: { p in ["G410303200703150011"].filter { $0.hasPrefix(p) } },
                              listDirectory: { _ in nil })

    func testConfirmItsClausesTheNewCheckAndFields() {
        XCTAssertEqual(completer.candidates(for: "conf"), ["confirm"])
        XCTAssertEqual(completer.candidates(for: "check unc"), ["unconfirmed"])
        XCTAssertEqual(completer.candidates(for: "find where migr"), ["migrant"])
        XCTAssertEqual(completer.candidates(for: "count by left"), ["left_behind"])
        XCTAssertEqual(completer.candidates(for: "confirm G410303200703150011 gu"), ["guardian"])
        XCTAssertEqual(completer.candidates(for: "confirm G410303200703150011 guardian \"张建国\" rel"), ["relation"])
        XCTAssertEqual(completer.candidates(for: "find where left_behind = "), ["yes", "no", "unknown"])
        XCTAssertEqual(completer.candidates(for: "check dropouts b"), ["by"])
    }
}
