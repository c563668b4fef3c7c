import Registry

/// One lexeme of RQL: the unit the parser reads and the shell may use for highlighting or completion.
///
/// Keywords are not separate kinds: they stay `.word` so that a field may share a keyword's
/// spelling (`class`, `school`) and the parser decides by position, case-insensitively.
public struct Token: Hashable, Sendable, CustomStringConvertible {
    /// The kinds of lexemes.
    public enum Kind: Hashable, Sendable {
        /// An identifier or keyword, as written (`find`, `school.name`, `男`).
        case word(String)
        /// A quoted string, escapes decoded.
        case string(String)
        /// A digit run, as written so leading zeros survive (`0012`, or an 18-character id ending in `X`).
        case number(String)
        /// A validated `YYYY-MM-DD` date.
        case date(Day)
        /// `G`/`L`/`J` and 18 digits or `X`, upper-cased.
        case registryNumber(String)
        /// An operator or punctuation.
        case symbol(Symbol)
        /// A newline that ends a statement (continuing newlines are not tokens).
        case newline
        /// End of the source.
        case end
        /// A lexeme the lexer already reported as an error; the parser stays quiet about it.
        case invalid
    }

    /// Operators and punctuation.
    public enum Symbol: String, Hashable, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", notEqualSQL = "<>", less = "<", lessEqual = "<="
        case greater = ">", greaterEqual = ">=", leftParen = "(", rightParen = ")", comma = ","
        case semicolon = ";"
    }

    /// What the token is.
    public var kind: Kind
    /// Where it is.
    public var span: SourceSpan
    /// The source text, exactly as written.
    public var text: String
    /// Whether it is the first token on its physical line (a clause keyword there is an error).
    public var startsLine: Bool
    /// Character indexes of the token in its source, for exact spans across lines.
    var characterRange: Range<Int> = 0..<0

    /// Makes a token.
    public init(_ kind: Kind, span: SourceSpan, text: String, startsLine: Bool = false) {
        self.kind = kind; self.span = span; self.text = text; self.startsLine = startsLine
    }

    /// Whether this is the word `keyword`, ignoring case (a Chinese keyword is its English one:
    /// the lexer puts the English in the word and keeps the Chinese in `text`).
    public func isKeyword(_ keyword: String) -> Bool {
        if case .word(let w) = kind { return w.lowercased() == keyword }
        return false
    }

    /// The lower-cased word, or nil when not a word.
    public var word: String? {
        if case .word(let w) = kind { return w.lowercased() }
        return nil
    }

    /// Whether it ends a statement (`;`, a terminating newline, or the end).
    public var isTerminator: Bool {
        switch kind {
        case .newline, .end, .symbol(.semicolon): return true
        default: return false
        }
    }

    /// How diagnostics name the token: `'where'`, `end of line`, `end of input`.
    public var description: String {
        switch kind {
        case .newline: return "end of line"
        case .end: return "end of input"
        case .string: return "the string \(text)"
        default: return "'\(text)'"
        }
    }
}
