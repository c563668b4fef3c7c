extension Diagnostic {
    /// The diagnostic with its span moved from a literal onto its `valueCharacter`th value
    /// character (an escape such as `\n` is one value character written as two), so the caret
    /// sits under the very character refused. Unchanged when there is no such character or
    /// `source` is not the text that was parsed.
    public func narrowed(in source: String) -> Diagnostic {
        guard let target = valueCharacter, target >= 1 else { return self }
        let chars = Array(span.text(in: source))
        guard let first = chars.first else { return self }
        let quoted = first == "\"" || first == "'"
        var i = quoted ? 1 : 0, n = 1
        while n < target, i < chars.count {
            i += quoted && chars[i] == "\\" && i + 1 < chars.count ? 2 : 1
            n += 1
        }
        // The closing quote is not a value character.
        guard i < chars.count - (quoted ? 1 : 0) else { return self }
        var at = span.start
        for c in chars[..<i] {
            at.offset += c.utf8.count
            if Lexer.isNewline(c) { at.line += 1; at.column = 1 } else { at.column += 1 }
        }
        let width = quoted && chars[i] == "\\" && i + 1 < chars.count ? 2 : 1
        var d = self
        d.span = SourceSpan(start: at, length: width, utf8Length: chars[i..<(i + width)].reduce(0) { $0 + $1.utf8.count })
        d.valueCharacter = nil
        return d
    }
}
