import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XMLCoder

/// The small XML parts that say where things are in an .xlsx package (Open Packaging
/// Conventions): read with XMLCoder, since they are a few KB and a tree is simplest.
enum PackageParts {
    /// `_rels/.rels` and `xl/_rels/workbook.xml.rels`: which part plays which role.
    struct Relationships: Decodable {
        var relationships: [Relationship]

        enum CodingKeys: String, CodingKey { case relationships = "Relationship" }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            relationships = try c.decodeIfPresent([Relationship].self, forKey: .relationships) ?? []
        }
    }

    struct Relationship: Decodable {
        var id: String
        var type: String
        var target: String
        var targetMode: String?

        enum CodingKeys: String, CodingKey {
            case id = "Id", type = "Type", target = "Target", targetMode = "TargetMode"
        }

        /// The relationship type's last path component ("worksheet", "sharedStrings", …), so
        /// transitional and strict OOXML namespaces match alike.
        var kind: String { String(type.split(separator: "/").last ?? "") }
    }

    /// `xl/workbook.xml`: the sheets in tab order, and the date system.
    struct Workbook: Decodable {
        var properties: Properties?
        var sheets: Sheets?

        enum CodingKeys: String, CodingKey { case properties = "workbookPr", sheets }

        struct Properties: Decodable {
            var date1904: String?
        }

        struct Sheets: Decodable {
            var sheet: [Entry]

            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                sheet = try c.decodeIfPresent([Entry].self, forKey: .sheet) ?? []
            }

            enum CodingKeys: String, CodingKey { case sheet }
        }

        struct Entry: Decodable {
            var name: String
            /// The relationship id (`r:id`; the prefix is dropped while decoding).
            var id: String
            var state: String?
        }
    }

    /// `[Content_Types].xml`: consulted only when `_rels/.rels` is missing, to find the workbook.
    struct ContentTypes: Decodable {
        var overrides: [Override]

        enum CodingKeys: String, CodingKey { case overrides = "Override" }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            overrides = try c.decodeIfPresent([Override].self, forKey: .overrides) ?? []
        }

        struct Override: Decodable {
            var partName: String
            var contentType: String

            enum CodingKeys: String, CodingKey { case partName = "PartName", contentType = "ContentType" }
        }
    }

    /// Decodes a part with namespace prefixes dropped from element and attribute names, since
    /// producers are free to choose prefixes (`r:id`, `x:sheet`) and only the local name counts.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, part: String) throws(SheetError) -> T {
        let decoder = XMLDecoder(trimValueWhitespaces: false)
        decoder.shouldProcessNamespaces = true
        decoder.keyDecodingStrategy = .custom { path in
            let key = path.last?.stringValue ?? ""
            guard let colon = key.lastIndex(of: ":") else { return path.last! }
            return LocalKey(String(key[key.index(after: colon)...]))
        }
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            throw SheetError.brokenPart(part, Self.reason(error))
        }
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "an element has no \(key.stringValue)"
        case DecodingError.dataCorrupted: return "it is not well-formed XML"
        default:
            let domain = (error as NSError).domain
            return domain == XMLParser.errorDomain || domain == "NSXMLParserErrorDomain"
                ? "it is not well-formed XML" : "it cannot be read (\(error))"
        }
    }

    private struct LocalKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The part a relationship points at, as a zip entry name: targets are relative to the
    /// source part's folder unless they start with "/", and may climb with "..".
    static func resolve(_ target: String, from source: String) -> String {
        var components: [Substring] = []
        if !target.hasPrefix("/") {
            components = source.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        }
        for piece in target.split(separator: "/", omittingEmptySubsequences: true) {
            switch piece {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(piece)
            }
        }
        return components.joined(separator: "/")
    }

    /// The rels part that belongs to a part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPath(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return "\(part[..<slash])/_rels/\(part[part.index(after: slash)...]).rels"
    }
}
