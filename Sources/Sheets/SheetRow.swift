/// One non-blank row of a sheet. The number is Excel's, not a position in the array, so
/// messages can say "row 7" even when blank rows above it were skipped.
public struct SheetRow: Hashable, Sendable {
    /// The 1-based row number Excel shows at the left edge.
    public var number: Int
    /// The cells by column (A = 0), gaps filled with `.empty`; trailing blanks are dropped.
    public var cells: [SheetCell]

    /// Builds a row, mostly for tests that compare what the reader returned.
    public init(number: Int, cells: [SheetCell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in a column, `.empty` past the last one, so ragged rows need no bounds checks.
    public subscript(column: Int) -> SheetCell {
        column >= 0 && column < cells.count ? cells[column] : .empty
    }
}
