import RQL
import Registry

/// `table` mode: box-drawn tables aligned by display width, numbers right-aligned, cells cut
/// with `…` so the table fits the terminal; `record` tables as `field = value` lines and
/// `counts` tables with a `total` row.
public struct TableRenderer: Renderer {
    /// Headers and terminal width.
    public var options: RenderOptions

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends each table (and message) in order.
    public func render(_ items: [OutputItem], into out: inout String) {
        for item in items {
            switch item {
            case .message(let text): out += TextLayout.message(text) + "\n"
            case .acknowledgement: break          // people read the message before it
            case .table(let table):
                switch table.style {
                case .record: renderRecord(table, into: &out)
                case .rows, .counts: renderBox(table, into: &out)
                }
                if let footer = table.footer { out += TextLayout.message(footer) + "\n" }
            }
        }
    }

    /// The `total` row of a counts table: the sum of its `count` column (its last integer
    /// column; a `share` column may follow it).
    static func totalRow(_ table: ResultTable) -> [Value]? {
        guard table.style == .counts, table.columns.count >= 2, !table.rows.isEmpty,
              let c = table.columns.lastIndex(where: { $0.type == .int }), c > 0 else { return nil }
        var sum = 0
        for row in table.rows { if c < row.count, case .int(let n) = row[c] { sum += n } }
        var row = [Value](repeating: .null, count: table.columns.count)
        row[0] = .text("total")
        row[c] = .int(sum)
        return row
    }

    private func renderBox(_ table: ResultTable, into out: inout String) {
        let n = table.columns.count
        guard n > 0 else { out += "(no columns)\n"; return }
        let header = table.columns.map { TextLayout.sanitize($0.name) }
        var body = table.rows.map { $0.map(TextLayout.cellText) }
        let total = TableRenderer.totalRow(table).map { $0.map(TextLayout.cellText) }
        if let total { body.append(total) }
        var widths = [Int](repeating: 0, count: n)
        if options.headers { for i in 0..<n { widths[i] = header[i].terminalWidth } }
        for row in body { for i in 0..<min(n, row.count) { widths[i] = max(widths[i], row[i].terminalWidth) } }
        widths = widths.map { max($0, 1) }
        if let limit = options.width {
            // "│ " + cells joined by " │ " + " │" = 3n + 1 columns of frame.
            widths = TextLayout.fit(widths, into: max(n, limit - (3 * n + 1)))
        }
        let rightAligned = table.columns.map { $0.type == .int }

        func rule(_ left: String, _ mid: String, _ right: String) {
            out += left
            for i in 0..<n {
                out += String(repeating: "─", count: widths[i] + 2)
                out += i == n - 1 ? right : mid
            }
            out += "\n"
        }
        func line(_ cells: [String], header: Bool = false) {
            out += "│"
            for i in 0..<n {
                let text = TextLayout.truncate(i < cells.count ? cells[i] : "", to: widths[i])
                out += " " + TextLayout.pad(text, to: widths[i], rightAligned: rightAligned[i] && !header) + " │"
            }
            out += "\n"
        }

        rule("┌", "┬", "┐")
        if options.headers {
            line(header, header: true)
            if !body.isEmpty { rule("├", "┼", "┤") }
        }
        let dataCount = table.rows.count
        for (r, row) in body.enumerated() {
            if total != nil && r == dataCount { rule("├", "┼", "┤") }
            line(row)
        }
        rule("└", "┴", "┘")
        if table.rows.isEmpty { out += "(no rows)\n" }
    }

    private func renderRecord(_ table: ResultTable, into out: inout String) {
        let names = table.columns.map { TextLayout.sanitize($0.name) }
        let nameWidth = names.map(\.terminalWidth).max() ?? 0
        if table.rows.isEmpty { out += "(no rows)\n"; return }
        for (r, row) in table.rows.enumerated() {
            if r > 0 { out += "\n" }
            for (i, name) in names.enumerated() {
                var value = i < row.count ? TextLayout.cellText(row[i]) : ""
                if let limit = options.width { value = TextLayout.truncate(value, to: max(1, limit - nameWidth - 3)) }
                out += TextLayout.pad(name, to: nameWidth) + " = " + value + "\n"
            }
        }
    }
}
