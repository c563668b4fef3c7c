/// What Tab does with a set of candidates, decided without a terminal so it can be tested.
public enum CompletionPlan: Equatable, Sendable {
    /// Nothing matches: ring the bell.
    case none
    /// Replace the word before the cursor with `text` (one candidate, or a longer common prefix).
    case replace(word: String, with: String)
    /// Several candidates and nothing more to insert: list them below the line.
    case list([String])

    /// Characters that end a word for completion; `.`, `/`, `_` and `-` stay inside words so
    /// that `school.name`, `.read` and file paths complete whole.
    public static let wordBreaks: Set<Character> = [" ", "\t", "\n", "(", ")", ",", "=", "<", ">", "!", "\"", "'", ";"]

    /// The partial word the cursor is at the end of.
    public static func lastWord(of text: String) -> String {
        var word = ""
        for c in text.reversed() {
            if wordBreaks.contains(c) { break }
            word.insert(c, at: word.startIndex)
        }
        return word
    }

    /// Separates a candidate from the label listed beside it (`4103030001` + `洛阳市西工区第一小学`):
    /// only the candidate is matched and inserted.
    public static let labelSeparator: Character = "\u{1F}"

    /// `candidate` + its label, for `list` to show.
    public static func labelled(_ candidate: String, _ label: String) -> String { candidate + String(labelSeparator) + label }

    /// A candidate without its label.
    static func bare(_ candidate: String) -> String {
        candidate.firstIndex(of: labelSeparator).map { String(candidate[..<$0]) } ?? candidate
    }

    /// The quote a line leaves open (`import students from "新`), if any.
    public static func openQuote(in text: String) -> Character? {
        var quote: Character?
        var escaped = false
        for c in text {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            }
        }
        return quote
    }

    /// Plans Tab for `lineBeforeCursor` given candidates for its last word.
    ///
    /// One candidate is inserted whole with a trailing space (none after a directory's `/`);
    /// several insert their common prefix when it is longer than the typed word, else are listed.
    /// A candidate may begin with `"` where the typed word has none (a file name the lexer needs
    /// quoted); a completed file name inside an open quote closes it before the space.
    public static func plan(lineBeforeCursor: String, candidates: [String]) -> CompletionPlan {
        let word = lastWord(of: lineBeforeCursor)
        func matches(_ c: String) -> Bool {
            c.lowercased().hasPrefix(word.lowercased()) || (c.first == "\"" && c.dropFirst().lowercased().hasPrefix(word.lowercased()))
        }
        var unique: [String] = [], labels: [String: String] = [:]
        for raw in candidates {
            let c = bare(raw)
            guard !unique.contains(c), matches(c) else { continue }
            unique.append(c)
            if c != raw { labels[c] = String(raw[raw.index(after: raw.firstIndex(of: labelSeparator)!)...]) }
        }
        if unique.isEmpty { return .none }
        if unique.count == 1 {
            let only = unique[0]
            if only.hasSuffix("/") { return .replace(word: word, with: only) }
            if only.first == "\"" { return .replace(word: word, with: only + "\" ") }
            if let q = openQuote(in: lineBeforeCursor), lineBeforeCursor.dropLast(word.count).last == q {
                return .replace(word: word, with: only + String(q) + " ")
            }
            return .replace(word: word, with: only + " ")
        }
        let prefix = commonPrefix(unique)
        if prefix.count > word.count { return .replace(word: word, with: prefix) }
        return .list(unique.sorted().map { c in labels[c].map { "\(c) \($0)" } ?? c })
    }

    /// The longest common prefix by characters, compared case-insensitively but spelled as
    /// the first candidate spells it.
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for w in words.dropFirst() {
            let chars = Array(w)
            var n = 0
            while n < min(prefix.count, chars.count), String(prefix[n]).lowercased() == String(chars[n]).lowercased() { n += 1 }
            prefix = Array(prefix[0..<n])
        }
        return String(prefix)
    }

    /// Lays candidates out in columns like bash, down then across, within `width` columns.
    public static func columns(_ items: [String], width: Int) -> String {
        guard !items.isEmpty else { return "" }
        let cell = (items.map(\.terminalWidth).max() ?? 0) + 2
        let perRow = max(1, width / cell)
        let rows = (items.count + perRow - 1) / perRow
        var out = ""
        for r in 0..<rows {
            var line = ""
            for c in 0..<perRow {
                let i = c * rows + r
                guard i < items.count else { break }
                let item = items[i]
                let isLast = (c + 1) * rows + r >= items.count
                line += item
                if !isLast { line += String(repeating: " ", count: cell - item.terminalWidth) }
            }
            out += line + "\n"
        }
        return out
    }
}
