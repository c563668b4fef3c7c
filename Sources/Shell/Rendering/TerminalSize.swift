#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's size, so tables and charts fit the window they are drawn in.
public enum TerminalSize {
    /// Columns of the terminal on `fd`, or nil when it is not a terminal (output then has no limit).
    public static func columns(fd: Int32 = 1) -> Int? { size(fd).flatMap { $0.ws_col > 0 ? Int($0.ws_col) : nil } }

    /// Lines of the terminal on `fd` (the pager's threshold), or nil when it is not a terminal.
    public static func rows(fd: Int32 = 1) -> Int? { size(fd).flatMap { $0.ws_row > 0 ? Int($0.ws_row) : nil } }

    private static func size(_ fd: Int32) -> winsize? {
        guard isatty(fd) == 1 else { return nil }
        var size = winsize()
        return ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 ? size : nil
    }

    /// Whether `fd` is a terminal (the progress bar draws only on one).
    public static func isTerminal(fd: Int32) -> Bool { isatty(fd) == 1 }
}
