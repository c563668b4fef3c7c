import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// End-to-end transcripts of the real `xueji` binary, sqlite-style.
///
/// Each case is a directory under `Tests/ShellTests/Transcripts/`:
/// - `args` — the command-line arguments, one per line (blank lines are ignored); a first
///   line `@exec` runs the file named on the second line (from `files/`) as an executable
///   script, with xueji's directory first on PATH, and the rest as its arguments;
/// - `input.rql` — standard input (optional; `/dev/null` otherwise);
/// - `files/` — files copied into the working directory first (scripts, `.read` files);
/// - expected: `stdout`, `stderr`, `status` (the exit status), and `created/` — every file
///   the run left in its working directory that `files/` did not put there.
///
/// The run gets a fresh temporary working directory and a temporary `HOME` (which must stay
/// empty: no history file is written by scripts and pipes). `.timer` figures are masked.
/// `XUEJI_RECORD=1` rewrites the expected files; read every diff before committing it.
final class TranscriptTests: XCTestCase {
    static let casesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Transcripts")
    static var recording: Bool { ProcessInfo.processInfo.environment["XUEJI_RECORD"] == "1" }

    struct Outcome {
        var stdout: String
        var stderr: String
        var status: Int32
        var created: [String: String]
        var homeLeftovers: [String]
    }

    func testTranscripts() throws {
        let binary = try XuejiBinary.path()
        let fm = FileManager.default
        let names = try fm.contentsOfDirectory(atPath: Self.casesDirectory.path)
            .filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertFalse(names.isEmpty, "no transcript cases in \(Self.casesDirectory.path)")
        let results = Outcomes(count: names.count)
        // Two at a time: the machine has two cores and other work on it.
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for i in stride(from: worker, to: names.count, by: 2) {
                results.set(i, Result { try Self.run(case: Self.casesDirectory.appendingPathComponent(names[i]), binary: binary) })
            }
        }
        for (name, outcome) in zip(names, results.all) {
            switch outcome! {
            case .failure(let error):
                XCTFail("\(name): \(error)")
            case .success(let o):
                check(o, against: Self.casesDirectory.appendingPathComponent(name), name: name)
            }
        }
    }

    /// Masks what varies from run to run.
    static func normalize(_ text: String, workDir: URL) -> String {
        var s = text.replacingOccurrences(of: workDir.path, with: "$WORK")
        s = s.replacingOccurrences(of: #"Run Time: real [0-9.]+ user [0-9.]+ sys [0-9.]+"#,
                                   with: "Run Time: real #.### user #.###### sys #.######", options: .regularExpression)
        return s
    }

    static func run(case dir: URL, binary: String) throws -> Outcome {
        let fm = FileManager.default
        let argsText = (try? String(contentsOf: dir.appendingPathComponent("args"), encoding: .utf8)) ?? ""
        let args = argsText.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let work = try XuejiBinary.makeTempDirectory("work")
        let home = try XuejiBinary.makeTempDirectory("home")
        let outDir = try XuejiBinary.makeTempDirectory("out")
        defer { for d in [work, home, outDir] { try? fm.removeItem(at: d) } }

        var provided = Set<String>()
        let files = dir.appendingPathComponent("files")
        if fm.fileExists(atPath: files.path) {
            for name in try fm.contentsOfDirectory(atPath: files.path) {
                try fm.copyItem(at: files.appendingPathComponent(name), to: work.appendingPathComponent(name))
                provided.insert(name)
            }
        }

        let process = Process()
        if args.first == "@exec", args.count >= 2 {
            // An executable script run directly: its `#!/usr/bin/env …` line finds xueji on PATH.
            let script = work.appendingPathComponent(args[1])
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            process.executableURL = script
            process.arguments = Array(args.dropFirst(2))
            let binDir = URL(fileURLWithPath: binary).deletingLastPathComponent().path
            let env = XuejiBinary.environment(home: home)
            process.environment = env.merging(["PATH": binDir + ":" + (env["PATH"] ?? "")]) { $1 }
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = args
            process.environment = XuejiBinary.environment(home: home)
        }
        process.currentDirectoryURL = work
        let input = dir.appendingPathComponent("input.rql")
        process.standardInput = fm.fileExists(atPath: input.path) ? try FileHandle(forReadingFrom: input) : FileHandle.nullDevice
        let outURL = outDir.appendingPathComponent("stdout"), errURL = outDir.appendingPathComponent("stderr")
        fm.createFile(atPath: outURL.path, contents: nil)
        fm.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL), errHandle = try FileHandle(forWritingTo: errURL)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TranscriptError("timed out after 30 s")
        }
        process.waitUntilExit()
        try outHandle.close(); try errHandle.close()

        var created: [String: String] = [:]
        for name in try fm.contentsOfDirectory(atPath: work.path) where !provided.contains(name) {
            let data = try Data(contentsOf: work.appendingPathComponent(name))
            created[name] = normalize(String(decoding: data, as: UTF8.self), workDir: work)
        }
        return Outcome(
            stdout: normalize(String(decoding: try Data(contentsOf: outURL), as: UTF8.self), workDir: work),
            stderr: normalize(String(decoding: try Data(contentsOf: errURL), as: UTF8.self), workDir: work),
            status: process.terminationStatus,
            created: created,
            homeLeftovers: try fm.contentsOfDirectory(atPath: home.path))
    }

    func check(_ o: Outcome, against dir: URL, name: String) {
        let fm = FileManager.default
        XCTAssertEqual(o.homeLeftovers, [], "\(name): wrote into HOME")
        let createdDir = dir.appendingPathComponent("created")
        if Self.recording {
            do {
                try o.stdout.write(to: dir.appendingPathComponent("stdout"), atomically: true, encoding: .utf8)
                try o.stderr.write(to: dir.appendingPathComponent("stderr"), atomically: true, encoding: .utf8)
                try "\(o.status)\n".write(to: dir.appendingPathComponent("status"), atomically: true, encoding: .utf8)
                try? fm.removeItem(at: createdDir)
                if !o.created.isEmpty {
                    try fm.createDirectory(at: createdDir, withIntermediateDirectories: true)
                    for (file, text) in o.created {
                        try text.write(to: createdDir.appendingPathComponent(file), atomically: true, encoding: .utf8)
                    }
                }
            } catch { XCTFail("\(name): cannot record: \(error)") }
            return
        }
        // Decoded as the run's output is: `String(contentsOf:encoding:)` would drop a byte-order
        // mark that a created file (`export … bom`) must keep.
        func expected(_ file: String) -> String? {
            (try? Data(contentsOf: dir.appendingPathComponent(file))).map { String(decoding: $0, as: UTF8.self) }
        }
        guard let stdout = expected("stdout"), let stderr = expected("stderr"), let status = expected("status") else {
            XCTFail("\(name): expected files missing; record with XUEJI_RECORD=1")
            return
        }
        XCTAssertEqual(o.stdout, stdout, "\(name): stdout differs")
        XCTAssertEqual(o.stderr, stderr, "\(name): stderr differs")
        XCTAssertEqual("\(o.status)", status.trimmingCharacters(in: .whitespacesAndNewlines), "\(name): exit status differs")
        let expectedNames = ((try? fm.contentsOfDirectory(atPath: createdDir.path)) ?? []).sorted()
        XCTAssertEqual(o.created.keys.sorted(), expectedNames, "\(name): files created in the working directory")
        for file in expectedNames {
            XCTAssertEqual(o.created[file], expected("created/" + file), "\(name): created file \(file) differs")
        }
    }

    // MARK: - Output is flushed per statement through a pipe

    /// A program driving xueji through pipes gets each answer before it sends the next line.
    func testAnswersArriveStatementByStatementThroughPipes() throws {
        let binary = try XuejiBinary.path()
        let work = try XuejiBinary.makeTempDirectory("pipe")
        let home = try XuejiBinary.makeTempDirectory("pipehome")
        defer { try? FileManager.default.removeItem(at: work); try? FileManager.default.removeItem(at: home) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--today", "2025-11-01", "--mode", "csv"]
        process.currentDirectoryURL = work
        process.environment = XuejiBinary.environment(home: home)
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        let reader = PipeReader(stdout.fileHandleForReading.fileDescriptor)

        func send(_ line: String) { stdin.fileHandleForWriting.write(Data((line + "\n").utf8)) }

        send(#"add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303"#)
        let errReader = PipeReader(stderr.fileHandleForReading.fileDescriptor)
        let added: String
        // In csv mode a change's answer is its acknowledgement row, with its header.
        do { added = try reader.read(until: "\n", timeout: 20) + reader.read(until: "\n", timeout: 20) } catch {
            throw TranscriptError("\(error); stderr: \((try? errReader.read(until: nil, timeout: 0.5, throwOnTimeout: false)) ?? "")")
        }
        XCTAssertEqual(added, "statement,code,name,stage,district\nadd school,4103030001,洛阳市西工区第一小学,primary,410303\n")

        // A statement continued over two lines is answered once its second line arrives.
        send(#"enrol name = "张三", gender = M, birth = 2007-03-15, id_card = "410303200703150012","#)
        XCTAssertEqual(try reader.read(until: "\n", timeout: 0.5, throwOnTimeout: false), "", "answered before complete")
        send(#"      hukou = 410303 at 4103030001 grade 1 on 2013-09-01"#)
        let enrolled = try reader.read(until: "\n", timeout: 20) + reader.read(until: "\n", timeout: 20)
        XCTAssertEqual(enrolled, "statement,no,name,school,grade\nenrol,G410303200703150012,张三,4103030001,1\n")

        send("count")
        let counted = try reader.read(until: "\n1\n", timeout: 20)
        XCTAssertTrue(counted.hasSuffix("1\n"), counted)

        send(".today")
        XCTAssertEqual(try reader.read(until: "\n", timeout: 20), "2025-11-01\n")

        try stdin.fileHandleForWriting.close()
        let rest = try reader.read(until: nil, timeout: 20)
        XCTAssertEqual(rest, "")
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(errors, "")
    }
}

/// Results filled in by concurrent workers.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<TranscriptTests.Outcome, Error>?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ r: Result<TranscriptTests.Outcome, Error>) { lock.lock(); items[i] = r; lock.unlock() }
    var all: [Result<TranscriptTests.Outcome, Error>?] { lock.lock(); defer { lock.unlock() }; return items }
}

struct TranscriptError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// Reads a pipe with a deadline (poll + read), keeping what arrived after the awaited text.
final class PipeReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var eof = false

    init(_ fd: Int32) { self.fd = fd }

    /// Reads until `needle` has arrived (nil: until end of file) and returns everything up to
    /// and including it. On timeout throws, or returns what arrived so far (without consuming it
    /// when nothing did) if `throwOnTimeout` is false.
    func read(until needle: String?, timeout: Double, throwOnTimeout: Bool = true) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let needle, let end = find(Array(needle.utf8)) {
                let out = Array(buffer[..<end]); buffer.removeFirst(end)
                return String(decoding: out, as: UTF8.self)
            }
            if eof {
                let out = buffer; buffer = []
                if needle == nil { return String(decoding: out, as: UTF8.self) }
                throw TranscriptError("end of output before \(needle!.debugDescription); got \(String(decoding: out, as: UTF8.self).debugDescription)")
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 {
                if throwOnTimeout {
                    throw TranscriptError("no \(needle?.debugDescription ?? "end of file") within \(timeout) s; got \(String(decoding: buffer, as: UTF8.self).debugDescription)")
                }
                let out = buffer; buffer = []
                return String(decoding: out, as: UTF8.self)
            }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(max(1, min(left * 1000, 1000))))
            if r > 0 {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let n = chunk.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, $0.count) }
                if n > 0 { buffer += chunk[..<n] } else if n == 0 { eof = true }
            }
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i..<(i + needle.count)].elementsEqual(needle) {
            return i + needle.count
        }
        return nil
    }
}

/// POSIX `read`, named apart from `PipeReader.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
