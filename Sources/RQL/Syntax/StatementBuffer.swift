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

    /// Adds one line (without its newline); returns the chunk this line completes, if any (or the
    /// complete statements before a `;` when the line also opens another one).
    /// Blank and comment-only chunks are dropped.
    public mutating func append(line: String) -> Chunk? {
        if pending.isEmpty { pendingFirstLine = nextLine }
        pending += line + "\n"
        nextLine += 1
        let lexer = Lexer.tokenize(pending, firstLine: pendingFirstLine)
        guard lexer.endState.isComplete else { return takeCompletePrefix(lexer) }
        return take(hasTokens: lexer.tokens.count > 1)
    }

    /// In `find; find where grade =` the first statement is complete: hand it over now and keep
    /// the rest pending, padded with blanks so its columns stay those of the real line.
    private mutating func takeCompletePrefix(_ lexer: Lexer) -> Chunk? {
        guard let semi = lexer.tokens.last(where: { $0.kind == .symbol(.semicolon) }) else { return nil }
        let bytes = Array(pending.utf8)
        let head = String(decoding: bytes[..<semi.span.endOffset], as: UTF8.self)
        let tail = String(decoding: bytes[semi.span.endOffset...], as: UTF8.self)
        let headHasStatements = lexer.tokens.contains { $0.span.start.offset < semi.span.start.offset && !$0.isTerminator }
        let chunk = Chunk(text: head, firstLine: pendingFirstLine)
        pending = String(repeating: " ", count: semi.span.start.column) + tail
        pendingFirstLine = semi.span.start.line
        return headHasStatements ? chunk : nil
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
