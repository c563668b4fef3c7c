import Foundation
import ZIPFoundation

/// The zip side of an .xlsx: parts by name, matched the way OPC says (case-insensitively), since
/// some producers write `xl/worksheets/Sheet1.xml` where the relationship says `sheet1.xml`.
struct ZipPackage {
    /// A part larger than this, uncompressed, is refused rather than filling memory: a real
    /// sheet of a million rows stays well below it, a zip bomb does not.
    static let maxPartSize = 1 << 30

    private let archive: Archive
    private let entries: [String: Entry]

    init(_ data: Data) throws(SheetError) {
        let magic = Array(data.prefix(8))
        if magic == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            throw SheetError("not an .xlsx file: an Excel 97–2003 (.xls or .et) workbook, or a password-protected one; save it as an .xlsx workbook without a password")
        }
        guard magic.starts(with: [0x50, 0x4B]) else {
            throw SheetError("not an .xlsx file (not a zip archive)")
        }
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw SheetError("not an .xlsx file (a damaged zip archive)")
        }
        var entries: [String: Entry] = [:]
        for entry in archive where entry.type == .file {
            let key = Self.key(entry.path)
            if entries[key] == nil { entries[key] = entry }
        }
        self.entries = entries
    }

    private static func key(_ path: String) -> String {
        var p = path.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p.lowercased()
    }

    func contains(_ path: String) -> Bool { entries[Self.key(path)] != nil }

    /// A part's bytes, inflated and checked against its CRC.
    func read(_ path: String) throws(SheetError) -> Data {
        guard let entry = entries[Self.key(path)] else { throw SheetError.missingPart(path) }
        guard entry.uncompressedSize <= UInt64(Self.maxPartSize) else {
            throw SheetError.brokenPart(path, "it is larger than 1 GiB")
        }
        var data = Data()
        data.reserveCapacity(Int(entry.uncompressedSize))
        let checksum: CRC32
        do {
            checksum = try archive.extract(entry, bufferSize: 1 << 16) { chunk in
                guard data.count + chunk.count <= Self.maxPartSize else { throw SheetError.brokenPart(path, "it is larger than 1 GiB") }
                data.append(chunk)
            }
        } catch let error as SheetError {
            throw error
        } catch {
            throw SheetError.brokenPart(path, "its compressed data is damaged")
        }
        guard checksum == entry.checksum, data.count == Int(entry.uncompressedSize) else {
            throw SheetError.brokenPart(path, "its data does not match its checksum (a damaged or truncated file)")
        }
        return data
    }
}
