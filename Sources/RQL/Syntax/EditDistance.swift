/// Levenshtein distance over Characters, for "did you mean" suggestions on misspelt keywords and fields.
enum EditDistance {
    /// Edits (insert, delete, substitute, swap of neighbours) turning `a` into `b`.
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var prev2 = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { cur[j] = min(cur[j], prev2[j - 2] + 1) }
            }
            prev2 = prev
            prev = cur
        }
        return prev[y.count]
    }

    /// Whether `word` is a plausible misspelling of `target`.
    static func isClose(_ word: String, _ target: String) -> Bool {
        let d = distance(word.lowercased(), target)
        return d > 0 && d <= (target.count <= 4 ? 1 : 2) && d < word.count
    }

    /// The closest candidate, if it is close enough to be a likely intent.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let w = word.lowercased()
        var best: (String, Int)?
        for c in candidates where isClose(w, c) {
            let d = distance(w, c)
            if best == nil || d < best!.1 { best = (c, d) }
        }
        return best?.0
    }
}
