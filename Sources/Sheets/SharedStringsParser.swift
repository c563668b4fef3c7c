import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams `xl/sharedStrings.xml` (every distinct text of the workbook, often most of its
/// bytes) into an array, instead of building a tree of it.
///
/// A string item `<si>` is plain `<t>` or rich-text runs `<r><t>`, whose texts are joined;
/// phonetic guides `<rPh><t>` (furigana that Japanese Excel adds) are not part of the value.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    private var strings: [String] = []
    private var text = ""
    private var inItem = false
    private var phonetic = 0
    private var capturing = false
    private(set) var depth = 0
    private(set) var sawRoot = false

    static func parse(_ data: Data, part: String) throws(SheetError) -> [String] {
        let delegate = SharedStringsParser()
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.delegate = delegate
        let parsed = parser.parse()
        if let why = XMLFailure.check(parser, parsed: parsed, closedRoot: delegate.depth == 0 && delegate.sawRoot) {
            throw SheetError.brokenPart(part, why)
        }
        return delegate.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        sawRoot = true
        switch name {
        case "si":
            inItem = true
            text = ""
        case "t" where inItem && phonetic == 0:
            capturing = true
        case "rPh":
            phonetic += 1
        case "sst":
            if let count = attributes["uniqueCount"].flatMap(Int.init) { strings.reserveCapacity(min(count, 1 << 22)) }
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        switch name {
        case "si":
            strings.append(ExcelEscapes.decode(text))
            inItem = false
        case "t":
            capturing = false
        case "rPh":
            phonetic -= 1
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if capturing { text += String(decoding: block, as: UTF8.self) }
    }
}
