/// One cell's value as the file stores it. Text and numbers stay apart, and a number keeps its
/// stored spelling, because an ID number typed into a number cell has already lost its last
/// digits ("4.10303200703E+17") and must be refused, while a date is stored as a serial number
/// ("39156") that only the caller knows to convert (`XLSXReader.excelDate(serial:)`).
public enum SheetCell: Hashable, Sendable {
    /// No value; also a text cell holding the empty string, so "missing" has one spelling.
    case empty
    /// A string: shared, inline, or a formula's text result; Excel's `_xHHHH_` escapes undone.
    case text(String)
    /// A number exactly as written in the XML, e.g. "2455", "39156.5" or "4.10303200703E+17".
    case number(String)
    /// TRUE or FALSE.
    case bool(Bool)
    /// An error value such as "#N/A" or "#DIV/0!", usually left by a broken formula.
    case error(String)

    /// True for `.empty`, so callers can test for a blank without a switch.
    public var isEmpty: Bool { self == .empty }
}
