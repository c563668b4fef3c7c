import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Running the real `xueji` for the crash harness: to completion, or writing until SIGKILL.
struct CrashKillRunner {
    /// A finished run.
    struct Ran {
        var status: Int32
        var stdoutBytes: [UInt8]
        var stderr: String
        var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    }

    /// What a killed writer left behind.
    struct Killed {
        /// Complete stdout lines printed before the kill.
        var lines: [String]
        /// When each line arrived, in ms after the start.
        var lineTimes: [Double]
        var stderr: String
        /// How long it lived, in ms.
        var lived: Double
        /// False when it exited by itself before the kill came.
        var killed: Bool
    }

    /// When to kill: `delay` ms after the `afterLines`-th stdout line (0 = after the start).
    struct KillPlan { var afterLines: Int; var delay: Double }

    let binary: URL
    let scratch: URL

    var env: [String: String] {
        XuejiBinary.environment(home: scratch, extra: ["USER": "crash-test"])
    }

    /// Runs `xueji ARGS` to completion with no stdin.
    func run(_ args: [String]) throws -> Ran {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = FileHandle.nullDevice
        try p.run()
        let errText = Collected()
        let group = DispatchGroup()
        group.enter()
        let errFD = err.fileHandleForReading.fileDescriptor
        Thread.detachNewThread { errText.drain(errFD); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Ran(status: p.terminationStatus, stdoutBytes: [UInt8](outData), stderr: errText.text)
    }

    /// Starts `xueji DIR`, streams `input` into its stdin as fast as it reads, and SIGKILLs it
    /// per `plan`. `whileRunning` runs once the writer has printed its first line (or 10 s
    /// passed) with the writer's pid, before the kill.
    func killWhileWriting(_ dir: String, input: String, plan: KillPlan,
                          whileRunning: ((Int32) throws -> Void)? = nil) throws -> Killed {
        let p = Process()
        p.executableURL = binary
        p.arguments = [dir, "--today", CrashKill.today]
        p.environment = env
        let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
        p.standardInput = inPipe; p.standardOutput = outPipe; p.standardError = errPipe
        let t0 = DispatchTime.now()
        try p.run()
        let group = DispatchGroup()

        // stdout and stderr, on background threads: every answer the shell printed before it died.
        let collected = Collected(start: t0), errText = Collected()
        for (c, fd) in [(collected, outPipe.fileHandleForReading.fileDescriptor), (errText, errPipe.fileHandleForReading.fileDescriptor)] {
            group.enter()
            Thread.detachNewThread { c.drain(fd); group.leave() }
        }
        // stdin, on another: the statements, as fast as the shell takes them.
        group.enter()
        let inFD = inPipe.fileHandleForWriting.fileDescriptor
        Thread.detachNewThread {
            let bytes = Array(input.utf8)
            var done = 0
            while done < bytes.count {
                let n = bytes.withUnsafeBytes { write(inFD, $0.baseAddress! + done, bytes.count - done) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }     // EPIPE: the shell is dead
                done += n
            }
            group.leave()
        }

        if let whileRunning {
            waitForLines(collected, 1, p)
            try whileRunning(p.processIdentifier)
        }
        if plan.afterLines > 0 { waitForLines(collected, plan.afterLines, p) }
        usleep(useconds_t(max(0, plan.delay) * 1000))
        let wasRunning = p.isRunning
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let lived = Double(DispatchTime.now().uptimeNanoseconds - t0.uptimeNanoseconds) / 1e6
        try? inPipe.fileHandleForWriting.close()
        group.wait()
        return Killed(lines: collected.lines, lineTimes: collected.lineTimes, stderr: errText.text, lived: lived,
                      killed: wasRunning && p.terminationReason == .uncaughtSignal)
    }

    /// Waits (bounded: 60 s) until `c` holds `n` lines or the process is gone.
    private func waitForLines(_ c: Collected, _ n: Int, _ p: Process) {
        let deadline = Date().addingTimeInterval(60)
        while c.lineCount < n && p.isRunning && Date() < deadline { usleep(500) }
    }

    /// What a read-write reopen found: the students, whether a torn last entry was cut off,
    /// or why the registry is unopenable.
    enum Reopened {
        case opened(students: [String: CrashKill.Student], cutTornEntry: Bool)
        case unopenable(String)
    }

    /// Reads the whole registry through a fresh read-write open: verify, count, every student.
    func reopen(_ dir: String) throws -> Reopened {
        let r = try run([dir, "--today", CrashKill.today, "--mode", "csv",
                         "-c", "verify\ncount\nfind show no, name, school, grade, status"])
        let errLines = r.stderr.split(separator: "\n").filter { !$0.isEmpty }
        let torn = errLines.filter { $0.contains("dropped an incomplete last entry") && $0.contains("never acknowledged") }
        // Bytes, not Characters: a debug build splits 100,000 lines of Strings far too slowly.
        let lines = r.stdoutBytes.split(separator: 10)
        func text(_ b: ArraySlice<UInt8>) -> String { String(decoding: b, as: UTF8.self) }
        // In csv mode the notes of verify go to stderr; its answer is the row `verify,ok`.
        let notes = errLines.filter { !$0.contains("dropped an incomplete last entry") }
        guard r.status == 0, lines.contains(where: { text($0) == "verify,ok" }),
              notes.allSatisfy({ !$0.hasPrefix("warning") && !$0.contains("error") }) else {
            return .unopenable("exit status \(r.status)\nstdout: \(r.stdout.prefix(1500))\nstderr: \(r.stderr.prefix(1500))")
        }
        guard let header = lines.firstIndex(where: { text($0) == "no,name,school,grade,status" }),
              let countHeader = lines.firstIndex(where: { text($0) == "count" }), countHeader + 1 < lines.count,
              let count = Int(text(lines[countHeader + 1])) else {
            return .unopenable("unexpected output from verify/count/find:\n\(r.stdout.prefix(1500))")
        }
        var found: [String: CrashKill.Student] = [:]
        found.reserveCapacity(lines.count)
        for l in lines[(header + 1)...] {
            let f = l.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard f.count == 5, let g = Int(text(f[3])) else { return .unopenable("unreadable find row: \(text(l))") }
            found[text(f[0])] = CrashKill.Student(name: text(f[1]), school: text(f[2]), grade: g, status: text(f[4]))
        }
        guard count == found.count else { return .unopenable("count says \(count), find lists \(found.count)") }
        return .opened(students: found, cutTornEntry: !torn.isEmpty)
    }
}

/// Lines read from a pipe by a background thread, with the time each one arrived.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data: [UInt8] = []
    private var times: [Double] = []
    private let start: DispatchTime

    /// Collects from now on; line times count from `start`.
    init(start: DispatchTime = .now()) { self.start = start }

    func append(_ bytes: ArraySlice<UInt8>) {
        let now = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
        lock.lock(); data += bytes
        for b in bytes where b == 10 { times.append(now) }
        lock.unlock()
    }

    /// Reads `fd` to its end (EOF or error), appending as it goes.
    func drain(_ fd: Int32) {
        var buf = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            append(buf[0..<n])
        }
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }

    var lineCount: Int { lock.lock(); defer { lock.unlock() }; return times.count }

    var lineTimes: [Double] { lock.lock(); defer { lock.unlock() }; return times }

    /// Complete lines (a partial last line was never fully printed, so it is not an answer).
    var lines: [String] {
        lock.lock(); defer { lock.unlock() }
        guard let end = data.lastIndex(of: 10) else { return [] }
        return String(decoding: data[..<end], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
