import XCTest
@testable import Registry

/// Issue 15, files from the field: what Excel on Chinese Windows saves (GB18030, CRLF, Chinese
/// headers, `2007/3/15`), Excel's "CSV UTF-8" (a byte-order mark), the national system's header
/// words, and the optional columns. The files are in Fixtures/import (`make-fixtures.sh` makes
/// them from src/ with iconv); each bad one is refused at its rows, and nothing is imported.
final class FieldFileImportTests: StorageTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/import")

    func fixture(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    override func setUp() {
        super.setUp()
        today = Day(year: 2025, month: 11, day: 1)!
    }

    /// A registry holding the three schools of the GB18030 schools file.
    func registryWithSchools() throws -> Registry {
        let reg = Registry(today: today)
        XCTAssertEqual(try reg.importSchools(fromFile: fixture("excel-gb18030-schools.csv")).imported, 3)
        return reg
    }

    func student(_ reg: Registry, named name: String) throws -> Student {
        try XCTUnwrap(reg.allStudents.map { reg.student($0) }.first { $0.name == name }, name)
    }

    func testExcelGB18030WithChineseHeadersCRLFAndSlashDates() throws {
        let reg = try registryWithSchools()
        XCTAssertEqual(reg.school(SchoolCode("4103030101")!)?.name, "洛阳市第二十三中学")
        XCTAssertEqual(reg.school(SchoolCode("4103030201")!)?.stage, .senior)
        let result = try reg.importStudents(fromFile: fixture("excel-gb18030-students.csv"))
        XCTAssertEqual(result, ImportResult(imported: 6, flagged: 1))      // 赵武's hukou is 老城区 (R15)
        let zhang = try student(reg, named: "张一凡")
        XCTAssertEqual(zhang.number.description, "G410303201903150011")
        XCTAssertEqual(zhang.birth, Day("2019-03-15"))
        XCTAssertEqual(zhang.enrolledOn, Day("2025-09-01"))
        XCTAssertEqual(zhang.klass, 1)
        XCTAssertEqual(try student(reg, named: "李思思").ethnicity, "回族")
        XCTAssertEqual(try student(reg, named: "王小明").number.kind, .l)
        // Typed with a Chinese input method: full-width digits (R2 reads them as ASCII).
        XCTAssertEqual(try student(reg, named: "陈静").idCard?.description, "410303200901090225")
        XCTAssertNil(try student(reg, named: "陈静").klass)
        XCTAssertEqual(try student(reg, named: "刘洋").enrolledOn, Day("2025-09-01"))     // "2025/9/1 0:00"
    }

    func testChineseHeadersSynonymsAndTheOptionalColumns() throws {
        let reg = try registryWithSchools()
        XCTAssertEqual(try reg.importStudents(fromFile: fixture("chinese-headers-students.csv")).imported, 5)
        let sun = try student(reg, named: "孙丽")
        XCTAssertEqual(sun.number.description, "G410303201303200425")
        XCTAssertEqual(sun.status, .graduated)
        XCTAssertEqual(sun.statusSince, Day("2025-06-30"))
        XCTAssertEqual(sun.klass, 2)
        let zhou = try student(reg, named: "周强")
        XCTAssertEqual(zhou.status, .suspended)
        XCTAssertEqual(zhou.statusSince, Day("2025-03-01"))
        // The history says what happened as an administrator would have done it.
        let history = reg.history(of: zhou.id)
        XCTAssertEqual(history.map(\.kind), [.enrol, .suspend])
        XCTAssertEqual(history.map(\.effective), [Day("2024-09-01")!, Day("2025-03-01")!])
        XCTAssertEqual(history.map(\.reason), ["病休", "病休"])
        let wu = try student(reg, named: "吴敏")
        XCTAssertEqual(wu.number.description, "L410303201007070001")          // kept as issued
        XCTAssertEqual(wu.status, .withdrawn)
        XCTAssertEqual(wu.statusSince, Day("2024-10-15"))
        XCTAssertEqual(try student(reg, named: "郑浩").status, .active)
        let feng = try student(reg, named: "冯雪")
        XCTAssertEqual(reg.history(of: feng.id).first?.reason, "随迁子女，补录")      // R6's reason
        // The kept L number's sequence is taken: the next child of that district and day gets 0002.
        let n = try reg.enrol(NewStudent(name: "吴敏妹", gender: .female, birth: Day("2010-07-07")!, hukou: DistrictCode("410303")),
                              at: SchoolCode("4103030101")!, grade: 9, on: Day("2025-09-01")!).number
        XCTAssertEqual(n.description, "L410303201007070002")
    }

    func testUTF8WithByteOrderMarkCRLFAndWrittenDates() throws {
        let reg = try registryWithSchools()
        XCTAssertEqual(try reg.importStudents(fromFile: fixture("utf8-bom-crlf-students.csv")).imported, 3)
        XCTAssertEqual(try student(reg, named: "黄河").birth, Day("2007-03-15"))        // 2007年3月15日
        XCTAssertEqual(try student(reg, named: "黄河").enrolledOn, Day("2023-09-01"))   // 2023-9-1
        XCTAssertEqual(try student(reg, named: "马丽").birth, Day("2017-02-02"))        // 20170202
        XCTAssertEqual(try student(reg, named: "马丽").enrolledOn, Day("2025-09-01"))   // 2025.9.1
        XCTAssertEqual(try student(reg, named: "林峰").enrolledOn, Day("2025-09-01"))   // 2025/9/1 0:00:00
    }

    func testBadGB18030FileIsRefusedByRowAndNothingIsImported() throws {
        today = Day(year: 2025, month: 11, day: 1)!
        let store = try open()
        try store.change(label: "import schools") { try $0.importSchools(fromFile: fixture("excel-gb18030-schools.csv")) }
        let entries = store.journalEntries, size = fileSize(journalPath)
        let p = fixture("excel-gb18030-students-bad.csv")
        XCTAssertThrowsError(try store.change { try $0.importStudents(fromFile: p) }) { error in
            XCTAssertEqual((error as? RegistryError)?.message, """
                import of \(p) refused: 3 bad rows; nothing was imported
                \(p):3: 出生日期 '2018/2/30' is not a date (YYYY-MM-DD; 2007/3/15 and 2007年3月15日 are read too)
                \(p):4: gender is M or F (男/女), not '男性'
                \(p):5: [R2] 身份证号 '4.10302E+17' was stored as a number by the spreadsheet and its last digits are lost; format the column as text and type the ID numbers again
                """)
        }
        XCTAssertEqual(store.registry.studentCount, 0)
        XCTAssertEqual(store.journalEntries, entries)
        XCTAssertEqual(fileSize(journalPath), size)
    }

    /// Not UTF-8 and not GB18030 (cut inside a character), or UTF-8 with a stray byte (which
    /// is not taken for GB18030, whose reading would turn its Chinese into other characters).
    func testNeitherUTF8NorGB18030IsRefusedAtItsFirstBadByte() throws {
        let reg = try registryWithSchools()
        for (name, line, byte, value) in [("gb18030-cut-students.csv", 1, 1, "C9"), ("utf8-stray-byte-students.csv", 3, 23, "B5")] {
            let p = fixture(name)
            XCTAssertThrowsError(try reg.importStudents(fromFile: p)) { error in
                XCTAssertEqual((error as? RegistryError)?.message, "\(p):\(line): invalid UTF-8 at byte \(byte) of the line (0x\(value)), "
                               + "and the file is not GB18030 with a known header either; save it as UTF-8 (Excel: CSV UTF-8)")
            }
            XCTAssertEqual(reg.studentCount, 0, name)
        }
        // A GB18030 file whose header names no students column is not read as one. (学校 is
        // D1 A7 D0 A3 in GB18030: two byte pairs that happen to be well-formed UTF-8.)
        let schoolsAsStudents = fixture("excel-gb18030-schools.csv")
        XCTAssertThrowsError(try reg.importStudents(fromFile: schoolsAsStudents)) { error in
            XCTAssertTrue((error as? RegistryError)?.message.hasPrefix("\(schoolsAsStudents):1: invalid UTF-8 at byte 5 of the line (0xB4)") == true,
                          "\(error)")
        }
    }
}
