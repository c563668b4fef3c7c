import RQL

/// `csv` mode: RFC 4180 fields for spreadsheets and scripts, with LF line ends (RFC 4180
/// says CRLF; every consumer we target reads LF, and `.help mode` says so). Footers are left
/// out so the file stays pure CSV; messages still print as plain lines.
public struct CSVRenderer: Renderer {
    /// Headers (width is ignored: CSV is never cut).
    public var options: RenderOptions

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends a header row (unless headers are off) and one line per row.
    public func render(_ items: [OutputItem], into out: inout String) {
        for item in items {
            switch item {
            case .message(let text): out += text + "\n"
            case .table(let table):
                if options.headers {
                    out += table.columns.map { CSVRenderer.field($0.name) }.joined(separator: ",") + "\n"
                }
                for row in table.rows {
                    out += row.map { CSVRenderer.field($0.description) }.joined(separator: ",") + "\n"
                }
            }
        }
    }

    /// One field, quoted (with `"` doubled) when it holds `,` `"` CR or LF.
    public static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        var out = "\""
        for c in text { if c == "\"" { out += "\"\"" } else { out.append(c) } }
        return out + "\""
    }
}
