import Registry
import XCTest
@testable import RQL

/// Issue 11, item 2.4: a refused text in a statement is reported at the very character of
/// its literal, and the echoed source line shows control characters escaped.
final class TextThatCannotHurtDiagnosticTests: XCTestCase {
    func session() throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: Day("2025-11-01")!)))
        for st in RQLParser.parse("""
            add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
            enrol name = "张三", gender = M, birth = 2019-03-15, id_card = "410303201903150011" at 4103030001 grade 1 on 2025-09-01
            """).statements { _ = try s.execute(st) }
        return s
    }

    /// Runs `source` (one statement), which must be refused; returns the rendered error.
    func refusal(_ s: Session, _ source: String, file: StaticString = #filePath, line: UInt = #line) -> (Diagnostic, String)? {
        let parsed = RQLParser.parse(source)
        XCTAssertEqual(parsed.diagnostics, [], file: file, line: line)
        guard let st = parsed.statements.first else { XCTFail("nothing parsed", file: file, line: line); return nil }
        do {
            _ = try s.execute(st)
            XCTFail("accepted: \(source)", file: file, line: line)
            return nil
        } catch {
            return (error, DiagnosticRenderer.render(error, source: source, fileName: "t.rql"))
        }
    }

    func testTextThatCannotHurt_CaretSitsOnTheOffendingCharacter() throws {
        let s = try session()
        // ESC written raw: the caret under the escaped `\u{1B}` (character 39 of the line;
        // display column 40, as 红 is two columns wide).
        let (d, out) = try XCTUnwrap(refusal(s, "withdraw G410303201903150011 reason \"红\u{1B}[31m\""))
        XCTAssertEqual(d.message, "reason: character 2 is the control character U+001B; reasons hold no control characters other than line breaks")
        XCTAssertEqual(d.valueCharacter, 2)
        XCTAssertEqual(out, """
            t.rql:1:39: error: reason: character 2 is the control character U+001B; reasons hold no control characters other than line breaks
            withdraw G410303201903150011 reason "红\\u{1B}[31m"
                                                   ^~~~~~
            
            """)
        XCTAssertFalse(out.unicodeScalars.contains { $0.isTerminalControl && $0 != "\n" }, "raw control in \(out)")
    }

    func testTextThatCannotHurt_CaretCountsEscapesAsOneCharacter() throws {
        let s = try session()
        // `\n` (written as an escape) is refused in a name; the caret covers both characters.
        let (_, out) = try XCTUnwrap(refusal(s, "correct G410303201903150011 set name = \"张\\\"三\\n\" reason \"更正\""))
        XCTAssertEqual(out, """
            t.rql:1:45: error: name: character 4 is a line break (U+000A); a name is one line (only reasons and growth-record texts may have several)
            correct G410303201903150011 set name = "张\\"三\\n" reason "更正"
                                                          ^~
            
            """)
    }

    func testTextThatCannotHurt_EveryStatementWithTextIsChecked() throws {
        let s = try session()
        let cases: [(String, String)] = [
            ("add school 4103030002 name \"第二\u{202E}小学\" stage primary district 410303", "1:31"),
            ("enrol name = \"李\u{7F}四\", gender = F, birth = 2019-05-01 at 4103030001 grade 1", "1:16"),
            ("enrol name = \"李四\", gender = F, birth = 2019-05-01, ethnicity = \"汉\u{9B}\" at 4103030001 grade 1", "1:66"),
            ("enrol name = \"李四\", gender = F, birth = 2010-05-01 at 4103030001 grade 1 reason \"\u{2028}\"", "1:81"),
            ("transfer G410303201903150011 to 4103030001 reason \"a\tb\"", "1:53"),
            ("suspend G410303201903150011 reason \"\u{1B}\"", "1:37"),
            ("correct G410303201903150011 set ethnicity = \"\u{0}\" reason \"x\"", "1:46"),
            ("correct G410303201903150011 set name = \"张山\" reason \"x\u{1B}\"", "1:54"),
            ("record G410303201903150011 award \"三好\r学生\"", "1:37"),
        ]
        let before = s.registry.eventCount
        for (source, at) in cases {
            guard let (d, out) = refusal(s, source) else { continue }
            XCTAssertTrue(out.hasPrefix("t.rql:\(at): error: "), "\(source):\n\(out)")
            XCTAssertNil(d.rule)
            XCTAssertFalse(out.unicodeScalars.contains { $0.isTerminalControl && $0 != "\n" }, "raw control in \(out)")
        }
        XCTAssertEqual(s.registry.eventCount, before)
    }

    func testTextThatCannotHurt_TooLongPointsAtTheFirstCharacterOverTheLimit() throws {
        let s = try session()
        let name = String(repeating: "张", count: 101)
        let (d, out) = try XCTUnwrap(refusal(s, "correct G410303201903150011 set name = \"\(name)\" reason \"x\""))
        XCTAssertEqual(d.message, "name: character 101 is past the limit: a name holds at most 100 characters (this one has 101)")
        XCTAssertTrue(out.hasPrefix("t.rql:1:141: error: "), out)
        // A newline in a reason is fine, and 100 characters of name too.
        let ok = RQLParser.parse("correct G410303201903150011 set name = \"\(name.dropLast())\" reason \"第一行\\n第二行\"").statements
        XCTAssertNoThrow(try s.execute(ok[0]))
    }
}
