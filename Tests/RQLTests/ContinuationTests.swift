import XCTest
@testable import RQL

/// The lexical continuation rule, as the shell's prompt and pipe mode see it.
final class ContinuationTests: XCTestCase {
    func testCompleteStatements() {
        for s in ["", "   ", "-- just a comment", "find", "find where grade = 1", "find;", "count\n",
                  "find where name = \"a\\\"b\"", "find where grade in (1, 2)", "rules -- and", "find where x = 'or'"] {
            XCTAssertTrue(RQLParser.isComplete(s), "should be complete: \(s)")
        }
    }

    func testEachContinuationCase() {
        let open = [
            "find where name = \"张三",              // inside a string
            "find where name = '张三\n李",          // string across lines
            "find where grade in (1,\n 2",          // inside brackets
            "find where (grade = 1",                 // inside brackets
            "find where grade = 1 \\",               // backslash
            "find where grade = 1 \\   -- comment", // backslash then a comment
            "find where grade =",                    // binary operator
            "find where grade !=", "find where grade <>", "find where grade <", "find where grade <=",
            "find where grade >", "find where grade >=",
            "find where grade = 1 and",              // and
            "find where grade = 1 AND",
            "find where grade = 1 or",               // or
            "find show name,",                       // comma
            "find where grade between 1 and",
            "find where grade = 1 and -- more below",
        ]
        for s in open { XCTAssertFalse(RQLParser.isComplete(s), "should continue: \(s)") }
    }

    func testSemicolonClosesBrackets() {
        XCTAssertTrue(RQLParser.isComplete("find where (grade = 1;"))
    }

    func testStatementBufferYieldsChunksAsSoonAsComplete() {
        var b = StatementBuffer()
        XCTAssertEqual(b.append(line: "find where grade = 1 and"), nil)
        XCTAssertFalse(b.isEmpty)
        XCTAssertEqual(b.append(line: "  class = 2"), StatementBuffer.Chunk(text: "find where grade = 1 and\n  class = 2\n", firstLine: 1))
        XCTAssertTrue(b.isEmpty)
        XCTAssertEqual(b.append(line: ""), nil)
        XCTAssertEqual(b.append(line: "-- comment"), nil)
        XCTAssertEqual(b.append(line: "count; rules"), StatementBuffer.Chunk(text: "count; rules\n", firstLine: 5))
        XCTAssertEqual(b.append(line: "find where name = \"a"), nil)
        XCTAssertEqual(b.finish(), StatementBuffer.Chunk(text: "find where name = \"a\n", firstLine: 6))
        // The chunk's errors carry file line numbers.
        let r = RQLParser.parse("x\n", firstLine: 9)
        XCTAssertEqual(r.diagnostics.first?.span.start.line, 9)
        // A chunk starting with a clause keyword continues nothing: the shell already ran the line above.
        XCTAssertEqual(b.append(line: "find"), StatementBuffer.Chunk(text: "find\n", firstLine: 7))
        let next = b.append(line: "  where grade = 1")!
        XCTAssertEqual(RQLParser.parse(next.text, firstLine: next.firstLine).diagnostics.map(\.message),
                       ["a line cannot begin with 'where': end the line above with '\\' to continue it"])
    }

    func testStatementBufferRunsTheCompleteStatementBeforeAnOpenOne() {
        var b = StatementBuffer(firstLine: 3)
        XCTAssertEqual(b.append(line: "rules; find where 张三 = "), StatementBuffer.Chunk(text: "rules;", firstLine: 3))
        let rest = b.append(line: "1")!
        XCTAssertEqual(rest.firstLine, 3)
        // The open statement keeps its real columns: `张三` is the 19th character of line 3.
        let d = RQLParser.parse(rest.text, firstLine: rest.firstLine).diagnostics
        XCTAssertEqual(d.map(\.message), ["unknown field '张三'"])
        XCTAssertEqual(d.first?.span.start.line, 3)
        XCTAssertEqual(d.first?.span.start.column, 19)
    }

    func testNewlineEndsACompleteStatement() {
        let s = parseValid("find\ncount\n\nrules")
        XCTAssertEqual(s.count, 3)
        XCTAssertEqual(parseValid("find where grade = 1 and\nclass = 2").count, 1)
    }
}
