import Registry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where rendered results go: stdout or the file of `.output FILE`. Renderers fill a String;
/// this writes it in one call, so output stays fast and `.output` needs no renderer changes.
public final class OutputTarget {
    /// The file being written, or nil for stdout.
    public private(set) var path: String?
    /// The open `.output` file; nil for stdout.
    private var file: OutputFile?
    private var fd: Int32 { file?.fileDescriptor ?? 1 }

    /// Starts on stdout.
    public init() {}

    deinit { closeFile() }

    /// Whether results go to a terminal (then tables are fitted to its width).
    public var isTerminal: Bool { isatty(fd) == 1 }

    /// Columns to fit tables into: the terminal's width, or nil (unlimited) for files and pipes.
    public var width: Int? { TerminalSize.columns(fd: fd) }

    /// Sends output to `path`, or back to stdout for nil. The file is written through
    /// `OutputFile`: a new 0600 file renamed into place at once and streamed into (a device such
    /// as `/dev/null` as it is), and never a path into a registry directory. Throws a message
    /// naming the file when it cannot be opened or is refused; the target is then unchanged.
    public func redirect(to path: String?) throws(DotCommandError) {
        guard let path else { closeFile(); return }
        let newFile: OutputFile
        do throws(StorageError) { newFile = try OutputFile.stream(to: path) } catch { throw DotCommandError(.storage(error.id)) }
        closeFile()
        file = newFile
        self.path = path
    }

    /// Writes all of `text`, retrying short writes.
    public func write(_ text: String) {
        _ = write(text, stoppingOnInterrupt: false)
    }

    /// Writes `text` in pieces of 64 KiB; with `stoppingOnInterrupt`, stops at a line's end
    /// after Ctrl-C (a long result on a slow terminal) and returns false.
    @discardableResult
    public func write(_ text: String, stoppingOnInterrupt: Bool) -> Bool {
        guard !text.isEmpty else { return true }
        // A terminal under a GB18030 locale shows GB18030; files and pipes get UTF-8.
        let bytes = TerminalText.encoding != .utf8 && isTerminal ? TerminalText.toTerminal(text) : Array(text.utf8)
        return bytes.withUnsafeBytes { all in
            var start = 0
            while start < all.count {
                var end = min(all.count, start + 65_536)
                while end < all.count, all[end - 1] != 0x0A { end += 1 }
                // A closed pipe: nothing more to say.
                guard OutputFile.writeAll(UnsafeRawBufferPointer(rebasing: all[start..<end]), to: fd) else { return true }
                start = end
                if stoppingOnInterrupt, start < all.count, LineEditor.interruptPending { return false }
            }
            return true
        }
    }

    private func closeFile() {
        try? file?.close()   // a stream has nothing pending: closing only releases the descriptor
        file = nil
        path = nil
    }
}
