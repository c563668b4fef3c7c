/// A worksheet as read, with what is needed to interpret its cells beyond their values.
public struct Sheet: Hashable, Sendable {
    /// The tab's name, for messages such as "sheet 学生名单, cell B3".
    public var name: String
    /// The non-blank rows in sheet order (blank rows are skipped; `SheetRow.number` shows gaps).
    public var rows: [SheetRow]
    /// True when the workbook counts dates from 1904 (old Mac Excel), which shifts every serial.
    public var date1904: Bool

    /// Builds a sheet, mostly for tests that compare what the reader returned.
    public init(name: String, rows: [SheetRow], date1904: Bool = false) {
        self.name = name
        self.rows = rows
        self.date1904 = date1904
    }
}
