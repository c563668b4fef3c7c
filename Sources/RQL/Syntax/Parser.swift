import Registry

/// The recursive-descent parser behind `RQLParser`: one function per rule of `grammar/rql.ebnf`,
/// named after the rule (`find_statement` ↔ `parseFindStatement`).
///
/// Each statement either parses completely or yields one diagnostic; the parser then skips to
/// the statement's terminator, so one bad statement never hides the next one's errors.
struct Parser {
    let tokens: [Token]
    let source: String
    var pos = 0
    /// Keywords the last optional-clause loop would have accepted: used to suggest a fix when
    /// a misspelt clause keyword shows up as trailing text (`limt 5`).
    var optionalKeywords: [String] = []
    /// Which field catalogue `field` reads: school fields inside `find schools`, and so on.
    var fields = FieldRef.Catalogue.students
    /// Bracket nesting inside conditions, bounded so hostile input cannot exhaust the stack.
    var depth = 0
    /// Predicates in the current statement, bounded for the same reason (and-chains nest left).
    var predicates = 0
    /// Token index just after the last `where` condition, so `adn` there can be read as `and`.
    var expressionEnd = -1
    /// Deepest bracket/`not` nesting a condition may have; the evaluator recurses over it.
    static let maxNesting = 64
    /// Most comparisons one statement may hold.
    static let maxPredicates = 1000

    init(tokens: [Token], source: String) {
        self.tokens = tokens
        self.source = source
    }

    static let statementKeywords = Vocabulary.statementSpellings

    /// Clause keywords that may not begin a line (RQL.md, lexical rules).
    static let clauseKeywords: Set<String> = ["where", "show", "order", "by", "limit", "as", "and", "or"]

    // MARK: - Token access

    var current: Token { tokens[pos] }
    var previous: Token? { pos > 0 ? tokens[pos - 1] : nil }
    func peek(_ k: Int) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        optionalKeywords = []
        return t
    }

    func check(_ keyword: String) -> Bool { current.isKeyword(keyword) }

    mutating func accept(_ keyword: String) -> Token? { check(keyword) ? advance() : nil }

    func check(_ symbol: Token.Symbol) -> Bool { current.kind == .symbol(symbol) }

    mutating func accept(_ symbol: Token.Symbol) -> Token? { check(symbol) ? advance() : nil }

    /// Consumes `keyword` or fails with "expected 'keyword' after …" (suggesting it for a near miss).
    @discardableResult
    mutating func expect(_ keyword: String, _ what: Phrase? = nil) throws -> Token {
        if let t = accept(keyword) { return t }
        if let w = current.word, w != keyword, EditDistance.isClose(w, keyword) {
            throw Diagnostic(.unknownKeyword(word: current.text, suggestion: keyword), at: current.span)
        }
        throw expected(what ?? .word(keyword))
    }

    @discardableResult
    mutating func expect(_ symbol: Token.Symbol, _ what: Phrase? = nil) throws -> Token {
        if let t = accept(symbol) { return t }
        throw expected(what ?? .word(symbol.rawValue))
    }

    /// "expected WHAT after 'PREVIOUS'" at the current token, with a continuation hint at a line end.
    func expected(_ what: Phrase) -> Diagnostic {
        var after: String?
        if let p = previous, !p.isTerminator { after = p.kind == .newline ? "the line" : p.description }
        let found = current.kind == .newline || current.kind == .end || current.kind == .invalid ? nil : current.description
        return Diagnostic(.expected(what: what, after: after, found: found, atLineEnd: current.kind == .newline), at: current.span)
    }

    /// The span from `start` to the last consumed token.
    func span(from start: Token) -> SourceSpan {
        guard let last = previous, last.span.start.offset >= start.span.start.offset else { return start.span }
        return SourceSpan(start: start.span.start, length: last.characterRange.upperBound - start.characterRange.lowerBound,
                          utf8Length: last.span.endOffset - start.span.start.offset)
    }

    // MARK: - script, statement

    /// script = { terminator } [ statement { terminator { terminator } statement } ] { terminator } ;
    mutating func parseScript() -> (statements: [ParsedStatement], diagnostics: [Diagnostic]) {
        var statements: [ParsedStatement] = []
        var diagnostics: [Diagnostic] = []
        while true {
            while current.isTerminator, current.kind != .end { advance() }
            if current.kind == .end { break }
            let start = pos
            predicates = 0
            do {
                let statement = try parseStatement()
                try parseEndOfStatement()
                let span = statement.span
                statements.append(ParsedStatement(statement: statement, span: span, text: span.text(in: source)))
            } catch {
                // A failure at a token the lexer already reported would only repeat it.
                if let d = error as? Diagnostic, current.kind != .invalid { diagnostics.append(d) }
                if pos == start { advance() }
                while !current.isTerminator { advance() }
            }
        }
        return (statements, diagnostics)
    }

    /// Anything but a terminator after a complete statement is an error.
    mutating func parseEndOfStatement() throws {
        if current.isTerminator { return }
        if let w = current.word {
            let candidates = optionalKeywords + (expressionEnd == pos ? ["and", "or"] : [])
            if let s = EditDistance.suggestion(for: w, among: candidates) {
                throw Diagnostic(.unknownKeyword(word: current.text, suggestion: s), at: current.span)
            }
        }
        throw Diagnostic(.unexpectedAfterEnd(found: current.description, canEndThere: current.kind != .invalid), at: current.span)
    }

    /// Whether `tok` starts a line that follows a complete statement: in this source, or, for a
    /// chunk the shell cut at a line end (`StatementBuffer`), in the lines before the chunk.
    func followsCompleteLine(_ tok: Token) -> Bool {
        tok.startsLine && (previous?.kind == .newline || (previous == nil && tok.span.start.line > 1))
    }

    /// The error for a clause keyword starting a line after a complete statement (RQL.md).
    func lineCannotBegin(_ tok: Token) -> Diagnostic {
        Diagnostic(.lineCannotBegin(word: tok.text), at: tok.span)
    }

    /// statement = add_school_statement | find_schools_statement | enrol_statement | … (see the grammar)
    mutating func parseStatement() throws -> Statement {
        let tok = current
        guard let w = tok.word else { throw Diagnostic(.expectedStatement(found: tok.description), at: tok.span) }
        switch w {
        case "add":
            if peek(1).isKeyword("actor") { return try parseAddActorStatement() }
            if peek(1).isKeyword("holiday") { return try parseAddHolidayStatement() }
            if peek(1).isKeyword("workday") { return try parseAddWorkdayStatement() }
            return try parseAddSchoolStatement()
        case "revoke": return try parseRevokeActorStatement()
        case "approve", "reject", "cancel": return try parseRequestStepStatement()
        case "find":
            if peek(1).isKeyword("actors") { return try parseFindActorsStatement() }
            if peek(1).isKeyword("requests") { return try parseFindRequestsStatement() }
            if peek(1).isKeyword("schools") { return try parseFindSchoolsStatement() }
            if peek(1).isKeyword("districts") { return try parseFindDistrictsStatement() }
            return try parseFindStatement()
        case "enrol", "enroll": return try parseEnrolStatement()
        case "transfer": return try parseTransferStatement()
        case "promote": return try parsePromoteStatement()
        case "graduate": return try parseGraduateStatement()
        case "suspend": return try parseSuspendStatement()
        case "resume": return try parseResumeStatement()
        case "withdraw": return try parseWithdrawStatement()
        case "void": return try parseVoidStatement()
        case "revert": return try parseRevertStatement()
        case "correct": return try parseCorrectStatement()
        case "record": return try parseRecordStatement()
        case "confirm": return try parseConfirmStatement()
        case "count": return try parseCountStatement()
        case "show":
            // `show` is both a statement and a find clause: at the start of a line, a field after
            // it means the user meant to continue the find above.
            if case .registryNumber = peek(1).kind {} else if followsCompleteLine(tok),
                let next = peek(1).word, StudentField(rawValue: next) != nil {
                throw lineCannotBegin(tok)
            }
            return try parseShowStatement()
        case "history": return try parseHistoryStatement()
        case "explain": return try parseExplainStatement()
        case "check": return try parseCheckStatement()
        case "rules", "verify", "begin", "commit", "rollback": return try parseKeywordStatement()
        case "import": return try parseImportStatement()
        case "export": return try parseExportStatement()
        default: break
        }
        if Parser.clauseKeywords.contains(w) {
            if followsCompleteLine(tok) { throw lineCannotBegin(tok) }
            throw Diagnostic(.statementCannotBegin(word: tok.text), at: tok.span)
        }
        if let s = EditDistance.suggestion(for: w, among: Parser.statementKeywords) {
            throw Diagnostic(.unknownKeyword(word: tok.text, suggestion: s), at: tok.span)
        }
        throw Diagnostic(.unknownStatement(word: tok.text, statements: Vocabulary.statements.map(\.english)), at: tok.span)
    }
}
