/// A statement the parser accepted, with where it came from so the shell can echo or log it.
public struct ParsedStatement: Hashable, Sendable {
    /// The statement.
    public var statement: Statement
    /// From its first to its last token (terminator excluded).
    public var span: SourceSpan
    /// Its source text (the span's text).
    public var text: String
    /// Makes one.
    public init(statement: Statement, span: SourceSpan, text: String) {
        self.statement = statement; self.span = span; self.text = text
    }
}
