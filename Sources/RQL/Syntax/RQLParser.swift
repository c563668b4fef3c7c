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
        return parse(LexedSource(tokens: lexer.tokens, diagnostics: lexer.diagnostics), source: source)
    }

    /// Parses a chunk from `StatementBuffer` with the tokens the buffer already lexed, so each
    /// statement is lexed once however many lines it spans; the same result as parsing its text.
    public static func parse(_ chunk: StatementBuffer.Chunk) -> ParseResult {
        guard let lexed = chunk.lexed else { return parse(chunk.text, firstLine: chunk.firstLine) }
        return parse(lexed, source: chunk.text)
    }

    static func parse(_ lexed: LexedSource, source: String) -> ParseResult {
        var parser = Parser(tokens: lexed.tokens, source: source)
        let (statements, parseDiagnostics) = parser.parseScript()
        let diagnostics = (lexed.diagnostics + parseDiagnostics).sorted { $0.span.start.offset < $1.span.start.offset }
        return ParseResult(statements: statements, diagnostics: diagnostics)
    }

    /// Whether `text` needs no more lines: false while a string or bracket is open, or the last
    /// line ends with `\`, a comparison operator, `,`, `and`, `or` (or `not`, `in`, `like`,
    /// `between`, `is`). The shell shows its continuation prompt while this is false.
    public static func isComplete(_ text: String) -> Bool {
        Lexer.tokenize(text).endState.isComplete
    }

    /// Words that begin statements, for the shell's tab completion.
    public static var statementKeywords: [String] { Parser.statementKeywords }
}
