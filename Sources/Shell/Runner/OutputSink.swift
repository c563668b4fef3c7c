#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where results go: standard output or a file (`.output FILE`). Text is written once per
/// statement and flushed at once, so a program reading through a pipe gets each answer
/// as soon as it is computed.
final class OutputSink {
    private var fd: Int32 = 1
    private(set) var path: String?

    /// Writes and flushes (the fd is unbuffered: one `write` loop per call).
    func write(_ text: String) {
        guard !text.isEmpty else { return }
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buf in
            var off = 0
            while off < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { if errno == EINTR { continue }; return }
                off += n
            }
        }
    }

    /// Sends output to a file (created 0600, truncated) or back to stdout with nil.
    func redirect(to path: String?) throws(ShellError) {
        if fd != 1 { close(fd); fd = 1 }
        self.path = nil
        guard let path else { return }
        let f = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard f >= 0 else { throw ShellError("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        fd = f
        self.path = path
    }

    /// Whether results go to a terminal (table width, progress).
    var isTerminal: Bool { isatty(fd) == 1 }

    deinit { if fd != 1 { close(fd) } }
}

/// Writes to standard error at once (diagnostics, warnings, progress).
enum ErrorSink {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// A shell-level failure (bad dot command argument, unreadable file) with a plain message.
struct ShellError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
