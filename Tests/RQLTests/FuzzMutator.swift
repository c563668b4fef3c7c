import Foundation
import struct Generator.SplitMix
@testable import RQL

/// Seeded mutations of RQL scripts: the same seed gives the same inputs, so a failure replays
/// with `XUEJI_FUZZ_SEED`.
struct FuzzMutator {
    /// Token texts from the corpus, spliced into inputs.
    let tokens: [String]
    /// Corpus lines, for splicing whole lines and picking starting points.
    let lines: [String]
    var rng: SplitMix

    static let specials: [String] = ["\"", "'", "\\", ";", "(", ")", ",", "--", "\n", "\r", "\t", "，", "（", "）", "；",
                                     "“", "”", "é\u{301}", "\u{0}", "\u{FFFD}", "#!", "-", ".", "%", "X", "张", "G", "0"]

    /// Reads the corpus: its lines and every token text in it.
    init(corpus: [String], seed: UInt64) {
        lines = corpus.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("--") }
        var seen = Set<String>()
        tokens = corpus.flatMap { Lexer.tokenize($0).tokens.map(\.text) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        rng = SplitMix(state: seed)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ xs: [T]) -> T { xs.randomElement(using: &rng)! }
    mutating func chance(_ oneIn: Int) -> Bool { int(1...oneIn) == 1 }

    /// A starting point: a window of consecutive corpus lines, or a soup of corpus tokens.
    mutating func seed() -> String {
        if chance(5) { return (0..<int(1...25)).map { _ in pick(tokens) }.joined(separator: chance(2) ? " " : "") }
        let n = int(1...12)
        let start = int(0...max(lines.count - n, 0))
        return lines[start..<min(start + n, lines.count)].joined(separator: "\n")
    }

    /// The next fuzz input: a seed with one to four mutations.
    mutating func next() -> String {
        var s = seed()
        for _ in 0..<int(1...4) { s = mutate(s) }
        return s
    }

    mutating func mutate(_ s: String) -> String {
        var chars = Array(s)
        let at = int(0...chars.count)
        switch int(0...11) {
        case 0: // byte flip (may leave invalid UTF-8, read as U+FFFD like lossy input)
            var bytes = Array(s.utf8)
            guard !bytes.isEmpty else { return s }
            bytes[int(0...bytes.count - 1)] ^= UInt8(1) << UInt8(int(0...7))
            return String(decoding: bytes, as: UTF8.self)
        case 1: chars.insert(contentsOf: " " + pick(tokens) + " ", at: at)
        case 2: // replace one token with another
            let toks = Lexer.tokenize(s).tokens.filter { !$0.characterRange.isEmpty && $0.characterRange.upperBound <= chars.count }
            guard !toks.isEmpty else { return s }
            chars.replaceSubrange(pick(toks).characterRange, with: pick(tokens))
        case 3: // duplicate a range
            guard !chars.isEmpty else { return s }
            let a = int(0...chars.count - 1), b = min(chars.count, a + int(1...40))
            chars.insert(contentsOf: chars[a..<b], at: int(0...chars.count))
        case 4: chars.removeSubrange(at..<chars.count) // truncate
        case 5: chars.removeSubrange(at..<min(chars.count, at + int(1...10)))
        case 6: // deep nesting
            let k = int(1...(chance(4) ? 200 : 70))
            chars.insert(contentsOf: String(repeating: chance(2) ? "(" : "not ", count: k), at: at)
            if chance(2) { chars.append(contentsOf: String(repeating: ")", count: k)) }
        case 7: // a long list
            let n = int(1...(chance(8) ? 3000 : 60))
            let item = pick(["4103030001", "\"张三\"", "2013-09-01", "G410303200703150012", "active", "1"])
            chars.insert(contentsOf: " in (" + Array(repeating: item, count: n).joined(separator: chance(2) ? ", " : ",\n") + ") ", at: at)
        case 8: // a long and/or chain
            let n = int(1...(chance(8) ? 1500 : 40))
            let op = chance(3) ? " or" : " and"
            chars.insert(contentsOf: String(repeating: op + (chance(2) ? "\n" : " ") + "grade = 1", count: n), at: at)
        case 9: chars.insert(contentsOf: pick(["\n", " \\\n", "\r\n", ";\n", "; "]), at: at) // line structure
        case 10: chars.insert(contentsOf: pick(Self.specials), at: at)
        default: chars.insert(contentsOf: "\n" + pick(lines) + "\n", at: at) // splice a corpus line
        }
        return String(chars)
    }
}
