/// A typed cell value: what fields hold, what queries compare and what results carry.
///
/// Codes (school, district, id_card) are `.text` so that leading zeros survive; grades,
/// classes, ages and counts are `.int`; dates are `.date`.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case null
    case int(Int)
    case text(String)
    case date(Day)

    /// The value as a user would type it (no quotes); empty for null.
    public var description: String {
        switch self {
        case .null: return ""
        case .int(let v): return String(v)
        case .text(let s): return s
        case .date(let d): return d.description
        }
    }

    /// Whether this is `.null`.
    public var isNull: Bool { if case .null = self { return true } else { return false } }
}

/// The kind of values a column or field holds; renderers right-align numbers, the language
/// type-checks comparisons with it.
public enum ValueType: String, Sendable, Hashable {
    case int, text, date
}

extension Value: Comparable {
    /// Orders null first, then ints, dates and texts; texts by Unicode scalar order.
    public static func < (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return false
        case (.null, _): return true
        case (_, .null): return false
        case let (.int(x), .int(y)): return x < y
        case let (.date(x), .date(y)): return x < y
        case let (.text(x), .text(y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        default: return a.rank < b.rank
        }
    }

    private var rank: Int {
        switch self { case .null: 0; case .int: 1; case .date: 2; case .text: 3 }
    }
}
