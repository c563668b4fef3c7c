import Foundation
import XCTest
import ZIPFoundation
@testable import Sheets
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Fixtures, hand-built packages and XML checks shared by the Sheets tests.
enum SheetsFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    /// A zip of the given parts in order, for packages no office program would write.
    static func zip(_ parts: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    /// The parts of a zip as text, by name.
    static func unzip(_ data: Data) throws -> [String: String] {
        let archive = try Archive(data: data, accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            parts[entry.path] = String(decoding: bytes, as: UTF8.self)
        }
        return parts
    }

    /// The entry names of a zip in stored order.
    static func entryNames(_ data: Data) throws -> [String] {
        try Archive(data: data, accessMode: .read).map(\.path)
    }

    /// A minimal Excel-style package around one worksheet and optional shared strings, with
    /// the usual content types and relationships, so a test states only what it is about.
    static func package(sheet: String, sharedStrings: String? = nil, workbook: String? = nil,
                        workbookRels: String? = nil, extra: [(String, String)] = []) throws -> Data {
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        var parts: [(String, String)] = [
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>
                """),
            ("xl/workbook.xml", workbook ?? """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="\(rel)"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>
                """),
            ("xl/_rels/workbook.xml.rels", workbookRels ?? """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\(rel)/worksheet" Target="worksheets/sheet1.xml"/>\(sharedStrings == nil ? "" : #"<Relationship Id="rId2" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/>"#)</Relationships>
                """),
            ("xl/worksheets/sheet1.xml", worksheet(sheet)),
        ]
        if let sharedStrings {
            parts.append(("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\(sharedStrings)</sst>
                """))
        }
        return try zip(parts + extra)
    }

    /// A worksheet part around the given `<sheetData>` content.
    static func worksheet(_ sheetData: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(sheetData)</sheetData></worksheet>
        """
    }

    /// True when XMLParser reads the text to the end without error and its root element closes
    /// (on Linux, `parse()` alone accepts some broken documents).
    static func isWellFormed(_ text: String) -> Bool {
        final class Depth: NSObject, XMLParserDelegate {
            var depth = 0, closed = false
            func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) { depth += 1 }
            func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
                depth -= 1
                if depth == 0 { closed = true }
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let delegate = Depth()
        parser.delegate = delegate
        return parser.parse() && parser.parserError == nil && delegate.closed && delegate.depth == 0
    }
}

extension XCTestCase {
    /// The error a throwing call raised, failing the test when it did not throw.
    func sheetError<T>(_ body: () throws(SheetError) -> T, file: StaticString = #filePath, line: UInt = #line) -> SheetError? {
        do {
            _ = try body()
            XCTFail("expected a SheetError", file: file, line: line)
            return nil
        } catch {
            return error
        }
    }
}
