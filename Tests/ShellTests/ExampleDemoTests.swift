import Foundation
import XCTest

/// Runs each teaching demo in `examples/` through the real `xueji` binary and compares what it
/// prints with the transcript kept beside it (`examples/NN-name.expected`).
///
/// The demo runs as a teacher would run it: from the package root,
/// `xueji --today 2025-11-01 --mode table -f examples/NN-name.rql`, on the in-memory registry,
/// with stdout captured through a pipe and stderr in a file (not a terminal, so tables are never
/// cut to a window width). The transcript holds the exit status, then stdout, then stderr.
///
/// `XUEJI_RECORD=1` rewrites the transcripts; read every one afterwards — a recorded bug is a
/// failing test. `XUEJI_BIN` names the binary; otherwise it is found next to the test bundle
/// (the build products directory holds both) or in `.build/debug`.
final class ExampleDemoTests: XCTestCase {
    static let today = "2025-11-01"

    static var packageRoot: URL {
        URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent()  // ShellTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
    }

    static var examplesDirectory: URL { packageRoot.appendingPathComponent("examples") }

    /// The `xueji` executable: `XUEJI_BIN`, else beside the test bundle, else `.build/debug/xueji`.
    static func binary() throws -> URL {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["XUEJI_BIN"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var dirs: [URL] = []
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            dirs.append(bundle.bundleURL.deletingLastPathComponent())
        }
        dirs.append(Bundle.main.bundleURL)
        dirs.append(Bundle.main.bundleURL.deletingLastPathComponent())
        if let arg0 = CommandLine.arguments.first {
            dirs.append(URL(fileURLWithPath: arg0).deletingLastPathComponent())
        }
        dirs.append(packageRoot.appendingPathComponent(".build/debug"))
        for dir in dirs {
            let candidate = dir.appendingPathComponent("xueji")
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
               fm.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw BinaryMissing(message: "xueji binary not found (looked in \(dirs.map(\.path))); build it with `swift build` or set XUEJI_BIN")
    }

    /// Runs one demo and returns its transcript: command, exit status, stdout, stderr.
    static func transcript(of demo: String, chinese: Bool = false) throws -> String {
        let script = "examples/\(chinese ? "zh/" : "")\(demo).rql"
        // The demo keys come out of git readable by all; xueji refuses such a key (as ssh does),
        // so the runner does what the demo's header tells a teacher to do: chmod 600.
        let keys = examplesDirectory.appendingPathComponent("keys")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: keys.path)) ?? [] where name.hasSuffix(".key") {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keys.appendingPathComponent(name).path)
        }
        let process = Process()
        process.executableURL = try binary()
        process.arguments = ["--today", today, "--mode", "table"] + (chinese ? ["--lang", "zh"] : []) + ["-f", script]
        process.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "100"   // a fixed width, although output to a pipe is never truncated
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "LC_ALL"); env.removeValue(forKey: "LC_MESSAGES")
        env.removeValue(forKey: "XUEJI_RECORD")
        process.environment = env
        // stdout through a pipe (not a terminal), stderr to a file, so neither can fill up and block.
        let errURL = FileManager.default.temporaryDirectory
            .appendingPathComponent("xueji-demo-\(demo)-\(getpid()).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errHandle.close()
        let errData = try Data(contentsOf: errURL)
        let stdout = String(decoding: outData, as: UTF8.self)
        let stderr = String(decoding: errData, as: UTF8.self)
        return """
            $ xueji --today \(today) --mode table\(chinese ? " --lang zh" : "") -f \(script)
            exit status: \(process.terminationStatus)
            ==> stdout <==
            \(stdout)==> stderr <==
            \(stderr)
            """
    }

    func check(_ demo: String, chinese: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let actual = try Self.transcript(of: demo, chinese: chinese)
        let url = Self.examplesDirectory.appendingPathComponent((chinese ? "zh/" : "") + demo + ".expected")
        if ProcessInfo.processInfo.environment["XUEJI_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing \(url.lastPathComponent); run with XUEJI_RECORD=1", file: file, line: line)
            return
        }
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let first = zip(a, e).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset
                ?? min(a.count, e.count)
            let got = first < a.count ? a[first] : "(end)", want = first < e.count ? e[first] : "(end)"
            XCTFail("""
                \(demo): output differs from \(url.lastPathComponent) at line \(first + 1)
                  expected: \(want)
                  actual:   \(got)
                """, file: file, line: line)
        }
    }

    func test01Identity() throws { try check("01-identity") }
    func test02Enrolment() throws { try check("02-enrolment") }
    func test03Lifecycle() throws { try check("03-lifecycle") }
    func test04ChangesAndTrace() throws { try check("04-changes-and-trace") }
    func test05AWholeLife() throws { try check("05-a-whole-life") }
    func test06Checks() throws { try check("06-checks") }
    func test07Approvals() throws { try check("07-approvals") }
    func test08AcrossProvinces() throws { try check("08-across-provinces") }
    func test09Family() throws { try check("09-family") }

    // Issue 16: each demo in Chinese, written with the Chinese keywords, run with --lang zh.
    func test01IdentityInChinese() throws { try check("01-identity", chinese: true) }
    func test02EnrolmentInChinese() throws { try check("02-enrolment", chinese: true) }
    func test03LifecycleInChinese() throws { try check("03-lifecycle", chinese: true) }
    func test04ChangesAndTraceInChinese() throws { try check("04-changes-and-trace", chinese: true) }
    func test05AWholeLifeInChinese() throws { try check("05-a-whole-life", chinese: true) }
    func test06ChecksInChinese() throws { try check("06-checks", chinese: true) }
    func test07ApprovalsInChinese() throws { try check("07-approvals", chinese: true) }
    func test08AcrossProvincesInChinese() throws { try check("08-across-provinces", chinese: true) }
    func test09FamilyInChinese() throws { try check("09-family", chinese: true) }

    /// Every Chinese demo has its English one, and a transcript.
    func testEveryChineseDemoIsCovered() throws {
        let zh = Self.examplesDirectory.appendingPathComponent("zh")
        let files = try FileManager.default.contentsOfDirectory(atPath: zh.path)
        let english = try FileManager.default.contentsOfDirectory(atPath: Self.examplesDirectory.path).filter { $0.hasSuffix(".rql") }
        XCTAssertEqual(Set(files.filter { $0.hasSuffix(".rql") }), Set(english))
        XCTAssertEqual(Set(files.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(9)) }),
                       Set(english.map { String($0.dropLast(4)) }))
    }

    /// Every demo has a transcript and a test above; no transcript is left without its demo.
    func testEveryDemoIsCovered() throws {
        let tested: Set = ["01-identity", "02-enrolment", "03-lifecycle", "04-changes-and-trace",
                           "05-a-whole-life", "06-checks", "07-approvals", "08-across-provinces", "09-family"]
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.examplesDirectory.path)
        let demos = Set(files.filter { $0.hasSuffix(".rql") }.map { String($0.dropLast(4)) })
        let transcripts = Set(files.filter { $0.hasSuffix(".expected") }.map { String($0.dropLast(9)) })
        XCTAssertEqual(demos, tested, "every examples/*.rql needs a test in ExampleDemoTests")
        XCTAssertEqual(transcripts, tested, "every examples/*.expected needs its demo")
    }

    /// Each demo starts with a `#!` line and says how to run it, and shows at least one refusal
    /// with its rule id (the demos teach a rule by having it refuse something, then the right way).
    func testDemosAreRunnableAndShowRefusals() throws {
        for demo in ["01-identity", "02-enrolment", "03-lifecycle", "04-changes-and-trace", "05-a-whole-life", "06-checks", "07-approvals",
                     "08-across-provinces", "09-family"] {
            let text = try String(contentsOf: Self.examplesDirectory.appendingPathComponent(demo + ".rql"), encoding: .utf8)
            XCTAssertTrue(text.hasPrefix("#!"), "\(demo).rql should start with a #! line")
            XCTAssertTrue(text.contains("xueji --today 2025-11-01 -f examples/\(demo).rql"), "\(demo).rql should say how to run it")
            let expected = (try? String(contentsOf: Self.examplesDirectory.appendingPathComponent(demo + ".expected"), encoding: .utf8)) ?? ""
            XCTAssertTrue(expected.contains(": error[R"), "\(demo) should show a refusal with its rule id")
        }
    }
}
