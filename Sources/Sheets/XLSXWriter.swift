import Foundation
import ZIPFoundation

/// Writes rows of text as a one-sheet .xlsx workbook that Excel, WPS and LibreOffice open.
///
/// Every cell is a text cell (an inline string with the text number format "@"), so ID
/// numbers keep all 18 digits and codes keep their leading zeros, and a cell an administrator
/// retypes in Excel stays text. The header row is bold and frozen; columns are sized to their
/// content. Characters XML 1.0 cannot hold (control characters, and the carriage return) are
/// written as Excel's `_xHHHH_` escapes, which Excel and `XLSXReader` turn back into the character.
public enum XLSXWriter {
    /// The workbook's bytes; rows may be ragged, and an empty string leaves its cell empty.
    /// Refuses what Excel would refuse to open: more than 1,048,576 rows or 16,384 columns,
    /// a cell over 32,767 characters, or a sheet name Excel does not allow.
    public static func write(header: [String], rows: [[String]], sheetName: String = "Sheet1") throws(SheetError) -> Data {
        try checkSheetName(sheetName)
        let sheet = try SheetXML.make(header: header, rows: rows)
        // [Content_Types].xml first: some readers look for it at the start of the archive.
        return try zip([
            ("[Content_Types].xml", Array(Templates.contentTypes.utf8)),
            ("_rels/.rels", Array(Templates.packageRels.utf8)),
            ("xl/workbook.xml", Templates.workbook(sheetName: sheetName)),
            ("xl/_rels/workbook.xml.rels", Array(Templates.workbookRels.utf8)),
            ("xl/styles.xml", Array(Templates.styles.utf8)),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
    }

    /// Writes the workbook to a file, replacing it, for callers that have a path.
    public static func write(header: [String], rows: [[String]], sheetName: String = "Sheet1", toFile path: String) throws(SheetError) {
        let data = try write(header: header, rows: rows, sheetName: sheetName)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SheetError("cannot write \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// Excel's rules for a tab name; a name that breaks them makes Excel "repair" the file.
    static func checkSheetName(_ name: String) throws(SheetError) {
        let forbidden: Set<Character> = [":", "\\", "/", "?", "*", "[", "]"]
        guard !name.isEmpty, name.utf16.count <= 31 else {
            throw SheetError("the sheet name \"\(name)\" must have 1 to 31 characters")
        }
        if let bad = name.first(where: { forbidden.contains($0) || $0.unicodeScalars.contains { $0.value < 0x20 } }) {
            throw SheetError("the sheet name \"\(name)\" may not contain \(bad.debugDescription)")
        }
        guard !name.hasPrefix("'"), !name.hasSuffix("'"), name.lowercased() != "history" else {
            throw SheetError("Excel does not allow the sheet name \"\(name)\"")
        }
    }

    /// A fixed timestamp for the zip entries, so the same rows always give the same bytes.
    private static let timestamp = Date(timeIntervalSince1970: 946_728_000)   // 2000-01-01 12:00 UTC

    private static func zip(_ parts: [(String, [UInt8])]) throws(SheetError) -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            for (path, bytes) in parts {
                let data = Data(bytes)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: timestamp, compressionMethod: .deflate,
                                     bufferSize: 1 << 16) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw SheetError("the zip archive could not be made") }
            return data
        } catch let error as SheetError {
            throw error
        } catch {
            throw SheetError("the zip archive could not be made: \(error)")
        }
    }
}
