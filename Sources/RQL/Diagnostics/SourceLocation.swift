/// A point in RQL source: what diagnostics and AST nodes point at.
///
/// Columns count Characters (not bytes) so that `2:7` means the 7th thing a reader sees on
/// line 2 even in Chinese text; the UTF-8 offset lets tools slice the source cheaply.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Line number, 1-based.
    public var line: Int
    /// Column, 1-based, counted in Characters.
    public var column: Int
    /// Byte offset into the UTF-8 source that was parsed.
    public var offset: Int

    /// Makes a location.
    public init(line: Int, column: Int, offset: Int) {
        self.line = line; self.column = column; self.offset = offset
    }

    /// `LINE:COL`, the form diagnostics print.
    public var description: String { "\(line):\(column)" }

    /// Orders by position in the source.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }
}
