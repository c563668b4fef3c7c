import XCTest
@testable import Registry

/// The columns of an import: headers in English, Chinese or a synonym; the optional `no`,
/// `class`, `status`, `status_on`, `reason`, each refused at its row when wrong; the written
/// date forms; a spreadsheet's rows read the CSV way; governed imports' ID numbers.
final class ImportColumnsTests: StorageTestCase {
    override func setUp() {
        super.setUp()
        today = Day(year: 2025, month: 11, day: 1)!
    }

    var chineseHeaders: String {
        get throws { try String(contentsOf: FieldFileImportTests.fixtures.appendingPathComponent("chinese-headers-students.csv"), encoding: .utf8) }
    }

    func registryWithSchools() throws -> Registry {
        let reg = Registry(today: today)
        _ = try reg.importSchools(fromFile: FieldFileImportTests.fixtures.appendingPathComponent("excel-gb18030-schools.csv").path)
        return reg
    }

    /// The import's refusal text of `text`, after checking nothing was imported.
    func refusal(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let reg = try registryWithSchools()
        let r: Result<ImportResult, RegistryError> = Array(text.utf8).withUnsafeBytes { b in
            do throws(RegistryError) { return .success(try reg.importStudents(csv: b, file: "s.csv")) } catch { return .failure(error) }
        }
        XCTAssertEqual(reg.studentCount, 0, "all or nothing", file: file, line: line)
        guard case .failure(let e) = r else { XCTFail("imported", file: file, line: line); return "" }
        return e.message
    }

    /// The Chinese-headers fixture with line `n` (1 = the header) replaced by `edit(line)`.
    func edited(_ n: Int, _ edit: (String) -> String) throws -> String {
        var lines = try chineseHeaders.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[n - 1] = edit(lines[n - 1])
        return lines.joined(separator: "\n")
    }

    func testEachBadValueOfTheNewColumnsIsRefusedAtItsRow() throws {
        let cases: [(Int, (String) -> String, String)] = [
            (2, { $0.replacingOccurrences(of: "G410303201303200425", with: "G410303201101010519") },
             "s.csv:2: [R3] G410303201101010519 is not the registry number of ID number 410303201303200425: a G number is G and the ID number"),
            (2, { $0.replacingOccurrences(of: "G410303201303200425", with: "G410303201303200426") },
             "s.csv:2: [R3] 学籍号 'G410303201303200426' is not a registry number (G, L or J and 18 digits or X)"),
            (2, { $0.replacingOccurrences(of: "G410303201303200425,410303201303200425", with: "G410303201303200425,") },
             "s.csv:2: [R3] G410303201303200425 is a G number, but the row has no ID number: a G number is G and the ID number"),
            (2, { $0.replacingOccurrences(of: ",6,2,", with: ",5,2,") },
             "s.csv:2: [R9] G410303201303200425 (孙丽) is in grade 5; only grade 6, the final grade of primary stage, can graduate"),
            (3, { $0.replacingOccurrences(of: ",病休", with: ",") }, "s.csv:3: [R13] "),
            (4, { $0.replacingOccurrences(of: ",随父母外出务工", with: ",") }, "s.csv:4: [R12] "),
            (3, { $0.replacingOccurrences(of: "2025-03-01", with: "2024-08-01") }, "s.csv:3: [R16] 2024-08-01 is before"),
            (3, { $0.replacingOccurrences(of: "2025-03-01", with: "2026-03-01") }, "s.csv:3: [R16] 2026-03-01 is after today"),
            (4, { $0.replacingOccurrences(of: "L410303201007070001", with: "L41030320100707") },
             "s.csv:4: [R3] 学籍号 'L41030320100707' is not a registry number (G, L or J and 18 digits or X)"),
            (3, { $0.replacingOccurrences(of: "休学", with: "转学") },
             "s.csv:3: 学籍状态 '转学' is not a status: active, suspended, graduated, withdrawn or voided (在读, 休学, 毕业, 退学, 作废)"),
            (5, { $0.replacingOccurrences(of: ",7,4,", with: ",7,四,") }, "s.csv:5: 班 '四' is not a class number (1–999)"),
            (5, { $0.replacingOccurrences(of: ",7,4,", with: ",7,1000,") }, "s.csv:5: class 1000 is out of range (1–999)"),
            (6, { $0.replacingOccurrences(of: ",随迁子女，补录", with: ",") }, "s.csv:6: [R6] "),
        ]
        for (n, edit, expected) in cases {
            let message = try refusal(try edited(n, edit))
            XCTAssertTrue(message.hasPrefix("import of s.csv refused: 1 bad row; nothing was imported\n"), message)
            XCTAssertTrue(message.split(separator: "\n").last?.hasPrefix(expected) == true, "\(expected)\n\(message)")
        }
        // A temporary number on a row with an ID number; the same kept number twice.
        let both = try edited(4) { $0.replacingOccurrences(of: ",,吴敏,女,2010-07-07", with: ",410303201007070021,吴敏,女,2010-07-07") }
        XCTAssertTrue(try refusal(both).hasSuffix("s.csv:4: [R3] L410303201007070001 is a temporary number, but the row has ID number "
                                                  + "410303201007070021; leave the number empty (G and the ID number is issued)"))
        let twice = try chineseHeaders + "L410303201007070001,,吴二,女,2010-07-07,汉族,410303,4103030101,9,,2023-09-01,,,\n"
        XCTAssertTrue(try refusal(twice).hasSuffix("s.csv:7: [R3] registry number L410303201007070001 is already issued, to 吴敏; a number is issued once"))
    }

    func testHeadersAreMatchedOnceWhateverTheirLanguage() throws {
        XCTAssertEqual(try refusal(try edited(1) { $0 + ",备注" }),
                       "s.csv:1: unknown column '备注'; the columns are id_card,name,gender,birth_date,ethnicity,hukou,school,grade,"
                       + "enrolled_on, and optionally no,class,status,status_on,reason,migrant,left_behind (or their Chinese names)")
        XCTAssertEqual(try refusal(try edited(1) { $0.replacingOccurrences(of: "学籍号,", with: "ID_CARD,") }),
                       "s.csv:1: 'ID_CARD' and '身份证件号' are both column id_card")
        XCTAssertEqual(try refusal(try edited(1) { $0.replacingOccurrences(of: ",入学时间,", with: ",班级,") }),
                       "s.csv:1: '班' and '班级' are both column class")
        XCTAssertEqual(try refusal("姓名,性别\n张三,男\n"),
                       "s.csv:1: missing columns id_card (身份证号), birth_date (出生日期), ethnicity (民族), hukou (户籍), school (学校), "
                       + "grade (年级), enrolled_on (入学日期); the header row is required")
        // Every header word reads as its column, any case, spaces around it trimmed.
        for c in StudentColumn.allCases {
            for h in c.headers {
                let cells = StudentColumn.allCases.map { $0 == c ? " \(h.uppercased()) " : $0.english }
                XCTAssertEqual(try HeaderMap<StudentColumn>.match(cells).index[c], c.index, h)
            }
        }
    }

    /// Excel writes a comma for every column of the sheet's used range, named or not.
    func testColumnsWithAnEmptyHeaderCellAreReadOnlyWhenEmpty() throws {
        let padded = try chineseHeaders.split(separator: "\n").map { $0 + ",," }.joined(separator: "\n") + "\n"
        let reg = try registryWithSchools()
        XCTAssertEqual(try Array(padded.utf8).withUnsafeBytes { try reg.importStudents(csv: $0, file: "s.csv") }.imported, 5)
        let stray = try edited(3) { $0 + ",,见附件" }.split(separator: "\n").enumerated()
            .map { $0.offset == 2 ? String($0.element) : $0.element + ",," }.joined(separator: "\n")
        let message = try refusal(stray)
        XCTAssertTrue(message.hasSuffix("s.csv:3: field 16 ('见附件') is under an empty header cell; name its column or clear it"), message)
    }

    func testDatesAsSpreadsheetsWriteThem() {
        func day(_ s: String) -> Day? { var t = s; return t.withUTF8 { CSVField.day(UnsafeRawBufferPointer($0)) } }
        for s in ["2007-03-15", "2007/3/15", "2007/03/15", "2007-3-15", "2007.3.15", "2007年3月15日", "2007年3月15", "20070315",
                  "2007/3/15 0:00", "2007/3/15 00:00:00"] {
            XCTAssertEqual(day(s), Day("2007-03-15"), s)
        }
        for s in ["2007/2/30", "2007-02-30", "2007/3/15 8:30", "2007/3", "2007/3-15", "07/3/15", "2007/3/15/", "2007/003/15",
                  "3/15/2007", "2007年3/15", "", "2007031", "200703155"] {
            XCTAssertNil(day(s), s)
        }
    }

    /// A spreadsheet's rows (text cells; trailing blanks dropped) import as the CSV's do.
    func testSpreadsheetRowsGoTheCSVWay() throws {
        let lines = try chineseHeaders.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let table = ImportTable(header: lines[0], rows: lines.dropFirst().enumerated().map { i, cells in
            var cells = cells
            while cells.last == "" { cells.removeLast() }
            return ImportTable.Row(line: i + 2, fields: cells)
        })
        let a = try registryWithSchools(), b = try registryWithSchools()
        XCTAssertEqual(try a.importStudents(table: table, file: "学生.xlsx").imported, 5)
        _ = try Array(try chineseHeaders.utf8).withUnsafeBytes { try b.importStudents(csv: $0, file: "s.csv") }
        XCTAssertEqual(a.exportStudentsCSV(), b.exportStudentsCSV())
        XCTAssertEqual(a.exportStudentsTable().rows.count, 5)
        XCTAssertEqual(a.exportStudentsTable().header, Registry.studentColumns)
        // Refusals name the sheet's rows.
        var bad = table
        bad.rows[1].fields[3] = "男性"
        XCTAssertThrowsError(try a.importStudents(table: bad, file: "学生.xlsx")) {
            XCTAssertTrue("\($0)".contains("学生.xlsx:3: gender is M or F (男/女), not '男性'"), "\($0)")
        }
        let schools = Registry(today: today)
        XCTAssertEqual(try schools.importSchools(table: ImportTable(header: ["学校代码", "学校名称", "学段", "行政区划"],
                                                                    rows: [.init(line: 2, fields: ["4103030001", "一小", "小学", "410303"])]),
                                                 file: "学校.xlsx").imported, 1)
    }

    /// R1 over open requests reads a governed import's ID numbers whatever the file's header
    /// words and encoding.
    func testAGovernedImportsIDNumbersAreReadFromAnyHeaderAndEncoding() throws {
        let gb = try Data(contentsOf: FieldFileImportTests.fixtures.appendingPathComponent("excel-gb18030-students.csv"))
        XCTAssertEqual(Registry.idCards(in: Array(gb)).map(\.description),
                       ["410303201903150011", "410303201805050025", "410302201206010113", "410303200901090225", "410303201908080315"])
        XCTAssertEqual(Registry.idCards(in: Array(try chineseHeaders.utf8)).count, 4)
        XCTAssertEqual(Registry.idCards(in: Array("name,gender\n张三,M\n".utf8)), [])
    }
}

extension StudentColumn {
    /// The column's place in `allCases`.
    var index: Int { Self.allCases.firstIndex(of: self)! }
}
