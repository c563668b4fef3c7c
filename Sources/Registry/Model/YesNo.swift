/// The answer of a yes/no field of the family situation (`migrant`, `left_behind`); a field
/// not answered is nil (unknown), which is what a record collected before issue 17 holds.
public enum YesNo: String, Sendable, Hashable, CaseIterable {
    case yes, no

    /// Reads the spellings forms and spreadsheets use: yes/no, y/n, true/false, 1/0 (any
    /// case), 是/否. Nil for anything else; `isUnknown` tells the spellings of "not known".
    public init?(text: String) {
        switch text.lowercased() {
        case "yes", "y", "true", "1", "是": self = .yes
        case "no", "n", "false", "0", "否": self = .no
        default: return nil
        }
    }

    /// The words that say an answer is not known: the English one first, then the Chinese.
    public static let unknownSpellings = ["unknown", "不详", "未知"]

    /// Whether `text` says the answer is not known: empty, or one of `unknownSpellings`.
    public static func isUnknown(_ text: String) -> Bool {
        text.isEmpty || unknownSpellings.contains(text.lowercased())
    }

    /// The answer as a field value (`.null` when not known).
    public static func value(_ answer: YesNo?) -> Value { answer.map { .text($0.rawValue) } ?? .null }

    /// Two bits of a row: 0 unknown, 1 no, 2 yes.
    var code: UInt8 { self == .yes ? 2 : 1 }
    /// The answer two bits of a row hold.
    static func decode(_ bits: UInt8) -> YesNo? { bits == 0 ? nil : bits == 2 ? .yes : .no }
}
