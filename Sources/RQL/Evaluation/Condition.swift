import Registry

/// A comparison operator of a `where` expression.
public enum CompareOp: String, Sendable, Hashable {
    case eq = "=", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}

/// A type-checked `where` expression over student (or school) fields, ready to evaluate.
///
/// The parser's AST is translated into this once per statement: literals are already coerced
/// to the field's kind (a digit run compared with a code becomes text), so evaluation per row
/// does no parsing.
public indirect enum Condition<Field: Hashable & Sendable>: Sendable, Hashable {
    /// Always true (no `where`).
    case always
    /// `field op value`; false when the field is null.
    case compare(Field, CompareOp, Value)
    /// `field [not] in (…)`.
    case inList(Field, Set<Value>, negated: Bool)
    /// `field [not] between a and b` (inclusive).
    case between(Field, Value, Value, negated: Bool)
    /// `field [not] like pattern`.
    case like(Field, LikePattern, negated: Bool)
    /// `field is [not] null`.
    case isNull(Field, negated: Bool)
    /// Both.
    case and(Condition, Condition)
    /// Either.
    case or(Condition, Condition)
    /// Negation.
    case not(Condition)

    /// The fields the condition reads (to decide what a row must provide).
    /// Whether the condition holds for every row (no `where`).
    public var isAlways: Bool { if case .always = self { return true }; return false }

    public var fields: Set<Field> {
        switch self {
        case .always: []
        case .compare(let f, _, _), .inList(let f, _, _), .between(let f, _, _, _), .like(let f, _, _), .isNull(let f, _): [f]
        case .and(let a, let b), .or(let a, let b): a.fields.union(b.fields)
        case .not(let a): a.fields
        }
    }

    /// The top-level `and` terms.
    public var conjuncts: [Condition] {
        if case .and(let a, let b) = self { return a.conjuncts + b.conjuncts }
        if case .always = self { return [] }
        return [self]
    }

    /// Evaluates against a row, given how to read a field.
    public func matches(_ value: (Field) -> Value) -> Bool {
        switch self {
        case .always: return true
        case .compare(let f, let op, let v):
            let x = value(f)
            if x.isNull || v.isNull { return false }
            switch op {
            case .eq: return x == v
            case .ne: return x != v
            case .lt: return x < v
            case .le: return !(v < x)
            case .gt: return v < x
            case .ge: return !(x < v)
            }
        case .inList(let f, let set, let neg):
            let x = value(f)
            if x.isNull { return false }
            return set.contains(x) != neg
        case .between(let f, let a, let b, let neg):
            let x = value(f)
            if x.isNull { return false }
            return (!(x < a) && !(b < x)) != neg
        case .like(let f, let p, let neg):
            let x = value(f)
            if x.isNull { return false }
            return p.matches(x.description) != neg
        case .isNull(let f, let neg):
            return value(f).isNull != neg
        case .and(let a, let b): return a.matches(value) && b.matches(value)
        case .or(let a, let b): return a.matches(value) || b.matches(value)
        case .not(let a): return !a.matches(value)
        }
    }
}

/// A `like` pattern: `%` any run, `_` exactly one character (one Unicode character, so
/// `"王_"` matches 王五 but not 王小明).
public struct LikePattern: Sendable, Hashable {
    enum Piece: Hashable { case literal(Character), one, any }
    let pieces: [Piece]
    /// The pattern as written.
    public let text: String

    /// Compiles a pattern.
    public init(_ text: String) {
        self.text = text
        pieces = text.map { $0 == "%" ? .any : $0 == "_" ? .one : .literal($0) }
    }

    /// The literal text before the first wildcard (what the name index can use).
    public var literalPrefix: String {
        var s = ""
        for p in pieces { guard case .literal(let c) = p else { break }; s.append(c) }
        return s
    }

    /// Whether the whole text matches.
    public func matches(_ s: String) -> Bool {
        let chars = Array(s)
        // Greedy matcher with backtracking to the last `%` (linear for patterns without many %).
        var i = 0, p = 0, star = -1, mark = 0
        while i < chars.count {
            if p < pieces.count {
                switch pieces[p] {
                case .any: star = p; mark = i; p += 1; continue
                case .one: i += 1; p += 1; continue
                case .literal(let c) where c == chars[i]: i += 1; p += 1; continue
                default: break
                }
            }
            guard star >= 0 else { return false }
            p = star + 1; mark += 1; i = mark
        }
        while p < pieces.count, pieces[p] == .any { p += 1 }
        return p == pieces.count
    }
}

/// A condition over student fields: what the planner and the checks take.
public typealias StudentCondition = Condition<StudentField>
