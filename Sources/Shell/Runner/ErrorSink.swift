#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Registry

/// Writes to standard error at once (diagnostics, warnings, progress).
enum ErrorSink {
    /// Control characters other than newline and tab are escaped (`\u{1B}`): a backstop, so
    /// no error or warning — whatever stored text it quotes — drives the terminal.
    static func write(_ text: String) {
        let safe = text.escapingControls(keepingLineBreaks: true)
        var bytes = TerminalText.encoding != .utf8 && isatty(2) == 1 ? TerminalText.toTerminal(safe) : Array(safe.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// A shell-level failure (bad dot command argument, unreadable file) with a plain message.
struct ShellError: Error, CustomStringConvertible {
    /// The exit status when this error stops the shell before it starts (opening a registry).
    var status: Int32 = 3
    init(_ id: ShellMessage, status: Int32 = 3) { self.id = id; self.status = status }
    /// The catalogue entry.
    let id: ShellMessage
    var description: String { id.text }
}
