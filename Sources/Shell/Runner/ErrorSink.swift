#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
