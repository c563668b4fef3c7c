import Foundation
import XCTest
@testable import Sheets

/// Packages built by hand for what Excel, WPS and other producers write but LibreOffice does
/// not (phonetic runs, `_xHHHH_` escapes, prefixed elements, omitted addresses), and for
/// damaged files, whose messages must say what is wrong.
final class ReaderTests: XCTestCase {
    func testSharedStringsRichRunsPhoneticsAndEscapes() throws {
        let strings = """
            <si><t>王思晨</t></si>\
            <si><r><rPr><b/></rPr><t>张</t></r><r><t xml:space="preserve"> 一凡 </t></r></si>\
            <si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>\
            <si><t>第一行_x000D_
            第二行</t></si>\
            <si><t>_x005F_x0041_ and _x0041_ and _xD83D__xDE00_ and _xD83D_ and _x12_</t></si>\
            <si><t/></si>\
            <si><t><![CDATA[a<b]]></t></si>
            """
        let sheet = (0...6).map { #"<c r="\#(XLSXReader.columnName($0))1" t="s"><v>\#($0)</v></c>"# }.joined()
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.package(sheet: "<row r=\"1\">\(sheet)</row>", sharedStrings: strings))
        XCTAssertEqual(rows, [SheetRow(number: 1, cells: [
            .text("王思晨"), .text("张 一凡 "), .text("漢字"), .text("第一行\r\n第二行"),
            .text("_x0041_ and A and 😀 and _xD83D_ and _x12_"), .empty, .text("a<b"),
        ])])
    }

    func testEveryCellType() throws {
        let sheet = """
            <row r="2">\
            <c r="A2"><v>2455</v></c>\
            <c r="B2" t="n"><v>4.10303200703E+17</v></c>\
            <c r="C2" t="inlineStr"><is><t>内联</t></is></c>\
            <c r="D2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c>\
            <c r="E2" t="str"><f>A2&amp;""</f><v>2455</v></c>\
            <c r="F2" t="b"><v>0</v></c>\
            <c r="G2" t="e"><f>NA()</f><v>#N/A</v></c>\
            <c r="H2" t="d"><v>2007-03-15T00:00:00</v></c>\
            <c r="I2"><f>1+1</f><v>2</v></c>\
            <c r="J2"><f>1+1</f></c>\
            <c r="K2" s="3"/>\
            <c r="L2" t="str"><v></v></c>\
            </row>\
            <row r="3"><c r="A3"><v> 12\n</v></c><c r="B3" t="s"><v> </v></c></row>
            """
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.package(sheet: sheet))
        XCTAssertEqual(rows, [SheetRow(number: 2, cells: [
            .number("2455"), .number("4.10303200703E+17"), .text("内联"), .text("富文本"), .text("2455"),
            .bool(false), .error("#N/A"), .text("2007-03-15T00:00:00"), .number("2"),
        ]), SheetRow(number: 3, cells: [.number("12")])], "white space around a number is dropped; formulas without a cached value, styled blanks and empty strings are empty; trailing blanks are dropped")
    }

    func testOmittedAddressesFollowThePreviousOne() throws {
        let sheet = """
            <row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>\
            <row r="4"><c><v>7</v></c></row>\
            <row><c r="C5"><v>8</v></c></row>\
            <row><c s="1"/><c s="1"/></row>\
            <row><c><v>9</v></c></row>
            """
        let rows = try XLSXReader.firstSheet(of: SheetsFixtures.package(sheet: sheet))
        XCTAssertEqual(rows, [
            SheetRow(number: 1, cells: [.number("1"), .number("2"), .empty, .empty, .number("5"), .number("6")]),
            SheetRow(number: 4, cells: [.number("7")]),
            SheetRow(number: 5, cells: [.empty, .empty, .number("8")]),
            SheetRow(number: 7, cells: [.number("9")]),
        ])
    }

    func testPrefixedElementsAbsoluteTargetsAndMismatchedCase() throws {
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let workbook = """
            <x:workbook xmlns:x="\(main)" xmlns:rel="\(rel)"><x:workbookPr date1904="1"/><x:sheets>\
            <x:sheet name="图表" sheetId="3" rel:id="rId3"/><x:sheet name="名单" sheetId="1" rel:id="rId1"/></x:sheets></x:workbook>
            """
        let rels = """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(rel)/worksheet" Target="/xl/worksheets/Sheet1.xml"/>\
            <Relationship Id="rId3" Type="\(rel)/chartsheet" Target="chartsheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(rel)/sharedStrings" Target="../xl/./sharedStrings.xml"/>\
            <Relationship Id="rId9" Type="\(rel)/hyperlink" Target="http://example.invalid/" TargetMode="External"/>\
            </Relationships>
            """
        let sheet = #"<x:worksheet xmlns:x="\#(main)"><x:sheetData><x:row x:r="1"><x:c r="B1" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>"#
        // The relationship says "/xl/worksheets/Sheet1.xml"; the zip holds "xl/worksheets/sheet1.xml".
        var parts = try SheetsFixtures.unzip(SheetsFixtures.package(sheet: "", sharedStrings: "<si><t>王思晨</t></si>",
                                                                    workbook: workbook, workbookRels: rels))
        parts["xl/worksheets/sheet1.xml"] = sheet
        let result = try XLSXReader.read(SheetsFixtures.zip(parts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        XCTAssertEqual(result, Sheet(name: "名单", rows: [SheetRow(number: 1, cells: [.empty, .text("王思晨")])], date1904: true))
    }

    func testAPackageWithoutRelsFindsTheWorkbookByContentType() throws {
        var parts = try SheetsFixtures.unzip(SheetsFixtures.package(sheet: #"<row r="1"><c r="A1"><v>1</v></c></row>"#))
        parts["_rels/.rels"] = nil
        XCTAssertEqual(try XLSXReader.firstSheet(of: SheetsFixtures.zip(parts.map { ($0.key, $0.value) })).count, 1)
    }

    // MARK: files that are not what they claim

    private func message(_ data: Data) -> String? {
        sheetError { () throws(SheetError) in try XLSXReader.read(data) }?.message
    }

    func testFilesThatAreNotXLSX() throws {
        XCTAssertEqual(message(Data("身份证号,姓名\n".utf8)), "not an .xlsx file (not a zip archive)")
        XCTAssertEqual(message(Data()), "not an .xlsx file (not a zip archive)")
        XCTAssertEqual(message(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))),
                       "not an .xlsx file: an Excel 97–2003 (.xls or .et) workbook, or a password-protected one; save it as an .xlsx workbook without a password")
        XCTAssertEqual(message(Data("PK\u{3}\u{4}garbage".utf8)), "not an .xlsx file (a damaged zip archive)")
        XCTAssertEqual(message(try SheetsFixtures.zip([("word/document.xml", "<document/>")])),
                       "not an .xlsx workbook: the package has no workbook part (xl/workbook.xml)")
        let docx = try SheetsFixtures.zip([
            ("_rels/.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#),
            ("word/document.xml", #"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>"#),
            ("word/_rels/document.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>"#),
        ])
        XCTAssertEqual(message(docx), "not an .xlsx workbook: word/document.xml lists no sheets")
    }

    func testMissingAndBrokenParts() throws {
        let ok = #"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#
        var parts = try SheetsFixtures.unzip(SheetsFixtures.package(sheet: ok, sharedStrings: "<si><t>a</t></si>"))
        func read(_ change: (inout [String: String]) -> Void) -> String? {
            var copy = parts
            change(&copy)
            return message(try! SheetsFixtures.zip(copy.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        }
        XCTAssertNoThrow(try XLSXReader.read(SheetsFixtures.zip(parts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })))
        XCTAssertEqual(read { $0["xl/_rels/workbook.xml.rels"] = nil }, "the workbook has no part xl/_rels/workbook.xml.rels")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = nil }, "the workbook has no part xl/worksheets/sheet1.xml")
        XCTAssertEqual(read { $0["xl/sharedStrings.xml"] = nil }, "the workbook has no part xl/sharedStrings.xml")
        XCTAssertEqual(read { $0["xl/workbook.xml"] = "<workbook><sheets></workbook>" }, "xl/workbook.xml is broken: it is not well-formed XML")
        XCTAssertEqual(read { $0["xl/workbook.xml"] = "<workbook><sheets><sheet name='x'/></sheets></workbook>" }, "xl/workbook.xml is broken: an element has no id")
        XCTAssertEqual(read { $0["xl/workbook.xml"] = "<workbook><sheets/></workbook>" }, "the workbook has no worksheet")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = SheetsFixtures.worksheet("<row><c><v>1</c></row>") },
                       "xl/worksheets/sheet1.xml is broken: it is not well-formed XML (line 2, column 135)")
        XCTAssertEqual(read { $0["xl/sharedStrings.xml"] = "<sst><si><t>a</si></sst>" },
                       "xl/sharedStrings.xml is broken: it is not well-formed XML (line 1, column 25)")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = String(SheetsFixtures.worksheet(ok).dropLast("</worksheet>".count)) },
                       "xl/worksheets/sheet1.xml is broken: it is not well-formed XML (line 2, column 146)")
        XCTAssertEqual(read { $0["xl/sharedStrings.xml"] = "<sst>" }, "xl/sharedStrings.xml is broken: it is not well-formed XML (line 1, column 6)")
        XCTAssertEqual(read { $0["xl/workbook.xml"] = String($0["xl/workbook.xml"]!.dropLast(30)) }, "xl/workbook.xml is broken: it is not well-formed XML")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = SheetsFixtures.worksheet(#"<row r="3"><c r="B3" t="s"><v>7</v></c></row>"#) },
                       "cell B3 refers to shared string 7, but the workbook has 1")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = SheetsFixtures.worksheet(#"<row r="3"><c r="B0"><v>7</v></c></row>"#) },
                       "row 3: the cell reference \"B0\" is not a cell address")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = SheetsFixtures.worksheet(#"<row r="3"><c r="B3" t="b"><v>yes</v></c></row>"#) },
                       "cell B3 holds \"yes\", which is not a boolean")
        XCTAssertEqual(read { $0["xl/worksheets/sheet1.xml"] = SheetsFixtures.worksheet(#"<row r="0"><c><v>1</v></c></row>"#) },
                       "the row number 0 is outside 1–1,048,576")
        parts["xl/worksheets/sheet1.xml"] = SheetsFixtures.worksheet("<row>" + String(repeating: "<c><v>1</v></c>", count: 16_385) + "</row>")
        XCTAssertEqual(read { _ in }, "row 1 has more than 16,384 cells")
    }

    func testDamagedCompressedData() throws {
        let big = (1...2_000).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c></row>"# }.joined()
        var bytes = [UInt8](try SheetsFixtures.package(sheet: big))
        // Flip bytes inside the deflated worksheet (the largest entry, stored last).
        let start = bytes.count / 2
        for i in start..<start + 16 { bytes[i] ^= 0x5A }
        let text = message(Data(bytes)) ?? ""
        XCTAssertTrue(text.hasPrefix("xl/worksheets/sheet1.xml is broken: "), text)
    }
}
