import Foundation
import RQL
import Registry
import XCTest
@testable import Shell

final class RendererTests: XCTestCase {
    let students = ResultTable(
        columns: [.init("no", .text), .init("name", .text), .init("birth", .date), .init("grade", .int)],
        rows: [
            [.text("G410303200703150011"), .text("张三"), .date(Day("2007-03-15")!), .int(3)],
            [.text("G410303200801020022"), .text("欧阳娜娜"), .date(Day("2008-01-02")!), .int(12)],
            [.text("L410303200905050033"), .text("李四"), .null, .int(1)],
        ],
        footer: "3 students")

    let counts = ResultTable(
        columns: [.init("school.district", .text), .init("gender", .text), .init("count", .int)],
        rows: [[.text("410303"), .text("M"), .int(120)], [.text("410303"), .text("F"), .int(97)],
               [.text("410311"), .text("F"), .int(8)]],
        style: .counts)

    func render(_ mode: OutputMode, _ items: [OutputItem], headers: Bool = true, width: Int? = nil) -> String {
        mode.renderer(options: RenderOptions(headers: headers, width: width)).render(items)
    }

    /// Every line of a drawn box has the same display width.
    func assertAligned(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("│") || $0.hasPrefix("┌") || $0.hasPrefix("├") || $0.hasPrefix("└") }
        let widths = Set(lines.map(\.terminalWidth))
        XCTAssertEqual(widths.count, 1, "ragged table:\n\(text)", file: file, line: line)
    }

    func testTableAlignsChineseByDisplayWidth() {
        let out = render(.table, [.table(students)])
        assertAligned(out)
        assertGolden(out, "table_students")
        XCTAssertTrue(out.contains("│ 张三     │"), out)
        XCTAssertTrue(out.contains("│ 欧阳娜娜 │"), out)
        XCTAssertTrue(out.contains("│    12 │"), "numbers right-aligned:\n\(out)")
        XCTAssertTrue(out.hasSuffix("3 students\n"))
    }

    func testTableTruncatesToWidth() {
        let long = ResultTable(columns: [.init("name", .text), .init("school.name", .text)],
                               rows: [[.text("欧阳娜娜"), .text("洛阳市西工区第一实验小学附属幼儿园分园")]])
        let out = render(.table, [.table(long)], width: 30)
        assertAligned(out)
        for line in out.split(separator: "\n") { XCTAssertLessThanOrEqual(line.terminalWidth, 30, String(line)) }
        XCTAssertTrue(out.contains("…"), out)
        assertGolden(out, "table_truncated")
    }

    /// Issue 14, item 4: in a narrow terminal the key columns (registry number, name, dates)
    /// stay whole; long text shrinks; short values (codes, grades) are left out, not cut, and
    /// the table says which.
    func testNarrowTerminalKeepsKeyColumnsWhole() {
        let t = ResultTable(columns: [.init("no", .text), .init("name", .text), .init("birth", .date), .init("school.name", .text),
                                      .init("school", .text), .init("grade", .int)],
                            rows: [[.text("G410303201809223931"), .text("欧阳娜娜"), .date(Day("2018-09-22")!),
                                    .text("洛阳市西工区第一实验小学"), .text("4103030001"), .int(1)]], footer: "1 student")
        let out = render(.table, [.table(t)], width: 60)
        assertAligned(String(out.split(separator: "\n").prefix(5).joined(separator: "\n")))
        for line in out.split(separator: "\n").prefix(5) { XCTAssertLessThanOrEqual(line.terminalWidth, 60, String(line)) }
        XCTAssertTrue(out.contains("G410303201809223931") && out.contains("欧阳娜娜") && out.contains("2018-09-22"), out)
        XCTAssertFalse(out.contains("4103…"), "a code is never cut:\n\(out)")
        XCTAssertTrue(out.contains("(left out to fit: school, grade; .mode line shows them)\n1 student\n"), out)
        // Wide enough: everything, nothing said.
        XCTAssertFalse(render(.table, [.table(t)], width: 120).contains("left out"))
    }

    func testTableCombiningMarksTakeNoWidth() {
        let t = ResultTable(columns: [.init("name", .text)], rows: [[.text("Jose\u{301}")], [.text("Josef")], [.text("张三")]])
        let out = render(.table, [.table(t)])
        assertAligned(out)
        XCTAssertTrue(out.contains("│ Jose\u{301}  │"), out)
        assertGolden(out, "table_combining")
    }

    func testTableHeadersOffAndEmpty() {
        let off = render(.table, [.table(students)], headers: false)
        XCTAssertFalse(off.contains("name"))
        assertAligned(off)
        let empty = ResultTable(columns: students.columns, rows: [])
        let out = render(.table, [.table(empty)])
        XCTAssertTrue(out.contains("│ no │ name │ birth │ grade │"), out)
        XCTAssertTrue(out.hasSuffix("(no rows)\n"))
        assertGolden(out, "table_empty")
    }

    func testTableControlCharactersStayOnOneLine() {
        let t = ResultTable(columns: [.init("text", .text)], rows: [[.text("一\n二\t三")]])
        let out = render(.table, [.table(t)])
        XCTAssertEqual(out.split(separator: "\n").count, 5, out)
        XCTAssertTrue(out.contains("一\\n二\\t三"), out)
    }

    func testRecordStyle() {
        var t = students
        t.style = .record
        t.rows = [t.rows[1]]
        t.footer = nil
        let out = render(.table, [.table(t)])
        XCTAssertEqual(out, "no    = G410303200801020022\nname  = 欧阳娜娜\nbirth = 2008-01-02\ngrade = 12\n")
    }

    func testCountsGetTotalRow() {
        let out = render(.table, [.table(counts)])
        assertAligned(out)
        XCTAssertTrue(out.contains("│ total           │        │   225 │"), out)
        assertGolden(out, "table_counts")
    }

    /// Modes for people print a change's message; modes for programs print its acknowledgement
    /// row instead (the shell sends other messages to standard error).
    func testMessagesForPeopleAcknowledgementsForPrograms() {
        let items: [OutputItem] = [.message("enrolled G410303200703150011 张三"),
                                   .acknowledgement("enrol", ["no": .text("G410303200703150011"), "name": .text("张三"), "grade": .int(1)])]
        for mode in OutputMode.allCases where !mode.isForPrograms {
            XCTAssertEqual(render(mode, items), "enrolled G410303200703150011 张三\n", "\(mode)")
        }
        XCTAssertEqual(render(.csv, items), "statement,no,name,grade\nenrol,G410303200703150011,张三,1\n")
        XCTAssertEqual(render(.json, items), "[\n  {\"statement\": \"enrol\", \"no\": \"G410303200703150011\", \"name\": \"张三\", \"grade\": 1}\n]\n")
        XCTAssertEqual(render(.ndjson, items), "{\"statement\": \"enrol\", \"no\": \"G410303200703150011\", \"name\": \"张三\", \"grade\": 1}\n")
    }

    func testCSVQuoting() {
        let t = ResultTable(columns: [.init("name", .text), .init("note", .text), .init("grade", .int)],
                            rows: [[.text("张三"), .text("说\"你好\", 再见"), .int(3)],
                                   [.text("李四"), .text("一\n二"), .null]])
        // A stored newline prints as `\n` (issue 11, 2.4: the row stays one line, no raw control).
        XCTAssertEqual(render(.csv, [.table(t)]), "name,note,grade\n张三,\"说\"\"你好\"\", 再见\",3\n李四,一\\n二,\n")
        XCTAssertEqual(render(.csv, [.table(t)], headers: false).split(separator: "\n").first, "张三,\"说\"\"你好\"\", 再见\",3")
        XCTAssertEqual(CSVRenderer.field("a\rb"), "\"a\rb\"")
        XCTAssertEqual(CSVRenderer.field("plain"), "plain")
    }

    func testJSONEscapingAndTypes() {
        let t = ResultTable(columns: [.init("name", .text), .init("birth", .date), .init("grade", .int), .init("class", .int)],
                            rows: [[.text("欧阳\"娜娜\"\\\n\u{1}\u{2028}"), .date(Day("2007-03-15")!), .int(3), .null]])
        let out = render(.json, [.table(t)])
        XCTAssertEqual(out, "[\n  {\"name\": \"欧阳\\\"娜娜\\\"\\\\\\n\\u0001\\u2028\", \"birth\": \"2007-03-15\", \"grade\": 3, \"class\": null}\n]\n")
        let parsed = try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]
        XCTAssertEqual(parsed?.first?["name"] as? String, "欧阳\"娜娜\"\\\n\u{1}\u{2028}")
        XCTAssertEqual(render(.json, [.table(ResultTable(columns: t.columns, rows: []))]), "[]\n")
        let full = render(.json, [.table(students)])
        XCTAssertEqual((try? JSONSerialization.jsonObject(with: Data(full.utf8)) as? [Any])?.count, 3)
    }

    func testLineMode() {
        let out = render(.line, [.table(students)])
        XCTAssertTrue(out.hasPrefix("   no = G410303200703150011\n name = 张三\nbirth = 2007-03-15\ngrade = 3\n\n"), out)
        assertGolden(out, "line_students")
    }

    func testChartBars() {
        let out = render(.chart, [.table(counts)], width: 40)
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        for l in lines { XCTAssertLessThanOrEqual(l.terminalWidth, 40, String(l)) }
        XCTAssertTrue(lines[0].hasPrefix("410303 M █"), out)
        XCTAssertTrue(lines[0].hasSuffix(" 120"))
        XCTAssertTrue(lines[2].hasSuffix(" 8"))
        XCTAssertEqual(ChartRenderer.bar(eighths: 19), "██▍")
        assertGolden(out, "chart_counts")
        // Not a counts table: drawn as a table.
        XCTAssertTrue(render(.chart, [.table(students)]).hasPrefix("┌"))
    }

    func testChartLabelsAlignByDisplayWidth() {
        let t = ResultTable(columns: [.init("ethnicity", .text), .init("count", .int)],
                            rows: [[.text("汉族"), .int(10)], [.text("回族"), .int(5)], [.text("other"), .int(1)]], style: .counts)
        let out = render(.chart, [.table(t)], width: 30)
        let starts = out.split(separator: "\n").map { line -> Int in
            let prefix = line.prefix(while: { !"█▏▎▍▌▋▊▉".contains($0) })
            return prefix.terminalWidth
        }
        XCTAssertEqual(Set(starts).count, 1, out)
    }

    func testFitShrinksWidestFirst() {
        XCTAssertEqual(TextLayout.fit([10, 4, 20], into: 24), [10, 4, 10])
        XCTAssertEqual(TextLayout.truncate("欧阳娜娜", to: 5), "欧阳…")
        XCTAssertEqual(TextLayout.truncate("欧阳娜娜", to: 8), "欧阳娜娜")
    }
}
