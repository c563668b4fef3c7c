/// The text fields the registry stores, each with its own limits (issue 11, "text that cannot hurt").
///
/// One-line fields (names, ethnicity) hold no control characters at all; multi-line fields
/// (reasons, growth-record texts) may hold a newline, and nothing else of the kind.
public enum TextField: String, Sendable, Hashable, CaseIterable {
    /// A student's name.
    case name
    /// A school's name.
    case schoolName = "school name"
    /// A student's ethnicity (民族).
    case ethnicity
    /// The reason of an enrolment, transfer, suspension, withdrawal, resumption or correction.
    case reason
    /// The text of a growth record (award, activity, aid, health, talent).
    case text
    /// The name of the guardian who confirmed a record (`confirm … guardian "…"`).
    case guardian
    /// The guardian's relation to the student (父亲, 母亲, …).
    case relation

    /// The field as statements and CSV headers spell it (`name` for a school's name too).
    public var label: String { self == .schoolName ? "name" : rawValue }

    /// Whether the field may span several lines (reasons and growth-record texts).
    public var allowsNewline: Bool { self == .reason || self == .text }

    /// At most this many characters (grapheme clusters: 张, é with a combining accent, 👨‍👩‍👧 are one each).
    public var maxCharacters: Int { allowsNewline ? 500 : 100 }
}

/// Where a text refusal points: the field and the 1-based character (grapheme cluster) in it,
/// so the language can put its caret on the very character.
public struct TextPosition: Sendable, Hashable {
    /// The field refused.
    public var field: TextField
    /// The offending character, counted from 1 in grapheme clusters.
    public var character: Int
    /// Makes a position.
    public init(field: TextField, character: Int) { self.field = field; self.character = character }
}

/// The one validator of stored text. Every operation that stores text calls it first, so
/// statements, CSV imports and embedding programs are held to the same rules.
public enum TextRules {
    /// Refuses `value` for `field` when it holds a character that could drive a terminal
    /// (`Unicode.Scalar.isTerminalControl`; a newline is allowed in reasons and texts) or is
    /// longer than the field's limit. The error names the field, the character's position and
    /// what it is, and carries a `TextPosition`. Nil is not checked (the field was not given).
    public static func check(_ field: TextField, _ value: String?) throws(RegistryError) {
        guard let value, needsCheck(value, field) else { return }
        var i = 0
        for ch in value {
            i += 1
            guard i <= field.maxCharacters else {
                throw refusal(field, i, .textTooLong(field: field, character: i, length: value.count))
            }
            for s in ch.unicodeScalars where s.isTerminalControl && !(s == "\n" && field.allowsNewline) {
                throw refusal(field, i, .textControlCharacter(field: field, character: i, scalar: s))
            }
        }
    }

    /// Checks several fields in order (one line at the top of an operation).
    public static func check(_ fields: (TextField, String?)...) throws(RegistryError) {
        for (f, v) in fields { try check(f, v) }
    }

    /// Checks the text values of a correction (name, ethnicity) and its reason.
    public static func check(corrections: [(StudentField, Value)], reason: String) throws(RegistryError) {
        for (f, v) in corrections {
            guard case .text(let t) = v else { continue }
            if f == .name { try check(.name, t) } else if f == .ethnicity { try check(.ethnicity, t) }
        }
        try check(.reason, reason)
    }

    /// Fast path on the UTF-8 bytes: nothing that could encode a refused scalar (C0, DEL,
    /// C1 = C2 80…9F, U+2028…U+2069 = E2 80/81 …) and no more bytes than the limit allows
    /// characters means nothing to refuse — the common case, on every imported row.
    @inline(__always)
    static func needsCheck(_ value: String, _ field: TextField) -> Bool {
        if value.utf8.count > field.maxCharacters { return true }
        return value.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }
    }

    private static func refusal(_ field: TextField, _ character: Int, _ message: IdentityMessage) -> RegistryError {
        var e = RegistryError(nil, .identity(message))
        e.textPosition = TextPosition(field: field, character: character)
        return e
    }
}
