import Registry

/// Display-width text helpers shared by the renderers: CJK counts two columns, combining
/// marks none, so padding and truncation never use `count`.
enum TextLayout {
    /// The text a cell shows: nulls are empty, control characters become visible escapes so
    /// one row stays on one line.
    static func cellText(_ value: Value) -> String {
        sanitize(value.description)
    }

    /// Replaces control characters (newline, tab, ESC, C1, bidi controls …) with `\n`, `\t`
    /// or `\u{1B}`: the one escaping every output path shares (`escapingControls`).
    static func sanitize(_ text: String) -> String { text.escapingControls() }

    /// A message, warning or footer line: several lines are fine (an import's bad rows), every
    /// other control character — an ESC in a stored name it quotes — is escaped.
    static func message(_ text: String) -> String { text.escapingControls(keepingLineBreaks: true) }

    /// Cuts `text` to at most `width` columns, ending in `…` when anything was dropped.
    static func truncate(_ text: String, to width: Int) -> String {
        if text.terminalWidth <= width { return text }
        if width <= 0 { return "" }
        var out = ""
        var used = 0
        for c in text {
            let w = c.terminalWidth
            if used + w > width - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// Pads to `width` columns on the right (left-aligned) or the left (right-aligned).
    static func pad(_ text: String, to width: Int, rightAligned: Bool = false) -> String {
        let gap = max(0, width - text.terminalWidth)
        let spaces = String(repeating: " ", count: gap)
        return rightAligned ? spaces + text : text + spaces
    }

    /// Shrinks column widths, widest first, until the sum fits `budget` (never below `minimum`).
    static func fit(_ widths: [Int], into budget: Int, minimum: Int = 1) -> [Int] {
        var w = widths
        var excess = w.reduce(0, +) - budget
        while excess > 0 {
            guard let i = w.indices.filter({ w[$0] > minimum }).max(by: { w[$0] < w[$1] }) else { break }
            let others = w.enumerated().filter { $0.offset != i }.map(\.element)
            let second = max(minimum, others.filter { $0 < w[i] }.max() ?? minimum)
            let cut = max(1, min(excess, w[i] - second))
            w[i] -= cut
            excess -= cut
        }
        return w
    }
}
