import Registry
import RQL

/// `csv` mode: RFC 4180 fields for spreadsheets and scripts, with LF line ends (RFC 4180
/// says CRLF; every consumer we target reads LF, and `.help mode` says so). Footers are left
/// out so the file stays pure CSV; messages are not drawn (the shell sends them to standard
/// error), and a change's acknowledgement is a row of its own, with its header. Control characters
/// in values are escaped as in every mode (`\n`, `\u{1B}`): a stored newline in a reason
/// prints as `\n`, so each row is one line (`export` writes the raw values instead).
public struct CSVRenderer: Renderer {
    /// Headers (width is ignored: CSV is never cut).
    public var options: RenderOptions

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends a header row (unless headers are off) and one line per row.
    public func render(_ items: [OutputItem], into out: inout String) {
        for item in items {
            switch item {
            case .message: break
            case .table(let table), .acknowledgement(let table):
                if options.headers {
                    out += table.columns.map { CSVRenderer.field(TextLayout.sanitize(table.header($0, in: options.language))) }.joined(separator: ",") + "\n"
                }
                for row in table.rows {
                    out += row.map { CSVRenderer.field(TextLayout.cellText($0)) }.joined(separator: ",") + "\n"
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
