import Foundation
import XCTest
@testable import Sheets

/// Workbooks LibreOffice made (Fixtures/README.md says how): what an administrator's file
/// really holds, ID numbers typed as numbers included.
final class FixtureTests: XCTestCase {
    func testTypedWorkbookKeepsTextNumbersDatesAndRowNumbers() throws {
        let sheet = try XLSXReader.read(SheetsFixtures.data("students.xlsx"))
        XCTAssertEqual(sheet.name, "学生名单")
        XCTAssertFalse(sheet.date1904)
        XCTAssertEqual(sheet.rows.map(\.number), [1, 2, 3, 5, 6], "the blank row 4 is skipped, numbers stay Excel's")
        XCTAssertEqual(sheet.rows[0].cells, ["身份证号", "姓名", "性别", "出生日期", "学校", "年级", "监护人身份证号"].map(SheetCell.text))
        XCTAssertEqual(sheet.rows[1].cells, [
            .text("410303200703150012"), .text("王思晨"), .text("男"), .number("39156"),
            .text("洛阳市西工区第一小学"), .number("3"), .number("4.1030319800101E+017"),
        ])
        XCTAssertEqual(sheet.rows[2].cells[0], .text("41030320070505022X"))
        XCTAssertEqual(sheet.rows[2].cells[6], .number("4.1030319820505E+017"))
        // Row 5: a rich-text name (one bold character, three runs), a school with leading and
        // trailing spaces (xml:space="preserve"), and no guardian ID: the row ends at column F.
        XCTAssertEqual(sheet.rows[3].cells, [
            .text("410303200611110312"), .text("张一凡"), .text("男"), .number("39032"),
            .text("  洛阳市老城区第一小学 "), .number("4"),
        ])
        // Row 6: a code with leading zeros, a formula's text result, XML specials, the first
        // date after Excel's fictitious 1900-02-29, an error, a boolean and a plain number.
        XCTAssertEqual(sheet.rows[4].cells, [
            .text("007"), .text("赵武"), .text("A<B>&\"C\""), .number("61"), .error("#DIV/0!"), .bool(true), .number("2455"),
        ])
    }

    func testDatesStoredAsSerialsConvert() throws {
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.data("students.xlsx"))
        let dates = rows.dropFirst().compactMap { row -> String? in
            guard case .number(let serial) = row[3], let d = XLSXReader.excelDate(serial: serial) else { return nil }
            return "\(d.year)-\(d.month)-\(d.day)"
        }
        XCTAssertEqual(dates, ["2007-3-15", "2007-5-5", "2006-11-11", "1900-3-1"])
    }

    func testAnIDStoredAsANumberHasLostDigits() throws {
        // Why the number's stored spelling is kept: the 18-digit guardian ID was typed into a
        // number cell, and the file holds only 14 significant digits of it.
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.data("students.xlsx"))
        guard case .number(let stored) = rows[1][6] else { return XCTFail("G2 should be a number") }
        XCTAssertEqual(stored, "4.1030319800101E+017")
        XCTAssertNotEqual(Double(stored).map { String(format: "%.0f", $0) }, "410303198001010011")
    }

    func testOnlyTheFirstSheetIsRead() throws {
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.data("students.xlsx"))
        XCTAssertFalse(rows.flatMap(\.cells).contains(.text("只读第一页")), "the second sheet 说明 must not be read")
    }

    func testCSVWithDetectedNumbersHasNumberIDsBesideATextOne() throws {
        // LibreOffice's default CSV import, like Excel opening a CSV: 18 digits become a number,
        // but the ID ending in X stays text in the same column.
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.data("csv-ids-as-numbers.xlsx"))
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 5])
        XCTAssertEqual(rows.map { $0[0] }, [
            .text("身份证号"), .number("4.1030320070315E+017"), .text("41030320070505022X"), .number("4.1030320061111E+017"),
        ])
        XCTAssertEqual(rows[1].cells, [.number("4.1030320070315E+017"), .text("王思晨"), .text("男"), .number("39156"), .text("洛阳市西工区第一小学"), .number("3")])
    }

    func testCSVWithTextColumnsKeepsEveryDigit() throws {
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.data("csv-ids-as-text.xlsx"))
        XCTAssertEqual(rows.map { $0[0] }, [
            .text("身份证号"), .text("410303200703150012"), .text("41030320070505022X"), .text("410303200611110312"),
        ])
        XCTAssertEqual(rows[3][3], .number("39032"))
    }

    // MARK: the same real workbook, with its workbook.xml edited

    /// students.xlsx with one part's text replaced, for cases LibreOffice will not write.
    private func editedStudents(_ part: String, _ edit: (String) -> String) throws -> Data {
        var parts = try SheetsFixtures.unzip(SheetsFixtures.data("students.xlsx"))
        let original = try XCTUnwrap(parts[part])
        parts[part] = edit(original)
        XCTAssertNotEqual(parts[part], original, "the edit must change \(part)")
        let order = try SheetsFixtures.entryNames(SheetsFixtures.data("students.xlsx"))
        return try SheetsFixtures.zip(order.map { ($0, parts[$0]!) })
    }

    func testTheFirstSheetIsWorkbookOrderNotFileName() throws {
        let first = #"<sheet name="学生名单" sheetId="1" state="visible" r:id="rId2"/>"#
        let second = #"<sheet name="说明" sheetId="2" state="visible" r:id="rId3"/>"#
        let data = try editedStudents("xl/workbook.xml") { $0.replacingOccurrences(of: first + second, with: second + first) }
        let sheet = try XLSXReader.read(data)
        XCTAssertEqual(sheet.name, "说明")
        XCTAssertEqual(sheet.rows, [SheetRow(number: 1, cells: [.text("只读第一页"), .number("42")])])
    }

    func testAHiddenFirstSheetIsPassedOver() throws {
        let data = try editedStudents("xl/workbook.xml") {
            $0.replacingOccurrences(of: #"sheetId="1" state="visible""#, with: #"sheetId="1" state="hidden""#)
        }
        XCTAssertEqual(try XLSXReader.read(data).name, "说明")
    }

    func testDate1904IsReported() throws {
        let data = try editedStudents("xl/workbook.xml") { $0.replacingOccurrences(of: #"date1904="false""#, with: #"date1904="true""#) }
        let sheet = try XLSXReader.read(data)
        XCTAssertTrue(sheet.date1904)
        guard case .number(let serial) = sheet.rows[1][3] else { return XCTFail("D2 should be a number") }
        XCTAssertEqual(XLSXReader.excelDate(serial: serial, date1904: true).map { "\($0.year)-\($0.month)-\($0.day)" }, "2011-3-16")
    }

    func testReadingFromAFile() throws {
        let path = SheetsFixtures.directory.appendingPathComponent("students.xlsx").path
        XCTAssertEqual(try XLSXReader.read(contentsOfFile: path).rows.count, 5)
        let missing = sheetError { () throws(SheetError) in try XLSXReader.read(contentsOfFile: path + ".missing") }
        XCTAssertTrue(missing?.message.hasPrefix("cannot read ") ?? false, missing?.message ?? "")
    }
}
