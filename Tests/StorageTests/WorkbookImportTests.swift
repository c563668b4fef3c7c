import XCTest
@testable import Registry

/// Issue 15: `.xlsx` files as LibreOffice (like Excel) saves them. The first sheet imports as a
/// CSV file does; dates stored as serial numbers are read as dates; ID numbers stored as numbers
/// (`4.1030320160505E+017`, the last digits lost) are refused at their rows, nothing imported;
/// an export to `.xlsx` imports back into the same students, every status included.
final class WorkbookImportTests: StorageTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/xlsx")

    func fixture(_ name: String) -> String { Self.fixtures.appendingPathComponent(name).path }

    func registry() throws -> Registry {
        today = Day(year: 2025, month: 11, day: 1)!
        let reg = Registry(today: today)
        try reg.addSchool(Self.primary)
        try reg.addSchool(School(code: SchoolCode("4103030002")!, name: "洛阳市西工区第二小学", stage: .primary,
                                 district: DistrictCode("410303")!))
        return reg
    }

    func testASheetWithIDsAsTextImportsAndDatesAreRead() throws {
        let reg = try registry()
        XCTAssertEqual(try reg.importStudents(fromFile: fixture("students-ids-as-text.xlsx")), ImportResult(imported: 3, flagged: 1))
        let wang = try reg.student(RegistryNumber("G41030320160315001X")!)
        XCTAssertEqual(wang.name, "王思晨")
        XCTAssertEqual(wang.birth, Day("2016-03-15"))
        XCTAssertEqual(wang.enrolledOn, Day("2022-09-01"))
        XCTAssertEqual(wang.grade, 3)
        XCTAssertEqual(try reg.student(RegistryNumber("G410303201605050020")!).ethnicity, "回族")
    }

    func testIDNumbersStoredAsNumbersAreRefusedAtTheirRows() throws {
        let reg = try registry()
        XCTAssertThrowsError(try reg.importStudents(fromFile: fixture("students-ids-as-numbers.xlsx"))) { e in
            let m = (e as? RegistryError)?.message ?? ""
            XCTAssertTrue(m.contains("students-ids-as-numbers.xlsx:3: [R2] 身份证号 '4.1030320160505E+017' was stored as a number"), m)
            XCTAssertTrue(m.contains("students-ids-as-numbers.xlsx:4: [R2]"), m)
            XCTAssertFalse(m.contains(":2:"), "王思晨's ID ends in X: the spreadsheet kept it as text")
        }
        XCTAssertEqual(reg.studentCount, 0, "nothing imported")
    }

    func testAnXLSXExportImportsBackEveryStatus() throws {
        let reg = try registry()
        _ = try reg.importStudents(fromFile: fixture("students-ids-as-text.xlsx"))
        try reg.suspend(RegistryNumber("G410303201605050020")!, reason: "病休", on: Day("2024-03-01"))
        try reg.withdraw(RegistryNumber("G410307201511200038")!, reason: "随父母出国", on: Day("2024-05-01"))
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/学生.xlsx"
        XCTAssertEqual(try reg.exportStudents(to: path), 3)
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertEqual(Array(bytes.prefix(2)), [0x50, 0x4B], "a zip archive")
        let back = try registry()
        XCTAssertEqual(try back.importStudents(fromFile: path).imported, 3)
        for n in ["G41030320160315001X", "G410303201605050020", "G410307201511200038"] {
            let a = try reg.student(RegistryNumber(n)!), b = try back.student(RegistryNumber(n)!)
            XCTAssertEqual([a.name, a.status.rawValue, "\(a.statusSince)", "\(a.birth)", "\(a.enrolledOn)", "\(a.grade)"],
                           [b.name, b.status.rawValue, "\(b.statusSince)", "\(b.birth)", "\(b.enrolledOn)", "\(b.grade)"], n)
        }
        // Schools too.
        let schools = dir + "/学校.xlsx"
        try reg.exportSchools(to: schools)
        let empty = Registry(today: today)
        XCTAssertEqual(try empty.importSchools(fromFile: schools).imported, 2)
    }

    func testABrokenWorkbookIsRefusedWithWhy() throws {
        let reg = try registry()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/bad.xlsx"
        try Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3]).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try reg.importStudents(fromFile: path)) { e in
            XCTAssertTrue((e as? RegistryError)?.message.hasPrefix("\(path): cannot read the workbook: ") ?? false, "\(e)")
        }
    }
}
