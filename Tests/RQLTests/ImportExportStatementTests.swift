import Foundation
import XCTest
import Registry
@testable import RQL

/// Issue 15: `export … bom`, an export → import round trip through the statements, and the
/// engine's column vocabulary agreeing with the language's words.
final class ImportExportStatementTests: XCTestCase {
    func export(_ source: String) -> Statement.Export? {
        switch parseValid(source).first?.statement {
        case .exportStudents(let e)?, .exportSchools(let e)?: return e
        default: XCTFail("not an export: \(source)"); return nil
        }
    }

    func testBomComesBeforeOrAfterWhereOnce() {
        XCTAssertNil(export("export students to \"a.csv\"")?.bom)
        XCTAssertNotNil(export("export students to \"a.csv\" bom")?.bom)
        let before = export("export students to \"a.csv\" bom where grade = 1"), after = export("export students to a.csv where grade = 1 bom")
        XCTAssertNotNil(before?.bom); XCTAssertNotNil(before?.whereClause)
        XCTAssertNotNil(after?.bom); XCTAssertNotNil(after?.whereClause)
        XCTAssertNotNil(export("EXPORT SCHOOLS TO s.csv BOM")?.bom)
        assertDiagnostic("export students to a.csv bom 1️⃣bom", "duplicate 'bom' clause")
        XCTAssertFalse(RQLParser.parse("export schools to s.csv bom where code = 1").diagnostics.isEmpty)
    }

    func testExportWithBomThenImportRestoresTheStudents() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-bom-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let today = Day(year: 2025, month: 11, day: 1)!
        let s = Session(database: MemoryDatabase(Registry(today: today)))
        try s.run("add school 4103030001 name \"一小\" stage primary district 410303")
        try s.run("enrol name = \"甲\", gender = M, birth = 2018-03-15 at 4103030001 grade 1 class 2 on 2024-09-01")
        try s.run("suspend L410303201803150001 reason \"病休\" on 2025-03-01")
        try s.run("export students to \"\(dir)/学生.csv\" bom")
        try s.run("export schools to \"\(dir)/学校.csv\" bom")
        for name in ["学生.csv", "学校.csv"] {
            XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)")).prefix(3)), [0xEF, 0xBB, 0xBF], name)
        }
        let copy = Session(database: MemoryDatabase(Registry(today: today)))
        try copy.run("import schools from \"\(dir)/学校.csv\"")
        try copy.run("import students from \"\(dir)/学生.csv\"")
        let student = try copy.registry.student(RegistryNumber("L410303201803150001")!)
        XCTAssertEqual(student.status, .suspended)
        XCTAssertEqual(student.statusSince, Day(year: 2025, month: 3, day: 1))
        XCTAssertEqual(student.klass, 2)
    }

    /// The engine reads the columns by their Chinese words; where the language has a word for
    /// the same thing (a clause, a status), the engine reads the language's word.
    func testTheColumnWordsAgreeWithTheLanguagesWords() {
        for word in Vocabulary.clauses {
            guard let column = StudentColumn.allCases.first(where: { $0.english == word.english }) else { continue }
            XCTAssertTrue(column.headers.contains(word.chinese), "\(column) does not read \(word.chinese)")
        }
        XCTAssertEqual(Set(Vocabulary.clauses.map(\.english)).intersection(StudentColumn.allCases.map(\.english)), ["grade", "class", "reason"])
        for status in Status.allCases { XCTAssertTrue(status.importWords.contains(Vocabulary.chinese(status)), "\(status)") }
        for stage in SchoolStage.allCases { XCTAssertEqual(Vocabulary.chinese(stage), Stage(rawValue: stage.rawValue)?.chinese) }
        // Every column is a field the language knows, but for status_on and reason.
        for column in StudentColumn.allCases where column.field == nil { XCTAssertTrue([.statusOn, .reason].contains(column)) }
        // The family situation's columns (issue 17) read every word the language has for their
        // fields, and the language's 是 and 否.
        for column in [StudentColumn.migrant, .leftBehind] {
            for word in Vocabulary.studentFields[column.field!] ?? [] { XCTAssertTrue(column.headers.contains(word), "\(column) does not read \(word)") }
        }
        for answer in YesNo.allCases { XCTAssertEqual(YesNo(text: Vocabulary.chinese(answer)), answer) }
        // No header word names two columns.
        let words = StudentColumn.allCases.flatMap { $0.headers.map { $0.lowercased() } }
        XCTAssertEqual(Set(words).count, words.count)
        let schoolWords = SchoolColumn.allCases.flatMap { $0.headers.map { $0.lowercased() } }
        XCTAssertEqual(Set(schoolWords).count, schoolWords.count)
    }
}
