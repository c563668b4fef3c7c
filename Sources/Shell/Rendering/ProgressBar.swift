#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Registry

/// A progress line on stderr for long imports and bulk statements: silent for the first
/// second (short work stays quiet), drawn only on a terminal, cleared when done.
///
/// Not thread-safe: drive it from the thread doing the work.
public final class ProgressBar {
    /// What the line starts with, e.g. `import`.
    public let label: String
    private let enabled: Bool
    private let delay: Double
    private let clock: () -> Double
    private let output: (String) -> Void
    private let width: Int
    private let start: Double
    private var lastDraw: Double = -1
    private var drawn = false

    /// Makes a bar on stderr that shows when stderr is a terminal; `clock` and `output`
    /// can be replaced in tests.
    public init(label: String = "", delay: Double = 1.0,
                enabled: Bool = TerminalSize.isTerminal(fd: 2),
                width: Int? = nil,
                clock: @escaping () -> Double = ProgressBar.monotonicSeconds,
                output: @escaping (String) -> Void = ProgressBar.writeStderr) {
        self.label = label
        self.delay = delay
        self.enabled = enabled
        self.clock = clock
        self.output = output
        self.width = width ?? TerminalSize.columns(fd: 2) ?? 80
        self.start = clock()
    }

    /// The callback to hand to long-running work.
    public var callback: (_ done: Int, _ total: Int) -> Void { { [self] done, total in update(done: done, total: total) } }

    /// Records progress; redraws at most ten times a second once past the delay.
    public func update(done: Int, total: Int) {
        guard enabled else { return }
        let now = clock()
        let elapsed = now - start
        guard elapsed > delay else { return }
        if drawn && now - lastDraw < 0.1 && done < total { return }
        lastDraw = now
        drawn = true
        output("\r" + ProgressBar.line(label: label, done: done, total: total, elapsed: elapsed, width: width) + "\u{1B}[K")
    }

    /// Clears the line if one was drawn.
    public func finish() {
        if drawn { output("\r\u{1B}[K") }
        drawn = false
    }

    /// The text of the line: `label [████▌     ] 1234/5000  24%  812/s`, fitted to `width`.
    public static func line(label: String, done: Int, total: Int, elapsed: Double, width: Int) -> String {
        let fraction = total > 0 ? min(1, max(0, Double(done) / Double(total))) : 0
        let percent = Int((fraction * 100).rounded(.down))
        let rate = elapsed > 0 ? Int((Double(done) / elapsed).rounded()) : 0
        let numbers = " \(done)/\(total) \(percent < 10 ? "  " : percent < 100 ? " " : "")\(percent)%  \(rate)/s"
        let prefix = label.isEmpty ? "" : label.escapingControls() + " "
        let barWidth = min(30, width - 1 - prefix.terminalWidth - numbers.count - 2)
        guard barWidth >= 5 else { return TextLayout.truncate(prefix + numbers.dropFirst(), to: max(1, width - 1)) }
        let eighths = Int(fraction * Double(barWidth * 8))
        var bar = ChartRenderer.bar(eighths: eighths)
        bar += String(repeating: " ", count: max(0, barWidth - bar.terminalWidth))
        return prefix + "[" + bar + "]" + numbers
    }

    /// Seconds on the monotonic clock.
    public static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Writes to fd 2 unbuffered.
    public static func writeStderr(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
}
