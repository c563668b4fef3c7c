import Registry

/// A `where` condition: predicates on fields combined with `and`, `or`, `not`.
///
/// Values are checked against their field's type when parsed, so the evaluator never meets
/// `grade = "x"`; it can call `Literal.value(for:)` to get a typed `Value`.
public indirect enum Expr: Hashable, Sendable {
    /// `field op literal`.
    case compare(Comparison)
    /// `field [not] in (a, b, …)`.
    case inList(InList)
    /// `field [not] between a and b` (inclusive).
    case between(Between)
    /// `field [not] like "pattern"` (`%` any run, `_` one Character).
    case like(Like)
    /// `field is [not] null`.
    case isNull(IsNull)
    /// Both hold.
    case and(Expr, Expr)
    /// Either holds.
    case or(Expr, Expr)
    /// Negation; the span is the `not` keyword's.
    case not(Expr, SourceSpan)

    /// From the first to the last token of the condition.
    public var span: SourceSpan {
        switch self {
        case .compare(let c): return c.span
        case .inList(let c): return c.span
        case .between(let c): return c.span
        case .like(let c): return c.span
        case .isNull(let c): return c.span
        case .and(let a, let b), .or(let a, let b): return a.span.through(b.span)
        case .not(let e, let s): return s.through(e.span)
        }
    }
}

/// The predicates a condition is built from.
extension Expr {
    /// Comparison operators (`<>` is read as `!=`).
    public enum ComparisonOperator: String, Hashable, Sendable, CaseIterable {
        case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    }

    /// `field op literal`.
    public struct Comparison: Hashable, Sendable {
        /// The field.
        public var field: FieldRef
        /// The operator.
        public var op: ComparisonOperator
        /// The value compared with.
        public var value: Literal
        /// The whole predicate.
        public var span: SourceSpan
    }

    /// `field [not] in (…)`.
    public struct InList: Hashable, Sendable {
        /// The field.
        public var field: FieldRef
        /// The candidates.
        public var values: [Literal]
        /// `not in`.
        public var negated: Bool
        /// The whole predicate.
        public var span: SourceSpan
    }

    /// `field [not] between low and high`.
    public struct Between: Hashable, Sendable {
        /// The field.
        public var field: FieldRef
        /// Lower bound, inclusive.
        public var low: Literal
        /// Upper bound, inclusive.
        public var high: Literal
        /// `not between`.
        public var negated: Bool
        /// The whole predicate.
        public var span: SourceSpan
    }

    /// `field [not] like "pattern"`.
    public struct Like: Hashable, Sendable {
        /// The (text) field.
        public var field: FieldRef
        /// The pattern, escapes decoded.
        public var pattern: Located<String>
        /// `not like`.
        public var negated: Bool
        /// The whole predicate.
        public var span: SourceSpan
    }

    /// `field is [not] null`.
    public struct IsNull: Hashable, Sendable {
        /// The field.
        public var field: FieldRef
        /// `is not null`.
        public var negated: Bool
        /// The whole predicate.
        public var span: SourceSpan
    }
}
