import Foundation
import Sheets

/// `.xlsx` files (issue 15): the first sheet of a workbook imported as a CSV file is (the same
/// columns, checks, all-or-nothing and `FILE:ROW:` refusals: rows are the sheet's own numbers),
/// and `export … to "x.xlsx"` writing one sheet of text cells. Excel's traps are met here: a
/// date stored as a serial number is read as the date; an ID number stored as a number keeps
/// the form Excel stored (`4.10303E+17`), which the import refuses, naming the cell's row
/// and column, since its last digits are gone.
extension Registry {
    /// Whether `bytes` are a zip archive (an .xlsx workbook) rather than text.
    static func isWorkbook(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 4 && bytes[0] == 0x50 && bytes[1] == 0x4B && bytes[2] == 0x03 && bytes[3] == 0x04
    }

    /// The first sheet of a workbook as import rows; `Column` says which columns hold dates.
    static func importTable<Column: ImportColumn>(workbook bytes: UnsafeRawBufferPointer, file: String,
                                                  dates: Set<Column>) throws(RegistryError) -> ImportTable {
        let sheet: Sheet
        do throws(SheetError) { sheet = try XLSXReader.read(Data(bytes)) } catch {
            throw RegistryError(nil, .storage(.workbookUnreadable(file: file, why: error.message)))
        }
        guard let first = sheet.rows.first else { throw RegistryError(nil, .storage(.emptyWorkbook(file: file))) }
        let header = first.cells.map(text)
        let dateColumns = Set(header.indices.filter { i in
            dates.contains { $0.headers.contains(header[i].trimmingSpaces) }
        })
        let rows = sheet.rows.dropFirst().map { row in
            ImportTable.Row(line: row.number, fields: row.cells.indices.map { i in
                let cell = row.cells[i]
                if dateColumns.contains(i), case .number(let serial) = cell,
                   let d = XLSXReader.excelDate(serial: serial, date1904: sheet.date1904) {
                    return Day(year: d.year, month: d.month, day: d.day)?.description ?? serial
                }
                return text(cell)
            })
        }
        return ImportTable(header: header, headerLine: first.number, rows: rows)
    }

    /// A cell as the import reads it: text trimmed; a whole number without Excel's exponent
    /// (`3`, not `3.0`) unless digits were lost, when the stored form stays for the refusal.
    static func text(_ cell: SheetCell) -> String {
        switch cell {
        case .empty: return ""
        case .text(let s): return s.trimmingSpaces
        case .bool(let b): return b ? "TRUE" : "FALSE"
        case .error(let e): return e
        case .number(let n):
            // A whole number as digits; one written with an exponent keeps its form when it is
            // large (an ID number whose last digits are lost), so the import can say so.
            let exponent = n.contains("E") || n.contains("e")
            if let v = Double(n), v == v.rounded(), abs(v) < (exponent ? 1e9 : 1e15) { return String(Int64(v)) }
            return n
        }
    }

    /// Writes an export as a one-sheet workbook of text cells (codes keep their leading zeros).
    static func writeWorkbook(_ table: ExportTable, to path: String) throws(RegistryError) {
        let data: Data
        do throws(SheetError) { data = try XLSXWriter.write(header: table.header, rows: table.rows) } catch {
            throw RegistryError(nil, .storage(.workbookUnwritable(file: path, why: error.message)))
        }
        try writePrivate([UInt8](data), to: path)
    }

    /// Whether a path names a workbook by its extension.
    static func isWorkbookPath(_ path: String) -> Bool { path.lowercased().hasSuffix(".xlsx") }
}
