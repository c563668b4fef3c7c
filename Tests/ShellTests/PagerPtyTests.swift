import Foundation
import XCTest

/// Issue 14, item 4: at the prompt a result taller than the terminal goes through `$PAGER`
/// (here a command that keeps what it was given), shorter ones and `.pager off` print
/// directly, and `.maxrows N` cuts results and says so. Scripts never page.
final class PagerPtyTests: XCTestCase {
    func testTallResultsGoThroughThePagerAtThePromptOnly() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("pagerHome"), work = try XuejiBinary.makeTempDirectory("pagerWork")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        var load = #"add school 4103030001 name "一小" stage primary district 410303"# + "\n"
        for i in 0..<40 { load += "enrol name = \"学生\(i)\", gender = M, birth = 2017-03-15 at 4103030001 grade 2 on 2024-09-01\n" }
        try load.write(to: work.appendingPathComponent("load.rql"), atomically: true, encoding: .utf8)
        let prompt = "xueji:memory> "
        func ready() -> [[Any]] { [["expect", prompt], ["wait_raw"]] }
        var steps = ready()
        steps += [["send", ".read load.rql"], ["enter"]] + ready()
        steps += [["send", "find"], ["enter"]] + ready()                    // 40 rows: paged
        steps += [["send", "count"], ["enter"], ["expect", "│    40 │"]] + ready()  // short: printed
        steps += [["send", ".pager off"], ["enter"]] + ready()
        steps += [["send", "find where name = \"学生39\""], ["enter"], ["expect", "学生39"]] + ready()
        steps += [["send", ".maxrows 2"], ["enter"]] + ready()
        steps += [["send", "find"], ["enter"], ["expect", "40 students; 38 more rows not shown (.maxrows 0 shows all)"]] + ready()
        steps += [["ctrl-d"], ["exit", 0]]
        let transcript = try ReplPtyTests.drive(steps, arguments: [binary, "--today", "2025-11-01"], work: work,
                                                environment: XuejiBinary.environment(home: home, extra: ["TERM": "xterm", "PAGER": "cat > paged.txt"]))
        let paged = try String(contentsOf: work.appendingPathComponent("paged.txt"), encoding: .utf8)
        XCTAssertTrue(paged.contains("学生0") && paged.hasSuffix("40 students\n"), paged)
        let rows = transcript.components(separatedBy: "│ L410303").count - 1
        XCTAssertEqual(rows, 1 + 2, "only the .pager off and .maxrows results' rows reached the terminal:\n\(transcript.suffix(1500))")
        // A script never pages.
        try? FileManager.default.removeItem(at: work.appendingPathComponent("paged.txt"))
        let text = try XuejiBinary.run(["--today", "2025-11-01", "-f", "load.rql", "-c", "find"], in: work,
                                       environment: XuejiBinary.environment(home: home, extra: ["PAGER": "cat > paged.txt"])).stdout
        XCTAssertTrue(text.contains("40 students"), text)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work.appendingPathComponent("paged.txt").path))
    }
}
