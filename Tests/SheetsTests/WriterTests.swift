import Foundation
import XCTest
@testable import Sheets

/// XLSXWriter: what it writes reads back the same, and the package is what Excel expects.
/// (LibreOffice's view of the output was checked by hand, see Fixtures/README.md: CI has no
/// LibreOffice, so these tests check the package's structure and XML instead.)
final class WriterTests: XCTestCase {
    let header = ["身份证号", "姓名", "性别", "出生日期", "学校", "年级"]
    let rows = [
        ["410303200703150012", "王思晨", "男", "2007-03-15", "洛阳市西工区第一小学", "3"],
        ["41030320070505022X", "李\"思\"思", "女", "2007-05-05", "<第一小学> & 分校", "03"],
        [],
        ["007", "", "", "", "", "0012"],
        ["  two  spaces  ", "line\nbreak", "tab\there", "cr\r\nlf", "_x000D_ literal", "\u{1}\u{8}\u{1F}\u{FFFE}"],
    ]

    func testRoundTripKeepsEveryString() throws {
        let data = try XLSXWriter.write(header: header, rows: rows, sheetName: "学生名单")
        let sheet = try XLSXReader.read(data)
        XCTAssertEqual(sheet.name, "学生名单")
        XCTAssertEqual(sheet.rows.map(\.number), [1, 2, 3, 5, 6], "an empty row keeps its place and is skipped on reading")
        let expected = ([header] + rows).filter { !$0.isEmpty }
        XCTAssertEqual(sheet.rows.map { $0.cells.map(Self.text) }, expected.map { row in
            Array(row.map { $0 }.reversed().drop { $0.isEmpty }.reversed())
        })
        XCTAssertEqual(sheet.rows[3].cells, [.text("007"), .empty, .empty, .empty, .empty, .text("0012")])
        XCTAssertTrue(sheet.rows.allSatisfy { $0.cells.allSatisfy { if case .number = $0 { false } else { true } } },
                      "every written cell is text")
    }

    private static func text(_ cell: SheetCell) -> String {
        switch cell {
        case .text(let s): s
        case .empty: ""
        default: "not text: \(cell)"
        }
    }

    func testPackageHasTheStandardPartsAllWellFormed() throws {
        let data = try XLSXWriter.write(header: header, rows: rows)
        XCTAssertEqual(try SheetsFixtures.entryNames(data), [
            "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
            "xl/styles.xml", "xl/worksheets/sheet1.xml",
        ])
        let parts = try SheetsFixtures.unzip(data)
        for (name, text) in parts {
            XCTAssertTrue(SheetsFixtures.isWellFormed(text), "\(name) is not well-formed")
        }
        let sheet = try XCTUnwrap(parts["xl/worksheets/sheet1.xml"])
        XCTAssertTrue(sheet.contains(#"<dimension ref="A1:F6"/>"#))
        XCTAssertTrue(sheet.contains(#"<c r="A1" s="2" t="inlineStr"><is><t>身份证号</t></is></c>"#), "header cells are bold text")
        XCTAssertTrue(sheet.contains(#"<c r="A2" s="1" t="inlineStr"><is><t>410303200703150012</t></is></c>"#))
        XCTAssertTrue(sheet.contains(#"<t>李"思"思</t>"#))
        XCTAssertTrue(sheet.contains(#"<t>&lt;第一小学&gt; &amp; 分校</t>"#))
        XCTAssertTrue(sheet.contains(#"<t xml:space="preserve">cr_x000D_"#), "a carriage return is written as Excel writes it")
        XCTAssertTrue(sheet.contains(#"<t>_x005F_x000D_ literal</t>"#), "a literal escape-like text is itself escaped")
        XCTAssertTrue(sheet.contains(#"<t>_x0001__x0008__x001F__xFFFE_</t>"#))
        XCTAssertTrue(sheet.contains(#"state="frozen""#))
        XCTAssertFalse(sheet.contains("<c r=\"B5\""), "an empty string writes no cell")
        XCTAssertTrue(try XCTUnwrap(parts["xl/styles.xml"]).contains(#"numFmtId="49""#), "cells carry the text format @")
        XCTAssertTrue(try XCTUnwrap(parts["xl/workbook.xml"]).contains(#"<sheet name="Sheet1" sheetId="1" r:id="rId1"/>"#))
    }

    func testSameRowsGiveTheSameBytes() throws {
        XCTAssertEqual(try XLSXWriter.write(header: header, rows: rows), try XLSXWriter.write(header: header, rows: rows))
    }

    func testNoHeaderAndNoRows() throws {
        XCTAssertEqual(try XLSXReader.firstSheet(of: XLSXWriter.write(header: [], rows: [])), [])
        let onlyRows = try XLSXReader.firstSheet(of: XLSXWriter.write(header: [], rows: [["a"], ["b", "c"]]))
        XCTAssertEqual(onlyRows, [SheetRow(number: 1, cells: [.text("a")]), SheetRow(number: 2, cells: [.text("b"), .text("c")])])
        let parts = try SheetsFixtures.unzip(XLSXWriter.write(header: [], rows: []))
        XCTAssertTrue(parts.values.allSatisfy(SheetsFixtures.isWellFormed))
    }

    func testSheetNamesExcelRefuses() {
        for name in ["", "a/b", "a:b", "[x]", "what?", "'quoted'", String(repeating: "长", count: 32), "History"] {
            XCTAssertNotNil(sheetError { () throws(SheetError) in try XLSXWriter.write(header: ["a"], rows: [], sheetName: name) }, name)
        }
        XCTAssertEqual(try XLSXReader.read(XLSXWriter.write(header: ["a"], rows: [], sheetName: "A&B \"<1>\"")).name, "A&B \"<1>\"")
    }

    func testACellLongerThanExcelHoldsIsRefusedByAddress() {
        let long = String(repeating: "字", count: 32_768)
        let error = sheetError { () throws(SheetError) in try XLSXWriter.write(header: ["a", "b"], rows: [["x", long]]) }
        XCTAssertEqual(error?.message, "cell B2 has 32768 characters; Excel holds at most 32,767 in a cell")
        XCTAssertNoThrow(try XLSXWriter.write(header: [], rows: [[String(repeating: "字", count: 32_767)]]))
    }

    func testWritingToAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-sheets-\(getpid()).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try XLSXWriter.write(header: header, rows: rows, toFile: path)
        XCTAssertEqual(try XLSXReader.read(contentsOfFile: path).rows.count, 5)
    }
}
