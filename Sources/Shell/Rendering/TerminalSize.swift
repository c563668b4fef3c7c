#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal's size, so tables and charts fit the window they are drawn in.
public enum TerminalSize {
    /// Columns of the terminal on `fd`, or nil when it is not a terminal (output then has no limit).
    public static func columns(fd: Int32 = 1) -> Int? {
        guard isatty(fd) == 1 else { return nil }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Whether `fd` is a terminal (the progress bar draws only on one).
    public static func isTerminal(fd: Int32) -> Bool { isatty(fd) == 1 }
}
