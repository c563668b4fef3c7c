import Registry

/// A problem found in RQL source, with the position to point a caret at.
///
/// The parser and checker never print: they return these, and the shell renders them
/// (`DiagnosticRenderer`) for a terminal or a script log. Messages are stable so tests and
/// scripts can match them.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, in one sentence without a trailing period.
    public var message: String
    /// The offending source.
    public var span: SourceSpan
    /// The registry rule (R11) the problem breaks, when a rule is the reason.
    public var rule: Rule?
    /// A suggestion on how to fix it, when there is one worth saying.
    public var hint: String?
    /// When the span is a literal and the problem is one character of its value (a control
    /// character in a name): that character, counted from 1. `narrowed(in:)` moves the span
    /// onto it once the source is at hand (the session only has the literal's span).
    public var valueCharacter: Int?
    /// The catalogue entry the message was made from, when it was (`MessageID`).
    public var id: MessageID?

    /// Makes a diagnostic.
    public init(_ message: String, at span: SourceSpan, rule: Rule? = nil, hint: String? = nil,
                valueCharacter: Int? = nil) {
        self.message = message; self.span = span; self.rule = rule; self.hint = hint
        self.valueCharacter = valueCharacter
    }

    /// A diagnostic whose text (and hint) come from the message catalogue.
    public init(_ id: MessageID, at span: SourceSpan, rule: Rule? = nil) {
        self.init(id.text, at: span, rule: rule, hint: Language.current == .zh ? id.chineseHint : id.hint)
        self.id = id
    }

    /// `LINE:COL: error[Rn]: message`, for logs and test failures.
    public var description: String {
        "\(span.start): error\(rule.map { "[\($0)]" } ?? ""): \(message)"
    }
}
