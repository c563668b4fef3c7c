/// Collects input lines and hands back complete chunks as soon as their last line arrives.
///
/// RQL.md: every input (REPL, `-f` file, pipe) follows the same continuation rule, so a program
/// driving xueji through a pipe gets each answer at once. A chunk may hold several statements
/// (`a; b`); parse it with `RQLParser.parse(chunk)`, which reuses the tokens lexed here.
///
/// Each line is lexed once, from the state the lines before it left (`Lexer.append`), so a
/// statement continued over N lines costs O(N), not O(N²) as re-lexing the pending text did.
public struct StatementBuffer: Sendable {
    /// A run of complete statements and the line it starts on.
    public struct Chunk: Sendable, Equatable {
        /// The text, lines joined with `\n`.
        public var text: String
        /// The number of its first line in the whole input.
        public var firstLine: Int
        /// The tokens and lexical errors of `text`, when the buffer lexed it (nil: lex it again).
        var lexed: LexedSource?

        /// Makes a chunk; the parser lexes its text.
        public init(text: String, firstLine: Int) {
            self.text = text; self.firstLine = firstLine
        }

        init(text: String, firstLine: Int, lexed: LexedSource) {
            self.text = text; self.firstLine = firstLine; self.lexed = lexed
        }

        /// Chunks are equal when their text and numbering are; the tokens follow from those.
        public static func == (a: Chunk, b: Chunk) -> Bool { a.text == b.text && a.firstLine == b.firstLine }
    }

    /// Lines received but not yet complete.
    public private(set) var pending: String = ""
    private var pendingFirstLine: Int
    private var nextLine: Int
    /// Lexes `pending` as it grows.
    private var lexer: Lexer
    /// Lexer steps spent by lexers this buffer has finished with (see `lexerSteps`).
    private var retiredSteps = 0

    /// Starts empty; `firstLine` numbers the first line that will be appended.
    public init(firstLine: Int = 1) {
        pendingFirstLine = firstLine
        nextLine = firstLine
        lexer = Lexer("", firstLine: firstLine)
    }

    /// Whether no statement is half-entered (the shell shows its main prompt).
    public var isEmpty: Bool { pending.isEmpty }

    /// Characters the lexers have stepped over in all: the test hook for linear cost.
    var lexerSteps: Int { retiredSteps + lexer.steps }

    /// Adds one line (without its newline); returns the chunk this line completes, if any (or the
    /// complete statements before a `;` when the line also opens another one).
    /// Blank and comment-only chunks are dropped.
    public mutating func append(line: String) -> Chunk? {
        if pending.isEmpty { restart(firstLine: nextLine) }
        let text = line + "\n"
        pending += text
        nextLine += 1
        let tokensBefore = lexer.tokens.count
        lexer.append(text)
        guard lexer.state.isComplete else { return takeCompletePrefix(searchingFrom: tokensBefore) }
        return take()
    }

    /// In `find; find where grade =` the first statement is complete: hand it over now and keep
    /// the rest pending, padded with blanks so its columns stay those of the real line.
    /// Only this line's tokens can hold the `;`: an earlier one would have split earlier.
    private mutating func takeCompletePrefix(searchingFrom first: Int) -> Chunk? {
        let tokens = lexer.tokens
        guard let k = tokens[first...].lastIndex(where: { $0.kind == .symbol(.semicolon) }) else { return nil }
        let semi = tokens[k]
        let bytes = Array(pending.utf8)
        let head = String(decoding: bytes[..<semi.span.endOffset], as: UTF8.self)
        let tail = String(decoding: bytes[semi.span.endOffset...], as: UTF8.self)
        let headHasStatements = tokens[..<k].contains { !$0.isTerminator }
        var end = Token(.end, span: SourceSpan(start: SourceLocation(line: semi.span.start.line, column: semi.span.start.column + 1,
                                                                     offset: semi.span.endOffset), length: 0, utf8Length: 0), text: "")
        end.characterRange = semi.characterRange.upperBound..<semi.characterRange.upperBound
        let lexed = LexedSource(tokens: Array(tokens[...k]) + [end],
                                diagnostics: lexer.diagnostics.filter { $0.span.start.offset < semi.span.endOffset })
        let chunk = Chunk(text: head, firstLine: pendingFirstLine, lexed: lexed)
        pending = String(repeating: " ", count: semi.span.start.column) + tail
        restart(firstLine: semi.span.start.line)
        lexer.append(pending)
        return headHasStatements ? chunk : nil
    }

    /// The incomplete rest at end of input (its errors are still worth reporting), or nil.
    public mutating func finish() -> Chunk? {
        guard !pending.isEmpty else { return nil }
        return take()
    }

    /// Forgets a half-entered statement (Ctrl-C at the continuation prompt).
    public mutating func reset() { pending = "" }

    /// Hands over the pending text with its tokens, or nil when it holds none (blanks, comments).
    private mutating func take() -> Chunk? {
        defer { pending = "" }
        lexer.finish()
        guard lexer.tokens.count > 1 else { return nil }
        return Chunk(text: pending, firstLine: pendingFirstLine, lexed: LexedSource(tokens: lexer.tokens, diagnostics: lexer.diagnostics))
    }

    /// A fresh lexer for text starting at `firstLine`.
    private mutating func restart(firstLine: Int) {
        retiredSteps += lexer.steps
        pendingFirstLine = firstLine
        lexer = Lexer("", firstLine: firstLine)
    }
}

/// Tokens and lexical errors of a text, so the parser need not lex it again.
struct LexedSource: Sendable {
    var tokens: [Token]
    var diagnostics: [Diagnostic]
}
