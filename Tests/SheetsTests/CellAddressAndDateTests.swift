import XCTest
@testable import Sheets

/// Column letters and Excel's date serials, the two conversions messages and dates rely on.
final class CellAddressAndDateTests: XCTestCase {
    func testColumnNames() {
        XCTAssertEqual([0, 1, 25, 26, 27, 51, 52, 701, 702, 16_383].map(XLSXReader.columnName),
                       ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"])
    }

    func testCellReferencesParseBackToTheirColumn() {
        for column in [0, 25, 26, 701, 702, 16_383] {
            let ref = CellReference(XLSXReader.columnName(column) + "12")
            XCTAssertEqual(ref, CellReference(column: column, row: 12))
        }
        XCTAssertEqual(CellReference("aa3"), CellReference(column: 26, row: 3))
        XCTAssertEqual(CellReference("$B$7"), CellReference(column: 1, row: 7))
        for bad in ["", "A", "12", "A0", "1A", "XFE1", "A1048577", "A-1", "AAAA1", "B 3"] {
            XCTAssertNil(CellReference(bad), bad)
        }
    }

    private func day(_ serial: String, date1904: Bool = false) -> String? {
        XLSXReader.excelDate(serial: serial, date1904: date1904).map { "\($0.year)-\($0.month)-\($0.day)" }
    }

    func testExcel1900Serials() {
        XCTAssertEqual(day("1"), "1900-1-1")
        XCTAssertEqual(day("59"), "1900-2-28")
        XCTAssertNil(day("60"), "Excel's 1900-02-29 never existed")
        XCTAssertEqual(day("61"), "1900-3-1")
        XCTAssertEqual(day("25569"), "1970-1-1")
        XCTAssertEqual(day("36526"), "2000-1-1")
        XCTAssertEqual(day("39156"), "2007-3-15")
        XCTAssertEqual(day("39156.75"), "2007-3-15", "the time of day is ignored")
        XCTAssertEqual(day("3.9156E4"), "2007-3-15")
        XCTAssertEqual(day("45658"), "2025-1-1")
        XCTAssertEqual(day("2958465"), "9999-12-31")
        for bad in ["0", "0.5", "-1", "2958466", "", "abc", "nan", "inf", "4.1030320070315E+017"] {
            XCTAssertNil(day(bad), bad)
        }
    }

    func testExcel1904Serials() {
        XCTAssertEqual(day("0", date1904: true), "1904-1-1")
        XCTAssertEqual(day("37694", date1904: true), "2007-3-15")
        XCTAssertNil(day("-1", date1904: true))
    }

    func testEveryDayOfACenturyRoundTripsThroughSerials() {
        // Serial n+1 is always the day after serial n (past Excel's phantom leap day).
        var previous = XLSXReader.excelDate(serial: "61")!
        for serial in 62...(61 + 366 * 100) {
            let d = XLSXReader.excelDate(serial: String(serial))!
            let daysInMonth = [31, previous.year % 4 == 0 && (previous.year % 100 != 0 || previous.year % 400 == 0) ? 29 : 28,
                               31, 30, 31, 30, 31, 31, 30, 31, 30, 31][previous.month - 1]
            let expected = previous.day < daysInMonth ? (previous.year, previous.month, previous.day + 1)
                : previous.month < 12 ? (previous.year, previous.month + 1, 1) : (previous.year + 1, 1, 1)
            XCTAssertTrue(d == expected, "serial \(serial)")
            previous = d
        }
    }
}
