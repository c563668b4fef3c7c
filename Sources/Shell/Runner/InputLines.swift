import Foundation
import RQL
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Statement input as bytes: scripts, `-c` and pipes are split into lines before decoding, so
/// a line that is not UTF-8 can be refused where it is instead of turning into U+FFFD silently.
enum InputLines {
    /// The UTF-8 offset of the first ill-formed sequence in `bytes`, or nil when all is UTF-8.
    static func firstInvalidUTF8<C: Collection<UInt8>>(_ bytes: C) -> Int? {
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    /// The error for a line that is not UTF-8, at the column of its first bad byte, and the line
    /// as shown under it (bad bytes as U+FFFD, which the caret points at).
    static func invalidUTF8(_ bytes: ArraySlice<UInt8>, lineNumber: Int) -> (Diagnostic, shown: String) {
        let bad = firstInvalidUTF8(bytes) ?? 0
        let prefix = String(decoding: bytes.prefix(bad), as: UTF8.self)
        let shown = String(decoding: bytes, as: UTF8.self)
        let byte = bytes[bytes.startIndex + bad]
        let span = SourceSpan(start: SourceLocation(line: lineNumber, column: prefix.count + 1, offset: prefix.utf8.count),
                              length: 1, utf8Length: 3)
        let d = Diagnostic(.invalidUTF8(byte: byte), at: span)
        return (d, shown)
    }

    /// Reads lines from a file descriptor as they arrive (a pipe's writer gets each answer
    /// before it sends the next line); each line without its LF.
    struct Reader {
        let fileDescriptor: Int32
        private var buffer: [UInt8] = []
        private var start = 0
        /// Where the search for the next LF resumes, so a long line is scanned once.
        private var scanned = 0
        private var atEnd = false

        /// Reads from `fileDescriptor` (0 for standard input).
        init(fileDescriptor: Int32) { self.fileDescriptor = fileDescriptor }

        /// The next line, or nil at end of input.
        mutating func next() -> [UInt8]? {
            while true {
                if let lf = buffer[scanned...].firstIndex(of: 0x0A) {
                    let line = Array(buffer[start..<lf])
                    start = lf + 1
                    scanned = start
                    return line
                }
                scanned = buffer.count
                if atEnd {
                    guard start < buffer.count else { return nil }
                    defer { start = buffer.count }
                    return Array(buffer[start...])
                }
                if start > 0 {
                    buffer.removeFirst(start)
                    scanned -= start
                    start = 0
                }
                fill()
            }
        }

        private mutating func fill() {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = chunk.withUnsafeMutableBytes { read(fileDescriptor, $0.baseAddress, $0.count) }
                // Ctrl-C while waiting for input: the script ends there (the runner says so).
                if n < 0 && errno == EINTR { if LineEditor.interruptPending { atEnd = true; return }; continue }
                if n <= 0 { atEnd = true; return }
                buffer.append(contentsOf: chunk[..<n])
                return
            }
        }
    }
}
