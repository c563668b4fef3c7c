import Foundation
import XCTest

/// The real `xueji` binary used interactively on a pseudo-terminal (through `pty_driver.py`):
/// statements with Chinese text, Tab completion of a keyword and of a school code, the
/// continuation prompt, Ctrl-C abandoning a half-typed statement, Ctrl-D leaving, and the
/// history file libedit leaves behind.
///
/// Every key sequence waits for the prompt and then for libedit to put the terminal in raw
/// mode (`wait_raw`), never for a fixed time, so a loaded machine only makes it slower.
final class ReplPtyTests: XCTestCase {
    func testInteractiveSessionOfTheRealBinary() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("replhome")
        let work = try XuejiBinary.makeTempDirectory("replwork")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        let history = home.appendingPathComponent("history").path

        let prompt = "xueji:memory> "
        func ready(_ p: String = prompt) -> [[Any]] { [["expect", p], ["wait_raw"]] }
        var steps: [[Any]] = [["expect", "in-memory registry"]]
        steps += ready()
        steps += [["send", #"add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303"#], ["enter"],
                  ["expect", "added school 4103030001 洛阳市西工区第一小学"]]
        steps += ready()
        steps += [["send", #"enrol name = "欧阳娜娜", gender = F, birth = 2007-05-20, id_card = "410303200705200028" at 4103030001 grade 1 on 2013-09-01"#],
                  ["enter"], ["expect", "enrolled G410303200705200028 欧阳娜娜"]]
        steps += ready()
        // Tab completes a keyword, then a school code from the live registry.
        steps += [["send", "fi"], ["tab"], ["expect", "find "],
                  ["send", "where school = 41030"], ["tab"], ["expect", "4103030001"],
                  ["enter"], ["expect", "│ G410303200705200028 │ 欧阳娜娜 │"], ["expect", "1 student"]]
        steps += ready()
        // A line ending in `and` continues; Ctrl-C abandons the statement, back at the main prompt.
        steps += [["send", "find where gender = F and"], ["enter"], ["expect", "...> "], ["wait_raw"],
                  ["send", "grade = 1"], ["ctrl-c"], ["expect", "^C"]]
        steps += ready()
        // Keep going: a statement works, and a multi-line one completes at its second line.
        steps += [["send", "show G410303200705200028"], ["enter"], ["expect", "school.name"], ["expect", "洛阳市西工区第一小学"]]
        steps += ready()
        steps += [["send", "count where gender = F and"], ["enter"], ["expect", "...> "], ["wait_raw"],
                  ["send", "grade = 1"], ["enter"], ["expect", "count"], ["expect", "1"]]
        steps += ready()
        // A line beginning with `where` after a complete statement says how to continue it.
        steps += [["send", "find schools"], ["enter"], ["expect", "1 school"]]
        steps += ready()
        steps += [["send", "where stage = primary"], ["enter"],
                  ["expect", "a line cannot begin with 'where': end the line above with '\\' to continue it"]]
        steps += ready()
        // The error above makes the session's exit status 1, as for scripts (RQL.md: 1 when any failed).
        steps += [["ctrl-d"], ["exit", 1]]

        try Self.drive(steps, arguments: [binary, "--today", "2025-11-01"], work: work,
                       environment: XuejiBinary.environment(home: home, extra: ["XUEJI_HISTORY": history, "TERM": "xterm"]))

        // libedit's history format: a header, one entry per line, blanks as \040 (vis(3)).
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        let lines = saved.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "_HiStOrY_V2_", saved)
        func entry(_ statement: String) -> String { statement.replacingOccurrences(of: " ", with: "\\040") }
        XCTAssertTrue(lines.contains(entry(#"add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303"#))
                      || lines.contains { $0.hasPrefix(entry("add school 4103030001 name")) }, saved)
        XCTAssertTrue(lines.contains { $0.hasPrefix(entry("enrol name =")) && $0.contains("欧阳娜娜") }, "Chinese kept:\n\(saved)")
        XCTAssertTrue(lines.contains(entry("find where school = 4103030001")), saved)
        XCTAssertTrue(lines.contains(entry("show G410303200705200028")), saved)
        XCTAssertTrue(lines.contains(entry("count where gender = F and") + "\\012" + entry("grade = 1")),
                      "a multi-line statement is one entry:\n\(saved)")
        XCTAssertFalse(saved.contains(entry("find where gender = F and")), "the abandoned statement is not kept:\n\(saved)")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int, 0o600)
        // Only the history file was written into HOME.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), ["history"])
    }

    /// Runs `steps` through `pty_driver.py` on a pseudo-terminal running `arguments` in `work`;
    /// fails with the driver's complaint and the transcript when a step is not met.
    @discardableResult
    static func drive(_ steps: [[Any]], arguments: [String], work: URL, environment: [String: String],
                      file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let driver = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("pty_driver.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", driver, "--cols", "120", "--timeout", "30", "--"] + arguments
        process.currentDirectoryURL = work
        process.environment = environment
        let input = Pipe(), output = Pipe()
        let errURL = work.appendingPathComponent("driver.err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errHandle
        do { try process.run() } catch { throw BinaryMissing(message: "python3 not available: \(error)") }
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: steps))
        try input.fileHandleForWriting.close()
        let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try errHandle.close()
        let failure = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        XCTAssertEqual(process.terminationStatus, 0, "\(failure)\n--- transcript ---\n\(transcript)", file: file, line: line)
        return transcript
    }

    /// Issue 13: `--as`, the actor in the prompt, `.as ACTOR key FILE` with Tab completing the
    /// actor, in a real terminal.
    func testActingAsAnActorInARealTerminal() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("asHome")
        let work = try XuejiBinary.makeTempDirectory("asWork")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        func keygen(_ name: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: binary)
            p.arguments = ["keygen", "--out", name]
            p.currentDirectoryURL = work
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let national = try keygen("national.key"), county = try keygen("county.key")
        func ready(_ p: String) -> [[Any]] { [["expect", p], ["wait_raw"]] }
        var steps: [[Any]] = ready("xueji:reg national> ")
        steps += [["send", #"add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303"#], ["enter"],
                  ["expect", "added school"]]
        steps += ready("xueji:reg national> ")
        steps += [["send", "add actor national name \"教育部\" key \"\(national)\""], ["enter"], ["expect", "added actor national"]]
        steps += ready("xueji:reg national> ")
        steps += [["send", "add actor county:410303 name \"西工区教育局\" key \"\(county)\""], ["enter"], ["expect", "added actor county:410303"]]
        steps += ready("xueji:reg national> ")
        steps += [["send", ".as co"], ["tab"], ["expect", "county:410303"], ["send", "key county.key"], ["enter"],
                  ["expect", "acting as county:410303"]]
        steps += ready("xueji:reg county:410303> ")
        steps += [["send", "find actors"], ["enter"], ["expect", "2 actors"]]
        steps += ready("xueji:reg county:410303> ")
        steps += [["ctrl-d"], ["exit", 0]]
        try Self.drive(steps, arguments: [binary, "reg.xj", "--today", "2025-11-01", "--as", "national", "--key", "national.key"],
                       work: work, environment: XuejiBinary.environment(home: home, extra: ["TERM": "xterm"]))
    }
}
