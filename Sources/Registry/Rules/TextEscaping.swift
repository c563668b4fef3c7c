/// The characters stored text must never send raw to a terminal, and how they are shown.
///
/// One definition serves both sides: `TextRules` refuses these characters on the way in, and
/// every output path shows them escaped (`\u{1B}`, `\n`), so a record that predates the rules
/// (or was written by another program) still cannot recolour, retitle or reorder a terminal.
extension Unicode.Scalar {
    /// Whether printing this scalar raw could drive or mislead a terminal: C0 controls
    /// (newline and tab included), DEL, C1 controls, U+2028/U+2029, and the bidi embedding,
    /// override and isolate controls (U+202A–U+202E, U+2066–U+2069).
    @inline(__always)
    public var isTerminalControl: Bool {
        let v = value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return true }
        if v < 0x2028 { return false }
        return v <= 0x202E || (0x2066...0x2069).contains(v)
    }

    /// How the scalar reads in a message: `the control character U+001B`,
    /// `the bidirectional control U+202E`, `the line separator U+2028`.
    public var controlDescription: String {
        let code = codePoint
        switch value {
        case 0x0A: return "a line break (\(code))"
        case 0x0D: return "a carriage return (\(code))"
        case 0x09: return "a tab (\(code))"
        case 0x7F: return "the control character \(code) (DEL)"
        case 0x2028: return "the line separator \(code)"
        case 0x2029: return "the paragraph separator \(code)"
        case 0x202A...0x202E, 0x2066...0x2069: return "the bidirectional control \(code)"
        default: return "the control character \(code)"
        }
    }

    /// `controlDescription` in Chinese: `控制字符 U+001B`, `双向控制字符 U+202E`, `行分隔符 U+2028`.
    var chineseControlDescription: String {
        let code = codePoint
        switch value {
        case 0x0A: return "换行符（\(code)）"
        case 0x0D: return "回车符（\(code)）"
        case 0x09: return "制表符（\(code)）"
        case 0x7F: return "控制字符 \(code)（DEL）"
        case 0x2028: return "行分隔符 \(code)"
        case 0x2029: return "段分隔符 \(code)"
        case 0x202A...0x202E, 0x2066...0x2069: return "双向控制字符 \(code)"
        default: return "控制字符 \(code)"
        }
    }

    /// `U+001B`: the scalar's code point, at least four hex digits.
    var codePoint: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension StringProtocol {
    /// The text as it may reach a terminal: each `isTerminalControl` scalar becomes an escape —
    /// `\n`, `\t`, `\r`, and `\u{1B}` style (hex, upper case) for the rest.
    ///
    /// `keepingLineBreaks` leaves newline and tab alone: for messages and errors that are
    /// legitimately several lines (an import's bad rows, help), where the values inside were
    /// already escaped or cannot hold a newline; every other control is still escaped.
    public func escapingControls(keepingLineBreaks: Bool = false) -> String {
        // Fast path: almost all text has nothing to escape, and is returned without a copy loop.
        guard unicodeScalars.contains(where: { $0.isTerminalControl && !(keepingLineBreaks && ($0 == "\n" || $0 == "\t")) }) else {
            return String(self)
        }
        var out = ""
        out.reserveCapacity(utf8.count + 8)
        for s in unicodeScalars {
            guard s.isTerminalControl else { out.unicodeScalars.append(s); continue }
            switch s {
            case "\n": out += keepingLineBreaks ? "\n" : "\\n"
            case "\t": out += keepingLineBreaks ? "\t" : "\\t"
            case "\r": out += "\\r"
            default: out += "\\u{\(String(s.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }
}
