import RQL
import Registry

/// `chart` mode: a `count … by` result as horizontal bars of Unicode blocks, scaled to the
/// terminal width, so proportions show at a glance. Tables that are not counts are drawn
/// as in `table` mode.
public struct ChartRenderer: Renderer {
    /// Terminal width (80 columns when unlimited, e.g. output to a file).
    public var options: RenderOptions

    /// Eighth blocks for the fractional end of a bar, index = eighths (0 = none).
    static let partials = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// Makes a renderer with `options`.
    public init(options: RenderOptions = RenderOptions()) { self.options = options }

    /// Appends bars for counts tables and tables for the rest.
    public func render(_ items: [OutputItem], into out: inout String) {
        for item in items {
            guard case .table(let table) = item, ChartRenderer.isChartable(table) else {
                TableRenderer(options: options).render([item], into: &out)
                continue
            }
            renderBars(table, into: &out)
            if let footer = table.footer { out += TextLayout.message(footer) + "\n" }
        }
    }

    /// A table can be charted when it is a counts table whose last column holds integers.
    static func isChartable(_ table: ResultTable) -> Bool {
        table.style == .counts && table.columns.count >= 1 && table.columns.last?.type == .int
    }

    /// A bar of `eighths` eighth-columns: full blocks then one partial block.
    static func bar(eighths: Int) -> String {
        String(repeating: "█", count: eighths / 8) + partials[eighths % 8]
    }

    private func renderBars(_ table: ResultTable, into out: inout String) {
        if table.rows.isEmpty { out += ResultText.noRows.text + "\n"; return }
        let width = options.width ?? 80
        var labels = table.rows.map { row in
            row.dropLast().map(TextLayout.cellText).joined(separator: " ")
        }
        let counts = table.rows.map { row -> Int in if case .int(let n) = row.last ?? .null { return n } else { return 0 } }
        let maxLabel = max(1, width / 3)
        labels = labels.map { TextLayout.truncate($0, to: maxLabel) }
        let labelWidth = labels.map(\.terminalWidth).max() ?? 0
        let countWidth = counts.map { String($0).count }.max() ?? 1
        let maxCount = max(1, counts.max() ?? 1)
        // label, space, bar, space, count
        let barColumns = max(1, width - labelWidth - countWidth - 2 - (labelWidth > 0 ? 1 : 0))
        for (label, count) in zip(labels, counts) {
            let eighths = Int((Double(max(0, count)) * Double(barColumns * 8) / Double(maxCount)).rounded())
            let bar = ChartRenderer.bar(eighths: eighths)
            if labelWidth > 0 { out += TextLayout.pad(label, to: labelWidth) + " " }
            out += bar + " " + String(count) + "\n"
        }
    }
}
