import Foundation
import XCTest
@testable import Shell

/// Drives `LineEditor` on a real pseudo-terminal: the test binary re-runs itself as the
/// child (`XUEJI_PTY_CHILD=1`, `testChildEditorLoop`) under `pty_driver.py`, so no demo
/// flag is needed in the product.
final class LineEditorPtyTests: XCTestCase {
    /// The child side: a tiny echo loop over LineEditor. A no-op in ordinary runs.
    func testChildEditorLoop() {
        let env = ProcessInfo.processInfo.environment
        guard env["XUEJI_PTY_CHILD"] == "1" else { return }
        let editor = LineEditor(prompt: "xueji:luoyang> ", historyPath: env["XUEJI_HISTORY"])
        let completer = Completer(
            schoolCodes: { p in ["4103030001", "4103030002"].filter { $0.hasPrefix(p) } },
            registryNumbers: { p in ["G410303200703150011"].filter { $0.hasPrefix(p) } })
        var pending = ""
        editor.completion = { completer.candidates(for: pending.isEmpty ? $0 : pending + "\n" + $0) }
        loop: while true {
            switch editor.readLine(continuation: !pending.isEmpty) {
            case .line(let line):
                pending += pending.isEmpty ? line : "\n" + line
                if line.hasSuffix(",") { continue }
                LineEditor.writeOut("got: [\(pending)]\n")
                editor.addHistory(pending)
                pending = ""
            case .interrupted:
                LineEditor.writeOut("interrupted\n")
                pending = ""
            case .endOfFile:
                LineEditor.writeOut("bye\n")
                break loop
            }
        }
        exit(0)
    }

    func testLineEditorThroughPty() throws {
        let env = ProcessInfo.processInfo.environment
        guard env["XUEJI_PTY_CHILD"] == nil else { return }
        let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pty_driver.py").path
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-pty-\(getpid()).history").path
        defer { try? FileManager.default.removeItem(atPath: history) }
        // libedit draws the prompt a moment before it puts the terminal in raw mode; keys sent
        // inside that window are echoed by the kernel (and a Ctrl-D there can be lost), so the
        // script waits a human-sized moment after each prompt.
        let prompt: [Any] = ["sleep", 0.15]
        let steps: [[Any]] = [
            ["expect", "xueji:luoyang> "],
            prompt,
            ["send", "find wh"], ["tab"], ["expect", "find where "],
            ["send", "sch"], ["tab"], ["expect", "school"], ["tab"], ["expect", "school.province"],
            ["ctrl-c"], ["expect", "interrupted"], ["expect", "xueji:luoyang> "], prompt,
            ["send", "show G4103"], ["tab"], ["expect", "200703150011 "], ["enter"],
            ["expect", "got: [show G410303200703150011 ]"], ["expect", "xueji:luoyang> "], prompt,
            ["send", "find where name = \"欧阳娜娜\""], ["enter"], ["expect", "got: [find where name = \"欧阳娜娜\"]"], ["expect", "xueji:luoyang> "], prompt,
            ["send", "张三"], ["key", "left"], ["send", "x"], ["enter"], ["expect", "got: [张x三]"], ["expect", "xueji:luoyang> "], prompt,
            ["send", "enrol name = \"张三\","], ["enter"], ["expect", "          ...> "], prompt,
            ["send", "gen"], ["tab"], ["send", "= M"], ["enter"], ["expect", "got: [enrol name = \"张三\",\ngender = M]"], ["expect", "xueji:luoyang> "], prompt,
            ["key", "up"], ["enter"], ["expect", "got: [enrol name = \"张三\",\ngender = M]"], ["expect", "xueji:luoyang> "], prompt,
            ["send", "abc"], ["ctrl-d"], ["sleep", 0.2], ["key", "left"], ["ctrl-d"], ["enter"], ["expect", "got: [ab]"], ["expect", "xueji:luoyang> "], prompt,
            ["ctrl-d"], ["expect", "bye"], ["exit", 0],
        ]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", driver, "--cols", "60", "--", CommandLine.arguments[0],
                             "ShellTests.LineEditorPtyTests/testChildEditorLoop"]
        var childEnv = env
        childEnv["XUEJI_PTY_CHILD"] = "1"
        childEnv["XUEJI_HISTORY"] = history
        childEnv["LANG"] = "C.UTF-8"
        childEnv["LC_ALL"] = "C.UTF-8"
        childEnv["TERM"] = "xterm"
        process.environment = childEnv
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw BinaryMissing(message: "python3 not available: \(error)") }
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: steps))
        try input.fileHandleForWriting.close()
        let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "\(failure)\n--- transcript ---\n\(transcript)")

        let saved = try String(contentsOfFile: history, encoding: .utf8)
        XCTAssertTrue(saved.hasPrefix("_HiStOrY_V2_"), saved)
        XCTAssertTrue(saved.contains("欧阳娜娜"), "Chinese kept as UTF-8:\n\(saved)")
        XCTAssertTrue(saved.contains("\\012gender"), "multi-line statement is one entry:\n\(saved)")
        let mode = try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
    }
}
