/// A cell address such as `AA12`, split into a 0-based column and Excel's 1-based row.
struct CellReference: Hashable, Sendable {
    /// Excel's last column, XFD; a larger index would be a hostile or broken file.
    static let maxColumns = 16_384
    /// Excel's last row.
    static let maxRows = 1_048_576

    var column: Int
    var row: Int

    /// Parses "B3" (letters then digits, either case); nil for anything Excel would not write,
    /// so a malformed address is reported rather than guessed at.
    init?(_ text: String) {
        var column = 0, row = 0, letters = 0, digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int((byte | 0x20) - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard letters > 0, digits < 7 else { return nil }
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: "$"):
                continue
            default:
                return nil
            }
        }
        guard letters > 0, digits > 0, column <= Self.maxColumns, row >= 1, row <= Self.maxRows else { return nil }
        self.column = column - 1
        self.row = row
    }

    init(column: Int, row: Int) {
        self.column = column
        self.row = row
    }

    /// "B3", the way Excel shows the address.
    var name: String { XLSXReader.columnName(column) + String(row) }
}

extension XLSXReader {
    /// The column's letters as Excel shows them (0 → "A", 25 → "Z", 26 → "AA"), so messages
    /// can name a cell the way the administrator sees it.
    public static func columnName(_ index: Int) -> String {
        precondition(index >= 0, "column index must not be negative")
        var n = index + 1
        var letters: [UInt8] = []
        while n > 0 {
            let r = (n - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(r))
            n = (n - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}
