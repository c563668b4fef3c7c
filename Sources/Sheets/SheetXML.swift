/// The worksheet part of a written workbook, built as bytes in one pass over the rows, since
/// it is the only part that grows with the data (about 50 MB for 100,000 rows of 9 columns).
enum SheetXML {
    /// Excel's limit on one cell's text, in UTF-16 code units.
    static let maxCellLength = 32_767

    static func make(header: [String], rows: [[String]]) throws(SheetError) -> [UInt8] {
        let hasHeader = !header.isEmpty
        let rowCount = rows.count + (hasHeader ? 1 : 0)
        guard rowCount <= CellReference.maxRows else {
            throw SheetError("\(rowCount) rows are more than an Excel sheet holds (1,048,576)")
        }
        let columnCount = max(header.count, rows.lazy.map(\.count).max() ?? 0)
        guard columnCount <= CellReference.maxColumns else {
            throw SheetError("\(columnCount) columns are more than an Excel sheet holds (16,384)")
        }
        let columnNames = (0..<columnCount).map { Array(XLSXReader.columnName($0).utf8) }
        var widths = [Int](repeating: 0, count: columnCount)

        var body: [UInt8] = []
        body.reserveCapacity(rows.count * columnCount * 48 + 1024)
        body.append(contentsOf: "<sheetData>".utf8)
        var number = 1
        for (index, row) in ([header] + rows).enumerated() where index > 0 || hasHeader {
            defer { number += 1 }
            guard row.contains(where: { !$0.isEmpty }) else { continue }
            body.append(contentsOf: "<row r=\"".utf8)
            body.append(contentsOf: String(number).utf8)
            body.append(contentsOf: "\">".utf8)
            for (column, text) in row.enumerated() where !text.isEmpty {
                if text.utf8.count > maxCellLength, text.utf16.count > maxCellLength {
                    throw SheetError("cell \(CellReference(column: column, row: number).name) has \(text.utf16.count) characters; Excel holds at most 32,767 in a cell")
                }
                widths[column] = max(widths[column], displayWidth(text))
                body.append(contentsOf: "<c r=\"".utf8)
                body.append(contentsOf: columnNames[column])
                body.append(contentsOf: String(number).utf8)
                body.append(contentsOf: index == 0 ? "\" s=\"2\" t=\"inlineStr\"><is><t".utf8 : "\" s=\"1\" t=\"inlineStr\"><is><t".utf8)
                if needsPreserve(text) { body.append(contentsOf: " xml:space=\"preserve\"".utf8) }
                body.append(UInt8(ascii: ">"))
                ExcelEscapes.appendXML(text, to: &body)
                body.append(contentsOf: "</t></is></c>".utf8)
            }
            body.append(contentsOf: "</row>".utf8)
        }
        body.append(contentsOf: "</sheetData></worksheet>".utf8)

        var out = Array((Templates.header + "<worksheet xmlns=\"\(Templates.mainNS)\" xmlns:r=\"\(Templates.relNS)\">").utf8)
        let last = columnCount > 0 && rowCount > 0
            ? ":" + CellReference(column: columnCount - 1, row: rowCount).name : ""
        out.append(contentsOf: "<dimension ref=\"A1\(last)\"/>".utf8)
        out.append(contentsOf: "<sheetViews><sheetView workbookViewId=\"0\"".utf8)
        if hasHeader && rowCount > 1 {
            out.append(contentsOf: "><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView>".utf8)
        } else {
            out.append(contentsOf: "/>".utf8)
        }
        out.append(contentsOf: "</sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>".utf8)
        if columnCount > 0 {
            out.append(contentsOf: "<cols>".utf8)
            for (column, width) in widths.enumerated() {
                let shown = min(max(width + 2, 8), 60)
                out.append(contentsOf: "<col min=\"\(column + 1)\" max=\"\(column + 1)\" width=\"\(shown)\" style=\"1\" customWidth=\"1\"/>".utf8)
            }
            out.append(contentsOf: "</cols>".utf8)
        }
        out.append(contentsOf: body)
        return out
    }

    /// Leading or trailing white space, or a line break, which readers may drop without xml:space.
    private static func needsPreserve(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return space(first) || space(last) || text.utf8.contains(0x0A)
    }

    /// Roughly how many character widths Excel needs: East Asian characters take two.
    private static func displayWidth(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            width += scalar.value >= 0x1100 ? 2 : 1
            if width > 60 { break }
        }
        return width
    }
}
