import RQL
import Registry

/// `json` mode: each table is one JSON array of objects (keys are column names), written
/// one object per line; several tables in one output are several arrays, one after another.
/// Integers are numbers, null is null, dates are `"YYYY-MM-DD"` strings, everything else a
/// string. Non-ASCII text is written as UTF-8; quotes, backslashes and every character a
/// terminal could act on (C0, DEL, C1, U+2028/U+2029, bidi controls) are JSON-escaped
/// (`\n`, `\u001b`, `\u202e`): no raw control byte reaches the terminal, and a JSON reader
/// still decodes the stored value exactly. Footers are left out; messages are not drawn (the
/// shell sends them to standard error); a change's acknowledgement is an array of one object.
/// So a whole run is a stream of JSON arrays that `jq` reads.
public struct JSONRenderer: Renderer {
    /// Unused by JSON (no headers, no width) but kept for a uniform interface.
    public var options: RenderOptions

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends one array per table.
    public func render(_ items: [OutputItem], into out: inout String) {
        for item in items {
            switch item {
            case .message: break
            case .table(let table), .acknowledgement(let table):
                if table.rows.isEmpty { out += "[]\n"; continue }
                let keys = table.columns.map { JSONRenderer.string(table.header($0, in: options.language)) }
                out += "[\n"
                for (r, row) in table.rows.enumerated() {
                    out += "  " + JSONRenderer.object(keys, row)
                    out += r == table.rows.count - 1 ? "\n" : ",\n"
                }
                out += "]\n"
            }
        }
    }

    /// One row as a JSON object; `keys` are already JSON strings.
    static func object(_ keys: [String], _ row: [Value]) -> String {
        var out = "{"
        for (i, key) in keys.enumerated() {
            if i > 0 { out += ", " }
            out += key + ": " + JSONRenderer.value(i < row.count ? row[i] : .null)
        }
        return out + "}"
    }

    /// A value as JSON: ints as numbers, null as null, dates and text as strings.
    public static func value(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .int(let n): return String(n)
        case .text(let s): return string(s)
        case .date(let d): return string(d.description)
        }
    }

    /// A quoted, escaped JSON string.
    public static func string(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if s.isTerminalControl {
                    let hex = String(s.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(s)
                }
            }
        }
        return out + "\""
    }
}
