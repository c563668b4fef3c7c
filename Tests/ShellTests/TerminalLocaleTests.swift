import Foundation
import XCTest

/// Issue 14, item 5: typed Chinese is never dropped because of the locale. Under C/POSIX the
/// shell switches to UTF-8 and says so; under a GB18030 locale it reads the terminal's
/// GB18030 and shows GB18030 back (files and pipes stay UTF-8). Driven through a pty by
/// Python with raw bytes; the GB18030 locale is compiled into a temporary directory with
/// localedef (missing tools fail the test: the machine image has them).
final class TerminalLocaleTests: XCTestCase {
    /// Runs xueji on a pty with `env`, types `lines` encoded as `encoding`, and returns every
    /// byte it printed, as Python saw them (hex, so no decoding happens on the way).
    func drive(env: [String: String], encoding: String, lines: [String]) throws -> Data {
        let script = """
            import os, pty, select, sys, time, json
            env, enc, lines, binary = json.loads(sys.argv[1]), sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(binary, [binary, "--today", "2025-11-01"], env)
            out = b""
            def pump(until, t=20.0):
                global out
                end = time.time() + t
                while time.time() < end and until not in out:
                    r, _, _ = select.select([fd], [], [], 0.1)
                    if r:
                        try: out += os.read(fd, 65536)
                        except OSError: return
            pump(b"> ")
            for line in lines:
                mark = len(out)
                os.write(fd, (line + "\\r").encode(enc))
                end = time.time() + 20
                while time.time() < end and out.count(b"xueji:memory> ", mark) < 1:
                    r, _, _ = select.select([fd], [], [], 0.1)
                    if r:
                        try: out += os.read(fd, 65536)
                        except OSError: break
            os.write(fd, b"\\x04")
            pump(b"\\x00", 1.0)
            sys.stdout.write(out.hex())
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let envJSON = String(decoding: try JSONSerialization.data(withJSONObject: env), as: UTF8.self)
        let linesJSON = String(decoding: try JSONSerialization.data(withJSONObject: lines), as: UTF8.self)
        p.arguments = ["python3", "-c", script, envJSON, encoding, linesJSON, try XuejiBinary.path()]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let hex = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "python3 is needed to drive the pty")
        var data = Data()
        var i = hex.startIndex
        while i < hex.endIndex, let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex), let b = UInt8(hex[i..<j], radix: 16) {
            data.append(b); i = j
        }
        return data
    }

    static let statements = [#"add school 4103030001 name "西工区第一小学" stage primary district 410303"#, "find schools"]

    func testUnderTheCLocaleChineseIsStillTypedAndTheShellSaysWhy() throws {
        let out = try drive(env: ["HOME": "/tmp", "PATH": "/usr/bin:/bin", "TERM": "xterm", "LANG": "C", "LC_ALL": "C"],
                            encoding: "utf-8", lines: Self.statements)
        let text = String(decoding: out, as: UTF8.self)
        XCTAssertTrue(text.contains("xueji: note: the locale (C) cannot hold Chinese: using C.UTF-8"), text)
        XCTAssertTrue(text.contains("added school 4103030001 西工区第一小学"), text)
        XCTAssertTrue(text.contains("│ 4103030001 │ 西工区第一小学 │"), text)
    }

    func testUnderAGB18030LocaleTheTerminalSpeaksGB18030() throws {
        let locales = try XuejiBinary.makeTempDirectory("locales")
        defer { try? FileManager.default.removeItem(at: locales) }
        let def = Process()
        def.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        def.arguments = ["localedef", "-i", "zh_CN", "-f", "GB18030", locales.appendingPathComponent("zh_CN.GB18030").path]
        def.standardOutput = FileHandle.nullDevice; def.standardError = FileHandle.nullDevice
        try def.run()
        def.waitUntilExit()
        XCTAssertEqual(def.terminationStatus, 0, "localedef could not compile zh_CN.GB18030 (locales data missing?)")
        let out = try drive(env: ["HOME": "/tmp", "PATH": "/usr/bin:/bin", "TERM": "xterm", "LOCPATH": locales.path,
                                  "LANG": "zh_CN.GB18030", "LC_ALL": "zh_CN.GB18030"],
                            encoding: "gb18030", lines: Self.statements)
        // 西工区 in GB18030 (as in GB2312): CE F7 B9 A4 C7 F8.
        XCTAssertNotNil(out.range(of: Data([0xCE, 0xF7, 0xB9, 0xA4, 0xC7, 0xF8])), "西工区 in GB18030 reaches the terminal")
        XCTAssertNil(out.range(of: Data("西工区".utf8)), "and no UTF-8 does")
        XCTAssertNil(out.range(of: Data("error".utf8)), String(decoding: out, as: UTF8.self))
    }
}
