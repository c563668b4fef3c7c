import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams a worksheet part into rows, since a sheet of 100,000 rows is tens of megabytes of
/// XML and a tree of it would cost several times that.
///
/// Only `<sheetData>` matters: `<row r>` holds `<c r t>` cells whose value is `<v>`, or for an
/// inline string `<is>` with `<t>` and rich-text runs; formulas `<f>` are ignored, their cached
/// results kept. `r` may be omitted on rows and cells (it then follows the previous one).
final class WorksheetParser: NSObject, XMLParserDelegate {
    private let sharedStrings: [String]
    private var rows: [SheetRow] = []
    private var failure: SheetError?

    private var inSheetData = false
    private var rowNumber: Int?
    private var lastRowNumber = 0
    private var cells: [SheetCell] = []

    private var cellRef: CellReference?
    private var nextColumn = 0
    private var cellType = ""
    private var value = ""
    private var inInline = false
    private var phonetic = 0
    private var capturing = false
    private(set) var depth = 0
    private(set) var sawRoot = false

    private init(sharedStrings: [String]) { self.sharedStrings = sharedStrings }

    static func parse(_ data: Data, part: String, sharedStrings: [String]) throws(SheetError) -> [SheetRow] {
        let delegate = WorksheetParser(sharedStrings: sharedStrings)
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        if let why = XMLFailure.check(parser, parsed: parsed, closedRoot: delegate.depth == 0 && delegate.sawRoot) {
            throw SheetError.brokenPart(part, why)
        }
        return delegate.rows
    }

    private func fail(_ parser: XMLParser, _ error: SheetError) {
        if failure == nil { failure = error }
        parser.abortParsing()
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        sawRoot = true
        guard inSheetData else {
            if name == "sheetData" { inSheetData = true }
            return
        }
        switch name {
        case "c":
            if let r = attributes["r"] {
                guard let ref = CellReference(r) else {
                    return fail(parser, SheetError("row \(rowNumber ?? lastRowNumber + 1): the cell reference \"\(r)\" is not a cell address"))
                }
                if rowNumber == nil { rowNumber = ref.row }
                cellRef = ref
            } else {
                guard nextColumn < CellReference.maxColumns else {
                    return fail(parser, SheetError("row \(rowNumber ?? lastRowNumber + 1) has more than 16,384 cells"))
                }
                cellRef = CellReference(column: nextColumn, row: rowNumber ?? lastRowNumber + 1)
            }
            cellType = attributes["t"] ?? ""
            value = ""
        case "v":
            capturing = cellRef != nil
        case "is":
            inInline = true
        case "t" where inInline && phonetic == 0:
            capturing = true
        case "rPh":
            phonetic += 1
        case "row":
            rowNumber = attributes["r"].flatMap { Int($0) }
            if let n = rowNumber, !(1...CellReference.maxRows).contains(n) {
                return fail(parser, SheetError("the row number \(n) is outside 1–1,048,576"))
            }
            cells.removeAll(keepingCapacity: true)
            nextColumn = 0
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        guard inSheetData else { return }
        switch name {
        case "v", "t":
            capturing = false
        case "is":
            inInline = false
        case "rPh":
            phonetic -= 1
        case "c":
            guard let ref = cellRef else { return }
            cellRef = nil
            let cell: SheetCell
            do throws(SheetError) { cell = try makeCell(ref) } catch { return fail(parser, error) }
            nextColumn = ref.column + 1
            guard cell != .empty else { return }
            if ref.column >= cells.count {
                cells.append(contentsOf: repeatElement(.empty, count: ref.column - cells.count))
                cells.append(cell)
            } else {
                cells[ref.column] = cell
            }
        case "row":
            let number = rowNumber ?? lastRowNumber + 1
            lastRowNumber = number
            rowNumber = nil
            if !cells.isEmpty { rows.append(SheetRow(number: number, cells: cells)) }
        case "sheetData":
            inSheetData = false
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing {
            if value.isEmpty { value = string } else { value += string }
        }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if capturing { value += String(decoding: block, as: UTF8.self) }
    }

    /// The value without surrounding XML white space; Foundation's trimming costs a fifth of
    /// the reading time of a large sheet, and values almost never need it.
    static func trimmed(_ text: String) -> String {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard let first = text.utf8.first, let last = text.utf8.last, isSpace(first) || isSpace(last) else { return text }
        let bytes = text.utf8.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The cell's value by its type attribute; an empty value is `.empty` whatever the type.
    private func makeCell(_ ref: CellReference) throws(SheetError) -> SheetCell {
        switch cellType {
        case "s":
            let reference = Self.trimmed(value)
            guard !reference.isEmpty else { return .empty }
            guard let index = Int(reference), sharedStrings.indices.contains(index) else {
                throw SheetError("cell \(ref.name) refers to shared string \(reference), but the workbook has \(sharedStrings.count)")
            }
            let text = sharedStrings[index]
            return text.isEmpty ? .empty : .text(text)
        case "inlineStr", "str", "d":
            let text = ExcelEscapes.decode(value)
            return text.isEmpty ? .empty : .text(text)
        case "b":
            switch Self.trimmed(value).lowercased() {
            case "": return .empty
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            default: throw SheetError("cell \(ref.name) holds \"\(value)\", which is not a boolean")
            }
        case "e":
            return value.isEmpty ? .empty : .error(value)
        default:
            let number = Self.trimmed(value)
            return number.isEmpty ? .empty : .number(number)
        }
    }
}
