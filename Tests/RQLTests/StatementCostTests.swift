import XCTest
@testable import RQL

/// Issue 11, 2.5: a statement continued over N lines costs O(N). Linearity is measured by the
/// lexer's own step counter (`StatementBuffer.lexerSteps`), not by timing.
final class StatementCostTests: XCTestCase {
    /// Feeds `lines` and returns the chunks and the lexer steps spent.
    func feed(_ lines: [String]) -> (chunks: [StatementBuffer.Chunk], steps: Int, characters: Int) {
        var b = StatementBuffer()
        var chunks: [StatementBuffer.Chunk] = []
        for line in lines { if let c = b.append(line: line) { chunks.append(c) } }
        if let c = b.finish() { chunks.append(c) }
        return (chunks, b.lexerSteps, lines.reduce(0) { $0 + $1.count + 1 })
    }

    /// Steps per input character stay below a constant however long the statement grows.
    func assertLinear(_ make: (Int) -> [String], file: StaticString = #filePath, line: UInt = #line) {
        for n in [500, 4000] {
            let (chunks, steps, characters) = feed(make(n))
            XCTAssertEqual(chunks.count, 1, "one statement", file: file, line: line)
            XCTAssertLessThanOrEqual(steps, 2 * characters, "n = \(n): \(steps) steps for \(characters) characters", file: file, line: line)
        }
    }

    func testLongInListIsLexedOnce() {
        assertLinear { n in ["find where school in ("] + (0..<n).map { "  \(4103030001 + $0)," } + ["  1)"] }
    }

    func testLongBackslashContinuationIsLexedOnce() {
        assertLinear { n in ["find where grade = 1 \\"] + (0..<n).map { _ in "  and class = 2 \\" } + [""] }
    }

    func testLongAndChainIsLexedOnce() {
        assertLinear { n in ["find where grade = 1 and"] + (0..<n).map { _ in "class = 2 and" } + ["class = 3"] }
    }

    func testStringOverManyLinesIsLexedOnce() {
        assertLinear { n in ["correct G410303200703150012 set name = \"a"] + (0..<n).map { _ in "张三 \\\\ \\\" -- not a comment" } + ["\" reason \"x\""] }
    }

    func testSemicolonSplitsStayLinear() {
        // Every line completes one statement and opens the next, so each line is split once.
        let (chunks, steps, characters) = feed(["find where grade in (1,"] + (0..<3000).map { _ in "2); find where grade in (1," } + ["2)"])
        XCTAssertEqual(chunks.count, 3001)
        XCTAssertLessThanOrEqual(steps, 3 * characters)
    }

    /// The parser takes the buffer's tokens and gets what lexing the text again would give.
    func testChunkTokensParseLikeTheText() {
        let script = """
            rules; find where name = "a;
            b" and grade in (1,
            2); count where (grade = 1 \\
            ); find where grade = 2013-02-30 or x = 'y
            """
        var b = StatementBuffer(firstLine: 7)
        var chunks: [StatementBuffer.Chunk] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if let c = b.append(line: String(line)) { chunks.append(c) }
        }
        if let c = b.finish() { chunks.append(c) }
        XCTAssertEqual(chunks.count, 4)
        for c in chunks {
            XCTAssertNotNil(c.lexed)
            let fromTokens = RQLParser.parse(c), fromText = RQLParser.parse(c.text, firstLine: c.firstLine)
            XCTAssertEqual(fromTokens.statements, fromText.statements, c.text)
            XCTAssertEqual(fromTokens.diagnostics, fromText.diagnostics, c.text)
        }
    }

    /// Lexing line by line gives exactly the tokens of lexing the whole text.
    func testIncrementalLexerMatchesWholeText() {
        let text = "find where name = \"张\\\n三\" and\n  grade in (1,\n2) \\\n  order by no\ncount -- c\n'x\\"
        var inc = Lexer("", firstLine: 1)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\n" }
        lines[lines.count - 1].removeLast()
        for l in lines { inc.append(String(l)) }
        inc.finish()
        let whole = Lexer.tokenize(text)
        XCTAssertEqual(inc.tokens, whole.tokens)
        XCTAssertEqual(inc.tokens.map(\.characterRange), whole.tokens.map(\.characterRange))
        XCTAssertEqual(inc.diagnostics, whole.diagnostics)
        XCTAssertEqual(inc.endState, whole.endState)
    }

    func testLongInListParses() {
        let text = "find where school in (" + (0..<6000).map { "\(4103030001 + $0)" }.joined(separator: ",\n") + ")"
        let r = RQLParser.parse(text)
        XCTAssertEqual(r.diagnostics, [])
        guard case .find(let f)? = r.statements.first?.statement, case .inList(let list)? = f.whereClause else {
            return XCTFail("not an in-list: \(r.statements)")
        }
        XCTAssertEqual(list.values.count, 6000)
    }

    /// A 100,000-term `and` chain is refused at the 1,001st comparison, not by a stack overflow.
    func testHugeAndChainIsRefused() {
        let text = "find where " + Array(repeating: "grade = 1", count: 100_000).joined(separator: " and\n")
        let r = RQLParser.parse(text)
        XCTAssertEqual(r.statements.count, 0)
        XCTAssertEqual(r.diagnostics.map(\.message), ["condition too long: more than 1000 comparisons"])
        XCTAssertEqual(r.diagnostics.first?.span.start.line, 1001)
    }
}
