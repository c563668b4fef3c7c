/// The entry point the shell and evaluator use to turn RQL text into statements.
public enum RQLParser {
    /// Parses a script of any number of statements.
    ///
    /// Never throws and never prints: statements that parse are returned, each bad one yields a
    /// diagnostic (lexical errors included) and parsing resumes at the next statement.
    /// `firstLine` numbers the first line, for a shell parsing a file chunk by chunk; spans'
    /// UTF-8 offsets always index `source` itself.
    public static func parse(_ source: String, firstLine: Int = 1) -> ParseResult {
        let lexer = Lexer.tokenize(source, firstLine: firstLine)
        var parser = Parser(tokens: lexer.tokens, source: source)
        let (statements, parseDiagnostics) = parser.parseScript()
        let diagnostics = (lexer.diagnostics + parseDiagnostics).sorted { $0.span.start.offset < $1.span.start.offset }
        return ParseResult(statements: statements, diagnostics: diagnostics)
    }

    /// Whether `text` needs no more lines: false while a string or bracket is open, or the last
    /// line ends with `\`, a comparison operator, `,`, `and`, `or` (or `not`, `in`, `like`,
    /// `between`, `is`). The shell shows its continuation prompt while this is false.
    public static func isComplete(_ text: String) -> Bool {
        Lexer.tokenize(text).endState.isComplete
    }
}

/// What `RQLParser.parse` found.
public struct ParseResult: Sendable {
    /// The statements that parsed, in source order.
    public var statements: [ParsedStatement]
    /// Every problem, in source order.
    public var diagnostics: [Diagnostic]
    /// Whether there were no problems.
    public var isValid: Bool { diagnostics.isEmpty }

    /// Statements and diagnostics merged in source order, so a shell can run the good statements
    /// before the first bad one and stop there under `--bail`.
    public var items: [Item] {
        var out: [Item] = statements.map { .statement($0) } + diagnostics.map { .error($0) }
        out.sort { $0.offset < $1.offset }
        return out
    }

    /// One statement or one error.
    public enum Item: Sendable {
        /// A statement to run.
        case statement(ParsedStatement)
        /// A statement that did not parse.
        case error(Diagnostic)

        var offset: Int {
            switch self { case .statement(let s): return s.span.start.offset; case .error(let d): return d.span.start.offset }
        }
    }
}

/// Collects input lines and hands back complete chunks as soon as their last line arrives.
///
/// RQL.md: every input (REPL, `-f` file, pipe) follows the same continuation rule, so a program
/// driving xueji through a pipe gets each answer at once. A chunk may hold several statements
/// (`a; b`); parse it with `RQLParser.parse(chunk.text, firstLine: chunk.firstLine)`.
public struct StatementBuffer: Sendable {
    /// A run of complete statements and the line it starts on.
    public struct Chunk: Sendable, Equatable {
        /// The text, lines joined with `\n`.
        public var text: String
        /// The number of its first line in the whole input.
        public var firstLine: Int
    }

    /// Lines received but not yet complete.
    public private(set) var pending: String = ""
    private var pendingFirstLine: Int
    private var nextLine: Int

    /// Starts empty; `firstLine` numbers the first line that will be appended.
    public init(firstLine: Int = 1) {
        pendingFirstLine = firstLine
        nextLine = firstLine
    }

    /// Whether no statement is half-entered (the shell shows its main prompt).
    public var isEmpty: Bool { pending.isEmpty }

    /// Adds one line (without its newline); returns the chunk this line completes, if any.
    /// Blank and comment-only chunks are dropped.
    public mutating func append(line: String) -> Chunk? {
        if pending.isEmpty { pendingFirstLine = nextLine }
        pending += line + "\n"
        nextLine += 1
        let lexer = Lexer.tokenize(pending, firstLine: pendingFirstLine)
        guard lexer.endState.isComplete else { return nil }
        return take(hasTokens: lexer.tokens.count > 1)
    }

    /// The incomplete rest at end of input (its errors are still worth reporting), or nil.
    public mutating func finish() -> Chunk? {
        guard !pending.isEmpty else { return nil }
        let hasTokens = Lexer.tokenize(pending, firstLine: pendingFirstLine).tokens.count > 1
        return take(hasTokens: hasTokens)
    }

    /// Forgets a half-entered statement (Ctrl-C at the continuation prompt).
    public mutating func reset() { pending = "" }

    private mutating func take(hasTokens: Bool) -> Chunk? {
        defer { pending = "" }
        return hasTokens ? Chunk(text: pending, firstLine: pendingFirstLine) : nil
    }
}
