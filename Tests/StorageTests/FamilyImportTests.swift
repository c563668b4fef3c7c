import XCTest
@testable import Registry

/// Issue 17: the family situation's two optional columns, `migrant` (是否随迁子女) and
/// `left_behind` (是否留守儿童), in CSV files and workbooks: every spelling `YesNo` reads, the words
/// for not known, a bad value refused at its row with nothing imported, the answers kept by the
/// journal, and an export that imports back into the same answers.
final class FamilyImportTests: StorageTestCase {
    override func setUp() {
        super.setUp()
        today = Day(year: 2025, month: 11, day: 1)!
    }

    func registry() throws -> Registry {
        let reg = Registry(today: today)
        try reg.addSchool(Self.primary)
        try reg.addSchool(School(code: SchoolCode("4103030002")!, name: "洛阳市西工区第二小学", stage: .primary,
                                 district: DistrictCode("410303")!))
        return reg
    }

    /// A nine-column row of a pupil in grade 3 of 4103030001, born on day `k` of 2016, with
    /// the two cells after it; `header` names every column.
    static func file(_ header: String, _ answers: [(String, String)]) -> String {
        answers.enumerated().reduce(header + "\n") { text, row in
            let birth = Day(year: 2016, month: 3, day: 1 + row.offset)!
            let id = idCard(birth: birth, seq: 2 * row.offset + 1)
            return text + "\(id),学生\(row.offset),M,\(birth),汉族,410303,4103030001,3,2022-09-01,\(row.element.0),\(row.element.1)\n"
        }
    }

    static let english = "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on,migrant,left_behind"
    static let chinese = "身份证号,姓名,性别,出生日期,民族,户籍,学校,年级,入学日期,是否随迁子女,是否留守儿童"

    /// Imports CSV text (in `parts` parts: the rows are planned on several threads).
    @discardableResult
    func importCSV(_ reg: Registry, _ text: String, file: String = "s.csv", parts: Int? = nil) throws -> ImportResult {
        let r: Result<ImportResult, RegistryError> = Array(text.utf8).withUnsafeBytes { b in
            do throws(RegistryError) { return .success(try reg.importStudents(csv: b, file: file, progress: nil, parts: parts)) }
            catch { return .failure(error) }
        }
        return try r.get()
    }

    /// The two answers of each student, in file order, as the registry gives them.
    func answers(_ reg: Registry) -> [[Value]] {
        reg.allStudents.map { [reg.value(.migrant, of: $0), reg.value(.leftBehind, of: $0)] }
    }

    static let spellings: [(String, String)] = [
        ("yes", "no"), ("no", "yes"), ("Y", "n"), ("1", "0"), ("是", "否"), ("否", "是"), ("TRUE", "False"),
        ("", ""), ("不详", "未知"), ("Unknown", " no "), (" 是 ", ""),
    ]
    /// What the registry holds for each of `spellings` (nil: not known).
    static let read: [[Value]] = ([
        ["yes", "no"], ["no", "yes"], ["yes", "no"], ["yes", "no"], ["yes", "no"], ["no", "yes"], ["yes", "no"],
        [nil, nil], [nil, nil], [nil, "no"], ["yes", nil],
    ] as [[String?]]).map { $0.map { $0.map(Value.text) ?? .null } }

    func testEverySpellingUnderEnglishHeaders() throws {
        let reg = try registry()
        XCTAssertEqual(try importCSV(reg, Self.file(Self.english, Self.spellings)).imported, Self.spellings.count)
        XCTAssertEqual(answers(reg), Self.read)
    }

    func testChineseHeadersAndTheirSynonyms() throws {
        for header in [Self.chinese, Self.chinese.replacingOccurrences(of: "是否", with: ""),
                       Self.english.replacingOccurrences(of: "migrant,left_behind", with: "随迁子女,是否留守儿童")] {
            let reg = try registry()
            XCTAssertEqual(try importCSV(reg, Self.file(header, Self.spellings)).imported, Self.spellings.count, header)
            XCTAssertEqual(answers(reg), Self.read, header)
        }
    }

    /// Rows planned on several threads give the same answers, each at its own row.
    func testAPartedImportKeepsEachRowsAnswers() throws {
        let many = (0..<300).map { Self.spellings[$0 % Self.spellings.count] }
        let rows = (0..<300).map { Self.read[$0 % Self.read.count] }
        let reg = try registry()
        // The same child 300 times would be R1: a birth day each, March to December.
        let text = many.enumerated().reduce(Self.english + "\n") { text, row in
            let birth = Day(year: 2016, month: 3 + row.offset % 10, day: 1 + row.offset / 10)!
            return text + "\(Self.idCard(birth: birth, seq: 1)),学生,M,\(birth),汉族,410303,4103030001,3,2022-09-01,\(row.element.0),\(row.element.1)\n"
        }
        XCTAssertEqual(try importCSV(reg, text, parts: 7).imported, 300)
        XCTAssertEqual(answers(reg), rows)
    }

    /// Either column alone; a file without them imports every answer unknown.
    func testOneColumnOrNone() throws {
        let only = try registry()
        let text = Self.file(Self.english, [("x", "是"), ("x", "")]).replacingOccurrences(of: ",migrant", with: "")
            .replacingOccurrences(of: ",x,", with: ",")
        try importCSV(only, text)
        XCTAssertEqual(answers(only), [[.null, .text("yes")], [.null, .null]])
        let none = try registry()
        let nine = Self.file(Self.english, [("", "")]).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(9).joined(separator: ",") }
        try importCSV(none, nine.joined(separator: "\n") + "\n")
        XCTAssertEqual(answers(none), [[.null, .null]])
    }

    func testABadValueIsRefusedAtItsRowNamingItsColumn() throws {
        let reg = try registry()
        let text = Self.file(Self.chinese, [("是", "否"), ("是", "也许"), ("maybe", ""), ("否", "否")])
        XCTAssertThrowsError(try importCSV(reg, text, file: "学生.csv")) { e in
            let error = e as! RegistryError
            XCTAssertEqual(error.message.split(separator: "\n").map(String.init), [
                "import of 学生.csv refused: 2 bad rows; nothing was imported",
                "学生.csv:3: 是否留守儿童 '也许' is not yes or no (是/否, y/n, 1/0); leave it empty (or 不详) when not known",
                "学生.csv:4: 是否随迁子女 'maybe' is not yes or no (是/否, y/n, 1/0); leave it empty (or 不详) when not known",
            ])
            XCTAssertEqual(error.id.chinese.split(separator: "\n").last.map(String.init),
                           "学生.csv:4: 是否随迁子女 的值“maybe”不是 是 或 否（yes/no、y/n、1/0）；不详时留空（或填 不详）")
        }
        XCTAssertEqual(reg.studentCount, 0, "all or nothing")
        // The column as the file spells it.
        XCTAssertThrowsError(try importCSV(reg, Self.file(Self.english, [("2", "")]))) { e in
            XCTAssertTrue((e as! RegistryError).message.hasSuffix("s.csv:2: migrant '2' is not yes or no (是/否, y/n, 1/0); leave it empty (or 不详) when not known"),
                          "\(e)")
        }
        XCTAssertEqual(reg.studentCount, 0)
    }

    func testAWorkbookWithChineseHeaders() throws {
        let reg = try registry()
        XCTAssertEqual(try reg.importStudents(fromFile: WorkbookImportTests.fixtures.appendingPathComponent("students-family.xlsx").path).imported, 5)
        let byName = Dictionary(uniqueKeysWithValues: reg.allStudents.map { (reg.student($0).name, $0) })
        func of(_ name: String) -> [Value] { [reg.value(.migrant, of: byName[name]!), reg.value(.leftBehind, of: byName[name]!)] }
        XCTAssertEqual(of("王思晨"), [.text("no"), .text("yes")])      // 否, 是
        XCTAssertEqual(of("李思思"), [.null, .null])                    // empty cells the sheet left out
        XCTAssertEqual(of("张小明"), [.text("yes"), .text("no")])      // 是, 否
        XCTAssertEqual(of("赵一鸣"), [.text("yes"), .text("no")])      // the numbers 1 and 0
        XCTAssertEqual(of("陈静"), [.null, .text("no")])                // 不详, the boolean FALSE
    }

    /// The journal keeps the answers: a reopen replays the import into the same registry.
    func testTheAnswersAreJournalled() throws {
        let text = Array(Self.file(Self.english, Self.spellings).utf8)
        let store = try open()
        try store.change { r in try r.addSchool(Self.primary) }
        try store.change { r in try text.withUnsafeBytes { try r.importStudents(csv: $0, file: "s.csv") } }
        let imported = answers(store.registry)
        store.close()
        let again = try open()
        XCTAssertEqual(answers(again.registry), Self.read)
        XCTAssertEqual(answers(again.registry), imported)
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }

    /// CSV and workbook exports write `yes`, `no` or nothing, and import back into the same answers.
    func testExportsWriteTheAnswersAndImportBack() throws {
        let reg = try registry()
        try importCSV(reg, Self.file(Self.english, Self.spellings))
        let csv = String(decoding: reg.exportStudentsCSV(), as: UTF8.self).split(separator: "\n").map(String.init)
        XCTAssertEqual(csv[0], "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on,no,class,status,status_on,reason,migrant,left_behind")
        XCTAssertEqual(csv.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).suffix(2).joined(separator: ",") },
                       ["yes,no", "no,yes", "yes,no", "yes,no", "yes,no", "no,yes", "yes,no", ",", ",", ",no", "yes,"])
        let back = try registry()
        try importCSV(back, csv.joined(separator: "\n") + "\n")
        XCTAssertEqual(answers(back), Self.read)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let book = dir + "/学生.xlsx"
        try reg.exportStudents(to: book)
        let fromBook = try registry()
        XCTAssertEqual(try fromBook.importStudents(fromFile: book).imported, Self.spellings.count)
        XCTAssertEqual(answers(fromBook), Self.read)
    }
}
