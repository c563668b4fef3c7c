import Foundation
import XCTest
@testable import RQL

/// What must hold for any input, however mangled: the invariants the fuzzer checks.
///
/// Nothing may crash or hang; every diagnostic (lexer, parser, evaluator) points inside the text
/// it was made for; the statement buffer cuts the input where the old re-lexing buffer did,
/// and its tokens parse exactly like the chunk's text; a statement's own text parses back to
/// the same statement; lexing stays linear in the input.
struct FuzzOracle {
    /// One broken invariant, with the input that broke it.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var input: String
        var description: String { "\(message)\ninput: \(input.debugDescription)" }
    }

    /// Inputs whose bytes × lines exceed this skip the reference buffer (it re-lexes every line).
    static let referenceLimit = 300_000

    /// Checks every invariant for `input`; `evaluate` also runs it in a fresh session.
    static func check(_ input: String, evaluate: Bool = true) throws(Failure) {
        func require(_ ok: Bool, _ message: @autoclosure () -> String) throws(Failure) {
            if !ok { throw Failure(message: message(), input: input) }
        }
        let count = input.utf8.count
        // Lexer.
        let lexer = Lexer.tokenize(input)
        for t in lexer.tokens {
            try require(t.span.start.offset >= 0 && t.span.endOffset <= count && t.span.start.line >= 1
                        && t.span.start.column >= 1, "token outside input: \(t) at \(t.span)")
        }
        // Parser over the whole text.
        let r = RQLParser.parse(input)
        for d in r.diagnostics { try requireInside(d, source: input, firstLine: 1, require) }
        for s in r.statements {
            try require(s.span.start.offset >= 0 && s.span.endOffset <= count, "statement outside input: \(s.span)")
            try roundTrip(s, require)
        }
        // Statement buffer: same cuts as the reference, same parse from tokens as from text.
        let lines = input.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var buffer = StatementBuffer()
        var chunks: [StatementBuffer.Chunk] = []
        for line in lines { if let c = buffer.append(line: line) { chunks.append(c) } }
        if let c = buffer.finish() { chunks.append(c) }
        try require(buffer.lexerSteps <= 4 * (count + lines.count) + 16,
                    "lexing not linear: \(buffer.lexerSteps) steps for \(count) bytes")
        if count * lines.count <= referenceLimit {
            var reference = ReferenceStatementBuffer()
            var expected: [StatementBuffer.Chunk] = []
            for line in lines { if let c = reference.append(line: line) { expected.append(c) } }
            if let c = reference.finish() { expected.append(c) }
            try require(chunks == expected, "chunks differ from the re-lexing buffer:\n\(chunks.map(\.text))\n\(expected.map(\.text))")
        }
        let session = evaluate ? seededSession() : nil
        for chunk in chunks {
            let fromTokens = RQLParser.parse(chunk)
            let fromText = RQLParser.parse(chunk.text, firstLine: chunk.firstLine)
            try require(fromTokens.statements == fromText.statements && fromTokens.diagnostics == fromText.diagnostics,
                        "chunk tokens parse differently from its text: \(chunk.text.debugDescription)")
            guard let session else { continue }
            for item in fromTokens.items {
                switch item {
                case .error(let d):
                    try requireInside(d, source: chunk.text, firstLine: chunk.firstLine, require)
                case .statement(let s):
                    guard touchesOnlyTheRegistry(s.statement) else { continue }
                    do { _ = try session.execute(s).map(\.dump) } catch {
                        try requireInside(error, source: chunk.text, firstLine: chunk.firstLine, require)
                    }
                }
            }
        }
    }

    /// Schools and students for fuzzed statements to find, change and refuse.
    static let setup: [ParsedStatement] = RQLParser.parse("""
        add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
        add school 4103030101 name "洛阳市西工区第一初级中学" stage junior district 410303
        add school 4103030201 name "洛阳市第一高级中学" stage senior district 410303
        enrol name = "张一凡", gender = M, birth = 2007-03-15, id_card = "410303200703150012", ethnicity = "汉族", hukou = 410303 at 4103030001 grade 1 class 1 on 2013-09-01
        enrol name = "李思思", gender = F, birth = 2007-05-05, id_card = "410303200705050226", ethnicity = "汉族", hukou = 410303 at 4103030001 grade 1 class 1 on 2013-09-01
        enrol name = "赵武", gender = M, birth = 2006-11-11, id_card = "410303200611110312", ethnicity = "回族", hukou = 410303 at 4103030001 grade 1 class 1 on 2013-09-01
        """).statements

    /// A fresh session holding `setup`.
    static func seededSession() -> Session {
        let session = makeTestSession()
        for s in setup { _ = try? session.execute(s) }
        return session
    }

    /// `import` and `export` read and write files: never run a fuzzed path.
    static func touchesOnlyTheRegistry(_ s: Statement) -> Bool {
        switch s {
        case .importStudents, .importSchools, .exportStudents, .exportSchools: return false
        case .explain(let e): return touchesOnlyTheRegistry(e.statement)
        default: return true
        }
    }

    /// A diagnostic must point inside the text it was made for, at a real line and column, and render.
    static func requireInside(_ d: Diagnostic, source: String, firstLine: Int,
                              _ require: (Bool, @autoclosure () -> String) throws(Failure) -> Void) throws(Failure) {
        let lineCount = source.reduce(1) { Lexer.isNewline($1) ? $0 + 1 : $0 } // lines as the lexer counts them
        try require(d.span.start.offset >= 0 && d.span.endOffset <= source.utf8.count && d.span.length >= 0
                    && d.span.start.line >= firstLine && d.span.start.line < firstLine + lineCount
                    && d.span.start.column >= 1, "diagnostic outside its text: \(d) at \(d.span) +\(d.span.utf8Length)")
        let shown = DiagnosticRenderer.render(d, source: source, fileName: "f")
        // The renderer moves the caret onto the offending character of a literal (valueCharacter).
        let at = d.narrowed(in: source).span.start
        try require(shown.hasPrefix("f:\(at.line):\(at.column): error"), "bad rendering: \(shown)")
    }

    /// A statement's own text, parsed alone, is the same statement (positions aside).
    static func roundTrip(_ s: ParsedStatement, _ require: (Bool, @autoclosure () -> String) throws(Failure) -> Void) throws(Failure) {
        let again = RQLParser.parse(s.text)
        try require(again.diagnostics.isEmpty && again.statements.count == 1,
                    "statement text does not parse alone: \(s.text.debugDescription) → \(again.diagnostics)")
        try require(withoutPositions(again.statements[0].statement.dump()) == withoutPositions(s.statement.dump()),
                    "statement text parses to a different statement: \(s.text.debugDescription)")
    }

    static func withoutPositions(_ dump: String) -> String {
        dump.replacingOccurrences(of: #"\d+:\d+(\+\d+)?"#, with: "#", options: .regularExpression)
    }
}

/// The statement buffer as it was before it kept its lexer: re-lexes all pending text on every
/// line (quadratic, so only for short inputs). The fuzzer checks the new one cuts the same chunks.
struct ReferenceStatementBuffer {
    var pending = ""
    var pendingFirstLine = 1
    var nextLine = 1

    mutating func append(line: String) -> StatementBuffer.Chunk? {
        if pending.isEmpty { pendingFirstLine = nextLine }
        pending += line + "\n"
        nextLine += 1
        let lexer = Lexer.tokenize(pending, firstLine: pendingFirstLine)
        guard lexer.endState.isComplete else { return takeCompletePrefix(lexer) }
        return take(hasTokens: lexer.tokens.count > 1)
    }

    mutating func takeCompletePrefix(_ lexer: Lexer) -> StatementBuffer.Chunk? {
        guard let semi = lexer.tokens.last(where: { $0.kind == .symbol(.semicolon) }) else { return nil }
        let bytes = Array(pending.utf8)
        let head = String(decoding: bytes[..<semi.span.endOffset], as: UTF8.self)
        let tail = String(decoding: bytes[semi.span.endOffset...], as: UTF8.self)
        let headHasStatements = lexer.tokens.contains { $0.span.start.offset < semi.span.start.offset && !$0.isTerminator }
        let chunk = StatementBuffer.Chunk(text: head, firstLine: pendingFirstLine)
        pending = String(repeating: " ", count: semi.span.start.column) + tail
        pendingFirstLine = semi.span.start.line
        return headHasStatements ? chunk : nil
    }

    mutating func finish() -> StatementBuffer.Chunk? {
        guard !pending.isEmpty else { return nil }
        return take(hasTokens: Lexer.tokenize(pending, firstLine: pendingFirstLine).tokens.count > 1)
    }

    mutating func take(hasTokens: Bool) -> StatementBuffer.Chunk? {
        defer { pending = "" }
        return hasTokens ? StatementBuffer.Chunk(text: pending, firstLine: pendingFirstLine) : nil
    }
}
