import Registry

/// Draws diagnostics the way compilers do, so administrators see exactly where a statement is wrong.
///
/// Carets are placed by terminal width, not Character count, so they sit under the right
/// character in Chinese text (a CJK character is two columns wide).
public enum DiagnosticRenderer {
    /// Renders one diagnostic: a header line, the source line, a caret line, and a hint line if any.
    ///
    /// `source` must be the text that was parsed (the span's UTF-8 offset indexes it); the
    /// printed line number is the span's, so a shell that parses chunks of a file with
    /// `firstLine` still prints file line numbers. `fileName` nil means interactive: no file prefix.
    ///
    /// Control characters in the message, hint, file name and source line are printed escaped
    /// (`\u{1B}`), so a refused name cannot recolour the terminal when it is echoed; the caret
    /// is placed by the escaped text's width.
    public static func render(_ diagnostic: Diagnostic, source: String, fileName: String? = nil) -> String {
        let diagnostic = diagnostic.narrowed(in: source)
        let span = diagnostic.span
        let kind = "error" + (diagnostic.rule.map { "[\($0)]" } ?? "")
        var out = (fileName.map { "\($0.escapingControls()):" } ?? "") + "\(span.start.line):\(span.start.column): \(kind): "
            + diagnostic.message.escapingControls(keepingLineBreaks: true) + "\n"
        let (line, prefix) = sourceLine(containing: span.start.offset, in: source)
        func shown<S: StringProtocol>(_ text: S) -> String { String(text.map { $0 == "\t" ? " " : $0 }).escapingControls() }
        out += shown(line) + "\n"
        // Underline up to the end of the span or the end of this line, whichever comes first.
        let rest = line.dropFirst(prefix.count)
        let underlined = rest.prefix(max(span.length, 0))
        let width = max(shown(underlined).terminalWidth, 1)
        out += String(repeating: " ", count: shown(prefix).terminalWidth) + "^" + String(repeating: "~", count: width - 1) + "\n"
        // `error[R4]:` stays as it is in both languages (scripts look for it); the hint's label follows.
        if let hint = diagnostic.hint { out += (Language.current == .zh ? "提示：" : "hint: ") + hint.escapingControls(keepingLineBreaks: true) + "\n" }
        return out
    }

    /// Renders several diagnostics, in source order.
    public static func render(_ diagnostics: [Diagnostic], source: String, fileName: String? = nil) -> String {
        diagnostics.sorted { $0.span.start.offset < $1.span.start.offset }
            .map { render($0, source: source, fileName: fileName) }.joined()
    }

    /// The line holding a UTF-8 offset, and the part of it before the offset. Lines end where
    /// the lexer counts them (LF, CR, CRLF), so a U+2028 in a string is shown (escaped), not a break.
    static func sourceLine(containing offset: Int, in source: String) -> (line: Substring, prefix: Substring) {
        let u = source.utf8
        let clamped = min(max(offset, 0), u.count)
        var at = u.index(u.startIndex, offsetBy: clamped)
        // An offset inside a multi-byte character snaps back to the character's start.
        while at > u.startIndex, at < u.endIndex, String.Index(at, within: source) == nil { at = u.index(before: at) }
        guard let idx = String.Index(at, within: source) ?? Optional(source.endIndex) else { return ("", "") }
        var start = idx
        while start > source.startIndex {
            let p = source.index(before: start)
            if Lexer.isNewline(source[p]) { break }
            start = p
        }
        var end = idx
        while end < source.endIndex, !Lexer.isNewline(source[end]) { end = source.index(after: end) }
        return (source[start..<end], source[start..<idx])
    }
}
