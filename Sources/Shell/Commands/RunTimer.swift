#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Measures one statement for `.timer on`, reporting wall, user and system time the way
/// sqlite does so users can compare the two tools.
public struct RunTimer: Sendable {
    private let realStart: Double
    private let userStart: Double
    private let systemStart: Double

    /// Starts measuring now.
    public init() {
        realStart = ProgressBar.monotonicSeconds()
        (userStart, systemStart) = RunTimer.cpuSeconds()
    }

    /// `Run Time: real 0.012 user 0.008000 sys 0.004000` for the time since `init`.
    public func report() -> String {
        let (user, system) = RunTimer.cpuSeconds()
        return RunTimer.format(real: ProgressBar.monotonicSeconds() - realStart,
                               user: user - userStart, system: system - systemStart)
    }

    /// Formats the three times as sqlite's `.timer` does.
    public static func format(real: Double, user: Double, system: Double) -> String {
        "Run Time: real \(fixed(real, 3)) user \(fixed(user, 6)) sys \(fixed(system, 6))"
    }

    /// User and system CPU seconds of this process so far.
    static func cpuSeconds() -> (Double, Double) {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// `value` with exactly `digits` decimals, without Foundation's `String(format:)`.
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((max(0, value) * Double(scale)).rounded())
        let whole = scaled / scale
        let frac = String(scaled % scale)
        return "\(whole)." + String(repeating: "0", count: digits - frac.count) + frac
    }
}
