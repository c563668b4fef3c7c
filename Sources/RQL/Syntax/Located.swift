/// A value together with where it was written, so the evaluator can point at it when a rule refuses it.
public struct Located<T: Hashable & Sendable>: Hashable, Sendable {
    /// The value.
    public var value: T
    /// Where it was written.
    public var span: SourceSpan
    /// Wraps a value with its span.
    public init(_ value: T, _ span: SourceSpan) { self.value = value; self.span = span }
}
