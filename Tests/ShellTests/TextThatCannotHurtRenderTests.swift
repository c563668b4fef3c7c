import Foundation
import RQL
@testable import Registry
import XCTest
@testable import Shell

/// Issue 11, item 2.4: every output mode and every message shows control characters in
/// stored text escaped, so no stored value can drive the terminal.
///
/// Text with an ESC can no longer be stored through any operation, but a registry written
/// before the rules (or by another program) may hold one: these tests plant it by writing
/// the stored row directly (`@testable import Registry`, `rows[i].name`), bypassing the
/// validator the way an old journal would.
final class TextThatCannotHurtRenderTests: XCTestCase {
    static let evil = "红\u{1B}[31m\u{1B}]0;pwned\u{07}\u{202E}\u{9B}"
    static let shown = "红\\u{1B}[31m\\u{1B}]0;pwned\\u{7}\\u{202E}\\u{9B}"

    func session() throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: Day("2025-11-01")!)))
        for st in RQLParser.parse("""
            add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
            enrol name = "张三", gender = M, birth = 2019-03-15, id_card = "410303201903150011" at 4103030001 grade 1 on 2025-09-01
            suspend G410303201903150011 reason "生病\\n住院" on 2025-10-01
            """).statements { _ = try s.execute(st) }
        s.registry.rows[0].name = s.registry.nameRef(Self.evil)        // as an old journal could have stored it
        return s
    }

    func run(_ s: Session, _ text: String) throws -> [OutputItem] {
        try RQLParser.parse(text).statements.flatMap { try s.execute($0) }
    }

    func assertNoRawControls(_ out: String, keepingNewlines: Bool = true, file: StaticString = #filePath, line: UInt = #line) {
        let raw = out.unicodeScalars.filter { $0.isTerminalControl && !(keepingNewlines && $0 == "\n") }
        XCTAssertTrue(raw.isEmpty, "raw controls \(raw.map { String($0.value, radix: 16) }) in:\n\(out)", file: file, line: line)
    }

    func testTextThatCannotHurt_AcknowledgementWithAStoredEscapeIsEscapedInEveryMode() throws {
        let s = try session()
        let items = try run(s, "withdraw G410303201903150011 reason \"出国\"")
        XCTAssertEqual(items.first, .message("withdrew G410303201903150011 \(Self.evil)"))
        for mode in OutputMode.allCases {
            let out = mode.renderer(options: RenderOptions()).render(items)
            if mode.isForPrograms {
                // The acknowledgement row, escaped as every stored value is in that mode.
                XCTAssertTrue(out.contains("withdraw") && out.contains("G410303201903150011"), "\(mode): \(out)")
                assertNoRawControls(out)
            } else {
                XCTAssertEqual(out, "withdrew G410303201903150011 \(Self.shown)\n", "\(mode)")
            }
        }
    }

    func testTextThatCannotHurt_StoredValuesAreEscapedInTableCSVJSONLineAndChart() throws {
        let s = try session()
        let find = try run(s, "find show no, name")
        let history = try run(s, "history G410303201903150011")
        let count = try run(s, "count by name")
        let table = OutputMode.table.renderer(options: RenderOptions()).render(find + history)
        XCTAssertTrue(table.contains("│ \(Self.shown) │"), table)
        XCTAssertTrue(table.contains("生病\\n住院"), table)
        assertNoRawControls(table)
        let csv = OutputMode.csv.renderer(options: RenderOptions()).render(find + history)
        XCTAssertTrue(csv.contains("G410303201903150011,\(Self.shown)\n"), csv)
        XCTAssertTrue(csv.contains(",生病\\n住院"), "a stored newline prints as \\n, the row stays one line:\n\(csv)")
        assertNoRawControls(csv)
        let json = OutputMode.json.renderer(options: RenderOptions()).render(find + history)
        XCTAssertTrue(json.contains(#""name": "红\u001b[31m\u001b]0;pwned\u0007\u202e\u009b""#), json)
        XCTAssertTrue(json.contains(#"生病\n住院"#), json)
        assertNoRawControls(json)
        // The JSON stays valid and decodes to the stored value exactly.
        let firstArray = json.components(separatedBy: "]\n")[0] + "]"
        let decoded = try JSONSerialization.jsonObject(with: Data(firstArray.utf8)) as? [[String: Any]]
        XCTAssertEqual(decoded?.first?["name"] as? String, Self.evil)
        let line = OutputMode.line.renderer(options: RenderOptions()).render(find + history)
        XCTAssertTrue(line.contains("name = \(Self.shown)\n"), line)
        XCTAssertTrue(line.contains("生病\\n住院"), line)
        assertNoRawControls(line)
        let chart = OutputMode.chart.renderer(options: RenderOptions(width: 200)).render(count)
        XCTAssertTrue(chart.contains(Self.shown), chart)
        assertNoRawControls(chart)
    }

    func testTextThatCannotHurt_MessagesKeepTheirLinesButNotOtherControls() {
        let text = "import refused: 2 bad rows\nf.csv:2: name \u{1B}[2J\n\tf.csv:3: x"
        let shown = "import refused: 2 bad rows\nf.csv:2: name \\u{1B}[2J\n\tf.csv:3: x"
        for mode in OutputMode.allCases where !mode.isForPrograms {
            XCTAssertEqual(mode.renderer(options: RenderOptions()).render([.message(text)]), shown + "\n", "\(mode)")
        }
        // The modes for programs leave messages to the shell, which writes them to stderr so.
        XCTAssertEqual(TextLayout.message(text), shown)
        let footer = ResultTable(columns: [.init("a", .text)], rows: [[.text("x")]], footer: "1 \u{1B}[5m")
        XCTAssertTrue(TableRenderer().render([.table(footer)]).hasSuffix("1 \\u{1B}[5m\n"))
    }

    func testTextThatCannotHurt_StoredSchoolNameInAnAcknowledgement() throws {
        let s = try session()
        s.registry.schoolRows[0].name = "第一\u{1B}[8m小学"
        let items = try run(s, "enrol name = \"李四\", gender = F, birth = 2019-05-01 at 4103030001 grade 1 on 2025-09-01")
        let out = TableRenderer().render(items)
        XCTAssertTrue(out.contains("第一\\u{1B}[8m小学, grade 1"), out)
        assertNoRawControls(out)
    }
}
