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
        row[0] = .text(ResultText.total.text)
        row[c] = .int(sum)
        return row
    }

    /// Columns a reader needs whole to tell rows apart: numbers, names and dates. In a narrow
    /// terminal the others shrink first, then are left out (and named below the table).
    static func isKeyColumn(_ c: ResultTable.Column) -> Bool {
        c.type == .date || ["no", "id_card", "name", "code", "request", "actor"].contains(c.name)
    }

    /// Which columns to draw at which widths within `limit` terminal columns: key columns
    /// whole while the others give way — long text (a school's name, a reason) shrinks to 8
    /// with `…`, short values (codes, grades, statuses: `content` ≤ 10) never are cut — and
    /// then columns are left out from the right.
    static func layout(_ columns: [ResultTable.Column], widths full: [Int], content: [Int], limit: Int) -> (keep: [Int], widths: [Int]) {
        var keep = Array(columns.indices)
        func frame(_ n: Int) -> Int { 3 * n + 1 }          // "│ " + cells joined by " │ " + " │"
        func fits(_ w: [Int]) -> Bool { w.reduce(0, +) + frame(w.count) <= limit }
        func minimum(_ i: Int) -> Int { isKeyColumn(columns[i]) || content[i] <= 10 ? full[i] : min(full[i], 8) }
        func shrinkOthers() -> [Int]? {
            let fixed = keep.filter { minimum($0) == full[$0] }
            let flexible = keep.filter { minimum($0) < full[$0] }
            let budget = limit - frame(keep.count) - fixed.map { full[$0] }.reduce(0, +)
            guard budget >= flexible.map(minimum).reduce(0, +) else { return nil }
            var fitted = TextLayout.fit(flexible.map { full[$0] }, into: budget, minimum: 8).makeIterator()
            return keep.map { minimum($0) == full[$0] ? full[$0] : fitted.next()! }
        }
        if fits(keep.map { full[$0] }) { return (keep, keep.map { full[$0] }) }
        while true {
            if let w = shrinkOthers(), fits(w) { return (keep, w) }
            guard let drop = keep.lastIndex(where: { !isKeyColumn(columns[$0]) }) else { break }
            keep.remove(at: drop)
        }
        // Only key columns are left and still too wide: shrink them all.
        return (keep, TextLayout.fit(keep.map { full[$0] }, into: max(keep.count, limit - frame(keep.count))))
    }

    private func renderBox(_ table: ResultTable, into out: inout String) {
        guard !table.columns.isEmpty else { out += "(no columns)\n"; return }
        let all = table.columns.indices
        var fullWidths = [Int](repeating: 0, count: table.columns.count)
        let fullHeader = table.columns.map { TextLayout.sanitize(table.header($0, in: options.language)) }
        var fullBody = table.rows.map { $0.map(TextLayout.cellText) }
        let total = TableRenderer.totalRow(table).map { $0.map(TextLayout.cellText) }
        if let total { fullBody.append(total) }
        var content = [Int](repeating: 0, count: table.columns.count)
        for row in fullBody { for i in 0..<min(all.count, row.count) { content[i] = max(content[i], row[i].terminalWidth) } }
        for i in all { fullWidths[i] = max(1, content[i], options.headers ? fullHeader[i].terminalWidth : 0) }
        var keep = Array(all), widths = fullWidths
        if let limit = options.width {
            (keep, widths) = TableRenderer.layout(table.columns, widths: fullWidths, content: content, limit: limit)
        }
        let n = keep.count
        let header = keep.map { fullHeader[$0] }
        let body = fullBody.map { row in keep.map { $0 < row.count ? row[$0] : "" } }
        let left = all.filter { !keep.contains($0) }.map { fullHeader[$0] }
        defer {
            if !left.isEmpty { out += "(left out to fit: \(left.joined(separator: ", ")); .mode line shows them)\n" }
        }
        let rightAligned = keep.map { table.columns[$0].type == .int }

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
        if table.rows.isEmpty { out += ResultText.noRows.text + "\n" }
    }

    private func renderRecord(_ table: ResultTable, into out: inout String) {
        let names = table.columns.map { TextLayout.sanitize(table.header($0, in: options.language)) }
        let nameWidth = names.map(\.terminalWidth).max() ?? 0
        if table.rows.isEmpty { out += ResultText.noRows.text + "\n"; return }
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
