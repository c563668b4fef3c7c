import Registry
import RQL

/// `line` mode (as sqlite's): one `field = value` per line, names right-aligned to the
/// widest by display width, a blank line between rows. Good for wide records on narrow screens.
public struct LineRenderer: Renderer {
    /// Unused here (line mode always names fields); kept for a uniform interface.
    public var options: RenderOptions

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends every row of every table, then the table's footer.
    public func render(_ items: [OutputItem], into out: inout String) {
        var first = true
        for item in items {
            switch item {
            case .message(let text):
                out += TextLayout.message(text) + "\n"
            case .acknowledgement: break          // people read the message before it
            case .table(let table):
                let names = table.columns.map { TextLayout.sanitize(table.header($0, in: options.language)) }
                let width = names.map(\.terminalWidth).max() ?? 0
                for row in table.rows {
                    if !first { out += "\n" }
                    first = false
                    for (i, name) in names.enumerated() {
                        let value = i < row.count ? TextLayout.cellText(row[i]) : ""
                        out += TextLayout.pad(name, to: width, rightAligned: true) + " = " + value + "\n"
                    }
                }
                if let footer = table.footer {
                    if !table.rows.isEmpty { out += "\n" }
                    out += TextLayout.message(footer) + "\n"
                }
            }
        }
    }
}
