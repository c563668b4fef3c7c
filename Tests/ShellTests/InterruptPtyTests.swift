import Foundation
import XCTest

/// Issue 14, item 1: Ctrl-C stops a running statement and changes nothing — an import, a long
/// result being printed — at the prompt (which comes back) and in a script (which ends with
/// exit status 130, its open transaction rolled back). Driven on a real pseudo-terminal, as a
/// user presses it. (A bulk promote is too quick to catch by hand here: `InterruptTests`
/// stops one from its progress callback.)
final class InterruptPtyTests: XCTestCase {
    /// A generated registry's CSV files (100,000 students: an import takes a few seconds in a
    /// debug build, past the progress bar's first second).
    func generate(in work: URL, students: Int = 100_000) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try XuejiBinary.path())
        p.arguments = ["generate", "--students", "\(students)", "--seed", "7", "--out", "gen"]
        p.currentDirectoryURL = work
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
    }

    func testCtrlCStopsAStatementAndThePromptComesBack() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("intHome"), work = try XuejiBinary.makeTempDirectory("intWork")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        try generate(in: work)
        // Three times the rows (a refused import if it ran to the end): it outlasts the progress
        // bar's first second on any machine.
        let csv = try String(contentsOf: work.appendingPathComponent("gen/students.csv"), encoding: .utf8)
        let rows = csv.drop { $0 != "\n" }.dropFirst()
        try (String(csv.prefix { $0 != "\n" }) + "\n" + rows + rows + rows).write(to: work.appendingPathComponent("big.csv"), atomically: true, encoding: .utf8)
        let prompt = "xueji:memory> "
        func ready() -> [[Any]] { [["expect", prompt], ["wait_raw"]] }
        var steps = ready()
        steps += [["send", #"import schools from "gen/schools.csv""#], ["enter"], ["expect", "imported 100 schools"]]
        steps += ready()
        // An import, stopped while its progress bar runs: nothing imported.
        steps += [["send", #"import students from "big.csv""#], ["enter"], ["expect", "import ["], ["ctrl-c"],
                  ["expect", "interrupted: nothing was changed"]]
        steps += ready()
        steps += [["send", "count"], ["enter"], ["expect", "│     0 │"]]
        steps += ready()
        steps += [["send", #"import students from "gen/students.csv""#], ["enter"], ["expect", "imported 100000 students", 120]]
        steps += ready()
        // A long result stops printing; the prompt comes back.
        steps += [["send", "find"], ["enter"], ["expect", "│ G4"], ["ctrl-c"], ["expect", "interrupted"]]
        steps += ready()
        steps += [["send", "count where grade = 1"], ["enter"], ["expect", "count"]]
        steps += ready()
        steps += [["ctrl-d"], ["exit", 0, 30]]
        // PAGER empty: the long result is printed, not paged, so Ctrl-C meets the printing.
        let transcript = try ReplPtyTests.drive(steps, arguments: [binary, "--today", "2025-11-01"], work: work,
                                                environment: XuejiBinary.environment(home: home, extra: ["TERM": "xterm", "PAGER": ""]))
        XCTAssertFalse(transcript.contains("100000 students\n"), "the whole result was not printed")
    }

    func testCtrlCEndsAScriptWithStatus130AndRollsItsTransactionBack() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("intHome2"), work = try XuejiBinary.makeTempDirectory("intWork2")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        // Enough rows that the import outlasts the progress bar's first second on a fast machine.
        try generate(in: work, students: 300_000)
        try """
            begin
            import schools from "gen/schools.csv"
            import students from "gen/students.csv"
            commit
            """.write(to: work.appendingPathComponent("load.rql"), atomically: true, encoding: .utf8)
        let steps: [[Any]] = [["expect", "import ["], ["ctrl-c"], ["expect", "interrupted: nothing was changed"],
                              ["expect", "rolled back"], ["exit", 130, 30]]
        try ReplPtyTests.drive(steps, arguments: [binary, "reg.xj", "--today", "2025-11-01", "-f", "load.rql"], work: work,
                               environment: XuejiBinary.environment(home: home, extra: ["TERM": "xterm"]))
        // Nothing of the transaction reached the registry.
        let text = try XuejiBinary.run(["reg.xj", "--mode", "csv", "-c", "count; find schools"], in: work,
                                       environment: XuejiBinary.environment(home: home)).stdout
        XCTAssertEqual(text.split(separator: "\n").prefix(2), ["count", "0"], text)
        XCTAssertFalse(text.contains("410"), "no school either:\n\(text)")
    }
}
