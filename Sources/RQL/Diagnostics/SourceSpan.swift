/// A run of source text: every token, AST node and diagnostic carries one.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// Where the run starts.
    public var start: SourceLocation
    /// Length in Characters (what a caret underlines).
    public var length: Int
    /// Length in UTF-8 bytes (what slicing needs).
    public var utf8Length: Int

    /// Makes a span.
    public init(start: SourceLocation, length: Int, utf8Length: Int) {
        self.start = start; self.length = length; self.utf8Length = utf8Length
    }

    /// UTF-8 offset just past the run.
    public var endOffset: Int { start.offset + utf8Length }

    /// The span from the start of `self` to the end of `other` (both on the same source).
    ///
    /// Character length is only exact when both lie on one line or `other` ends later
    /// on the same line; multi-line spans keep the byte length exact and approximate the rest.
    public func through(_ other: SourceSpan, characters: Int? = nil) -> SourceSpan {
        let end = max(endOffset, other.endOffset)
        let len = characters ?? (other.start.line == start.line
            ? other.start.column - start.column + other.length
            : length + other.length)
        return SourceSpan(start: start, length: max(len, 0), utf8Length: end - start.offset)
    }

    /// `LINE:COL+LEN`, used in AST dumps.
    public var description: String { "\(start.line):\(start.column)+\(length)" }

    /// The source text the span covers, when `source` is the text that was parsed.
    public func text(in source: String) -> String {
        let u = source.utf8
        guard start.offset >= 0, endOffset <= u.count,
              let a = u.index(u.startIndex, offsetBy: start.offset, limitedBy: u.endIndex),
              let b = u.index(a, offsetBy: utf8Length, limitedBy: u.endIndex) else { return "" }
        return String(decoding: u[a..<b], as: UTF8.self)
    }
}
