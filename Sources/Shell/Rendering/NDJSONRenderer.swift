import Registry
import RQL

/// `ndjson` mode: one JSON object per line for every row of every result, and one for each
/// change's acknowledgement (`{"statement": "enrol", "no": "G…", …}`), so line-oriented tools
/// (`python -m json.tool --json-lines`, `jq -c`) read a whole run. Values as in `json` mode;
/// messages are not drawn (the shell sends them to standard error).
public struct NDJSONRenderer: Renderer {
    /// Unused (no headers, no width), kept for a uniform interface.
    public var options: RenderOptions

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends one line per row.
    public func render(_ items: [OutputItem], into out: inout String) {
        for item in items {
            switch item {
            case .message: break
            case .table(let table), .acknowledgement(let table):
                let keys = table.columns.map { JSONRenderer.string(table.header($0, in: options.language)) }
                for row in table.rows { out += JSONRenderer.object(keys, row) + "\n" }
            }
        }
    }
}
