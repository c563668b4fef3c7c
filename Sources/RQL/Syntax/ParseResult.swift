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
