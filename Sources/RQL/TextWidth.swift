/// Display width of text in a terminal: CJK wide characters take two columns, combining
/// marks and zero-width characters none. Tables and carets align by this, never by `count`.
extension Unicode.Scalar {
    /// Columns this scalar occupies when it starts a grapheme (0, 1 or 2).
    public var terminalWidth: Int {
        let v = value
        if v == 0 { return 0 }
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        if v < 0x300 { return 1 }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0x200B...0x200F).contains(v) || (0xFE00...0xFE0F).contains(v) { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }
}

extension Character {
    /// Columns this grapheme occupies: the width of its first scalar (the rest combine).
    public var terminalWidth: Int { unicodeScalars.first.map(\.terminalWidth) ?? 0 }
}

extension StringProtocol {
    /// Columns the text occupies in a terminal (CJK two, combining marks zero).
    public var terminalWidth: Int {
        var w = 0
        for c in self {
            if c.isASCII { w += c == "\t" ? 1 : (c.asciiValue! >= 0x20 && c.asciiValue! != 0x7F ? 1 : 0) }
            else { w += c.terminalWidth }
        }
        return w
    }
}
