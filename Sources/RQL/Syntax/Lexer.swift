import Registry

/// Turns RQL source into tokens, deciding which newlines end statements.
///
/// Continuation is lexical (RQL.md, "Lexical rules"): a newline continues the statement when
/// it falls inside brackets or a string, or the line ends with `\`, a comparison operator,
/// `,`, or one of the words in `continuationWords`. Only the other newlines become `.newline`
/// tokens, so the parser never has to guess, and the shell's `isComplete` agrees with it.
public struct Lexer: Sendable {
    /// Where lexing stopped: what `isComplete` needs to know.
    public struct EndState: Hashable, Sendable {
        /// The source ends inside a string.
        public var inString = false
        /// Brackets still open at the end.
        public var openBrackets = 0
        /// The last line asks for a continuation (`\`, operator, `and`, `or`, `,` …).
        public var continues = false
        /// Whether the text so far forms complete statements.
        public var isComplete: Bool { !inString && openBrackets == 0 && !continues }
    }

    /// Words that, ending a line, continue the statement on the next line.
    public static let continuationWords: Set<String> = ["and", "or", "not", "in", "like", "between", "is"]

    var chars: [Character]
    var i = 0
    var line: Int
    var column = 1
    var offset = 0
    let firstLine: Int
    /// Characters stepped over or looked ahead at: the test hook that proves lexing is linear.
    var steps = 0

    /// The tokens produced so far.
    public private(set) var tokens: [Token] = []
    /// Lexical errors (bad dates, unterminated strings, stray characters).
    public private(set) var diagnostics: [Diagnostic] = []
    /// The state at the end of the source (set by `finish`; `state` is the same before it).
    public private(set) var endState = EndState()

    var depth = 0
    var backslashPending = false
    var lastOnLine: Token?
    /// The last newline continued the statement; blank and comment lines keep it continuing.
    var continuing = false
    var atLineStart = true
    /// A string still open where the input so far ends; `append` resumes it, `finish` reports it.
    var openString: OpenString?
    /// Whether the `#!` first line has been looked for.
    var started = false

    /// A string literal whose closing quote has not arrived yet.
    struct OpenString {
        var quote: Character
        var start: SourceLocation
        var startIndex: Int
        var value: String
        var bad: Bool
    }

    /// Prepares to lex `source`; `firstLine` numbers its first line (for chunks of a file).
    public init(_ source: String, firstLine: Int = 1) {
        chars = Array(source)
        line = firstLine
        self.firstLine = firstLine
    }

    /// Lexes everything; the result always ends with an `.end` token.
    public static func tokenize(_ source: String, firstLine: Int = 1) -> Lexer {
        var lexer = Lexer(source, firstLine: firstLine)
        lexer.run()
        lexer.finish()
        return lexer
    }

    // MARK: - Incremental use

    /// Lexes `text` after what came before, from the state the earlier text left, so a statement
    /// fed line by line is lexed once in all (`StatementBuffer`), not once per line.
    /// `text` must be whole lines, each ending in a newline: only strings may span the seam.
    mutating func append(_ text: String) {
        chars.append(contentsOf: text)
        run()
    }

    /// The end state if the input ended here.
    var state: EndState {
        EndState(inString: openString != nil, openBrackets: depth,
                 continues: backslashPending || lastOnLine.map(Lexer.continuesLine) ?? continuing)
    }

    /// Ends the input: reports a string left open and appends the `.end` token.
    mutating func finish() {
        if openString != nil {
            while i < chars.count { advance() } // a backslash the string was waiting on
            reportUnterminatedString()
        }
        endState = state
        var end = Token(.end, span: SourceSpan(start: location, length: 0, utf8Length: 0), text: "", startsLine: atLineStart)
        end.characterRange = i..<i
        tokens.append(end)
    }

    // MARK: - Driving loop

    /// Lexes the characters available; stops early only inside an open string.
    mutating func run() {
        if !started {
            started = true
            if firstLine == 1, chars.starts(with: ["#", "!"]) { skipToEndOfLine() }
        }
        if openString != nil { continueString() }
        while i < chars.count, openString == nil {
            let before = i
            lexOne()
            if i == before, openString == nil { advance() } // progress is guaranteed whatever lexOne did
        }
    }

    mutating func lexOne() {
        let c = chars[i]
        if Lexer.isNewline(c) { lexNewline(); return }
        if c.isWhitespace { advance(); return }
        if c == "-", peek(1) == "-" { skipToEndOfLine(); return }
        if c == "\\" { lexBackslash(); return }
        if c == "\"" || c == "'" { lexString(quote: c); return }
        // Quotes an input method types: “…” and ‘…’ close with their own partner.
        if !c.isASCII, c == "“" || c == "‘" { lexString(quote: c == "“" ? "”" : "’"); return }
        if c.isASCII, c.isNumber { lexNumber(); return }
        if c.isLetter || c == "_" { lexWord(); return }
        if c == "#", let n = peek(1), n.isASCII, n.isNumber {
            // A request number (`#12`): one word.
            let start = location, startIndex = i
            advance()
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { advance() }
            emit(.word(text(from: startIndex)), from: start, startIndex: startIndex)
            return
        }
        lexSymbol()
    }

    var location: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }

    func peek(_ k: Int) -> Character? { i + k < chars.count ? chars[i + k] : nil }

    mutating func advance() {
        let c = chars[i]
        steps += 1
        offset += c.utf8.count
        i += 1
        if Lexer.isNewline(c) { line += 1; column = 1 } else { column += 1 }
    }

    static func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r\n" || c == "\r" }

    mutating func skipToEndOfLine() { while i < chars.count, !Lexer.isNewline(chars[i]) { advance() } }

    func span(from start: SourceLocation, startIndex: Int) -> SourceSpan {
        SourceSpan(start: start, length: i - startIndex, utf8Length: offset - start.offset)
    }

    func text(from startIndex: Int) -> String { String(chars[startIndex..<i]) }

    mutating func emit(_ kind: Token.Kind, from start: SourceLocation, startIndex: Int) {
        let tok = token(kind, from: start, startIndex: startIndex)
        tokens.append(tok)
        lastOnLine = tok
        atLineStart = false
        if backslashPending {
            // A backslash only continues when it ends the line; a token after it is the error.
            backslashPending = false
        }
    }

    func token(_ kind: Token.Kind, from start: SourceLocation, startIndex: Int) -> Token {
        var t = Token(kind, span: span(from: start, startIndex: startIndex), text: text(from: startIndex), startsLine: atLineStart)
        t.characterRange = startIndex..<i
        return t
    }

    mutating func error(_ id: MessageID, at span: SourceSpan) {
        diagnostics.append(Diagnostic(id, at: span))
    }

    // MARK: - Line structure

    static func continuesLine(_ tok: Token) -> Bool {
        switch tok.kind {
        case .symbol(let s): return s != .semicolon && s != .rightParen
        case .word(let w): return continuationWords.contains(w.lowercased())
        default: return false
        }
    }

    mutating func lexNewline() {
        let start = location, startIndex = i
        advance()
        let continues = depth > 0 || backslashPending || lastOnLine.map(Lexer.continuesLine) ?? continuing
        continuing = continues
        if !continues { emitNewlineIfNeeded(at: span(from: start, startIndex: startIndex)) }
        backslashPending = false
        lastOnLine = nil
        atLineStart = true
    }

    mutating func emitNewlineIfNeeded(at span: SourceSpan) {
        guard let last = tokens.last, !last.isTerminator else { return }
        var t = Token(.newline, span: span, text: "\n")
        t.characterRange = (i - 1)..<i
        tokens.append(t)
    }

    mutating func lexBackslash() {
        let start = location, startIndex = i
        advance()
        // Only blanks or a comment may follow a continuing backslash on its line.
        var j = i
        while j < chars.count, !Lexer.isNewline(chars[j]), chars[j].isWhitespace { j += 1; steps += 1 }
        let atEnd = j >= chars.count || Lexer.isNewline(chars[j]) || (chars[j] == "-" && j + 1 < chars.count && chars[j + 1] == "-")
        if atEnd {
            backslashPending = true
        } else {
            error(.strayBackslash, at: span(from: start, startIndex: startIndex))
            tokens.append(token(.invalid, from: start, startIndex: startIndex))
            atLineStart = false
        }
    }

    // MARK: - Strings

    mutating func lexString(quote: Character) {
        let start = location, startIndex = i
        advance()
        openString = OpenString(quote: quote, start: start, startIndex: startIndex, value: "", bad: false)
        continueString()
    }

    /// Lexes the open string as far as the input goes; emits it at its closing quote.
    mutating func continueString() {
        guard var s = openString else { return }
        openString = nil // `s` is the only reference, so appending to its value does not copy
        while i < chars.count, chars[i] != s.quote {
            let c = chars[i]
            if c == "\\" {
                // A backslash ending the input waits for the next line to know what it escapes.
                guard i + 1 < chars.count else { break }
                let escStart = location, escIndex = i
                advance()
                switch chars[i] {
                case "\"": s.value.append("\""); advance()
                case "'": s.value.append("'"); advance()
                case "\\": s.value.append("\\"); advance()
                case "n": s.value.append("\n"); advance()
                default:
                    if Lexer.isNewline(chars[i]) { s.value.append("\n"); advance(); continue }
                    let e = chars[i]
                    advance()
                    s.bad = true
                    error(.unknownEscape(character: String(e)), at: span(from: escStart, startIndex: escIndex))
                }
                continue
            }
            s.value.append(c)
            advance()
        }
        guard i < chars.count, chars[i] == s.quote else {
            openString = s
            return
        }
        advance() // closing quote
        emit(s.bad ? .invalid : .string(s.value), from: s.start, startIndex: s.startIndex)
    }

    /// The input ended inside a string: one error spanning the rest of its first line.
    mutating func reportUnterminatedString() {
        guard let s = openString else { return }
        var n = s.startIndex
        var bytes = 0
        while n < chars.count, !Lexer.isNewline(chars[n]) { bytes += chars[n].utf8.count; n += 1; steps += 1 }
        let span = SourceSpan(start: s.start, length: n - s.startIndex, utf8Length: bytes)
        error(.unterminatedString(quote: String(s.quote)), at: span)
        tokens.append(token(.invalid, from: s.start, startIndex: s.startIndex))
        atLineStart = false
    }

    // MARK: - Numbers, dates

    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    mutating func lexNumber() {
        let start = location, startIndex = i
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { advance() }
        if i < chars.count, chars[i] == "-", let n = peek(1), n.isASCII, n.isNumber {
            while i < chars.count, chars[i] == "-" || (chars[i].isASCII && chars[i].isNumber) { advance() }
            lexDate(from: start, startIndex: startIndex)
            return
        }
        // An 18-character ID number may end in X (GB 11643 check character).
        if i - startIndex == 17, i < chars.count, chars[i] == "X" || chars[i] == "x",
           i + 1 >= chars.count || !Lexer.isWordChar(chars[i + 1]) {
            advance()
            let tok = token(.number(text(from: startIndex).uppercased()), from: start, startIndex: startIndex)
            tokens.append(tok); lastOnLine = tok; atLineStart = false
            return
        }
        if i < chars.count, Lexer.isWordChar(chars[i]) || (chars[i] == "." && peek(1)?.isNumber == true) {
            while i < chars.count, Lexer.isWordChar(chars[i]) || chars[i] == "." { advance() }
            let t = text(from: startIndex)
            error(.invalidNumber(text: t), at: span(from: start, startIndex: startIndex))
            emit(.invalid, from: start, startIndex: startIndex)
            return
        }
        emit(.number(text(from: startIndex)), from: start, startIndex: startIndex)
    }

    mutating func lexDate(from start: SourceLocation, startIndex: Int) {
        let t = text(from: startIndex)
        if let day = Day(t) {
            emit(.date(day), from: start, startIndex: startIndex)
            return
        }
        var why = MessageID.DateProblem.shape
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let y = Int(parts[0]), let m = Int(parts[1]) {
            why = (1...12).contains(m) ? .daysInMonth(month: "\(parts[0])-\(parts[1])", days: Day.daysInMonth(year: y, month: m))
                                       : .noMonth(String(parts[1]))
        }
        error(.invalidDate(text: t, why: why), at: span(from: start, startIndex: startIndex))
        emit(.invalid, from: start, startIndex: startIndex)
    }

    // MARK: - Words, registry numbers

    mutating func lexWord() {
        let start = location, startIndex = i
        while i < chars.count {
            let c = chars[i]
            if Lexer.isWordChar(c) { advance(); continue }
            if c == ".", let n = peek(1), n.isLetter || n == "_" { advance(); continue }
            break
        }
        // An actor (`county:410303`): one word, so that it reads as one name everywhere.
        if i + 1 < chars.count, chars[i] == ":", chars[i + 1].isASCII, chars[i + 1].isNumber,
           ["school", "county", "city", "province"].contains(text(from: startIndex)) {
            advance()
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { advance() }
        }
        let t = text(from: startIndex)
        if Lexer.isRegistryNumber(t) {
            emit(.registryNumber(t.uppercased()), from: start, startIndex: startIndex)
        } else if t.utf8.first! >= 0x80, let english = Vocabulary.lexicon[t] {
            emitKeyword(t, as: english, from: start, startIndex: startIndex)
        } else {
            emit(.word(t), from: start, startIndex: startIndex)
        }
    }

    /// Whether `text` has the shape of a registry number (R3): G, L or J and 18 digits or X.
    public static func isRegistryNumber(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard u.count == 19, "GLJglj".utf8.contains(u[0]) else { return false }
        return u.dropFirst().allSatisfy { (48...57).contains($0) || $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "x") }
    }

    // MARK: - Symbols

    static let fullWidth: [Character: String] = [
        "，": ",", "；": ";", "（": "(", "）": ")", "＝": "=", "“": "\"", "”": "\"", "‘": "'", "’": "'",
        "＜": "<", "＞": ">", "、": ",", "。": ";",
    ]

    mutating func lexSymbol() {
        let start = location, startIndex = i
        let typed = chars[i]
        // The punctuation a Chinese input method types where it cannot mean anything else.
        let c = typed.isASCII ? typed : Lexer.acceptedFullWidth[typed] ?? typed
        let next = peek(1)
        var sym: Token.Symbol?
        switch c {
        case "=": sym = .equal
        case "!": sym = next == "=" ? .notEqual : nil
        case "<": sym = next == "=" ? .lessEqual : next == ">" ? .notEqualSQL : .less
        case ">": sym = next == "=" ? .greaterEqual : .greater
        case "(": sym = .leftParen
        case ")": sym = .rightParen
        case ",": sym = .comma
        case ";": sym = .semicolon
        default: break
        }
        guard let sym else {
            advance()
            error(.unexpectedCharacter(character: String(typed), meant: Lexer.fullWidth[typed].map { String($0) }), at: span(from: start, startIndex: startIndex))
            tokens.append(token(.invalid, from: start, startIndex: startIndex))
            lastOnLine = nil
            atLineStart = false
            return
        }
        for _ in 0..<sym.rawValue.count { advance() }
        switch sym {
        case .leftParen: depth += 1
        case .rightParen: depth = max(0, depth - 1)
        case .semicolon: depth = 0
        default: break
        }
        emit(.symbol(sym), from: start, startIndex: startIndex)
    }
}
