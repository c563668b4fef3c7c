import Foundation
import XCTest

/// Issue 14, item 3 (RQL.md, "Output for programs"): in `json` and `ndjson` modes a whole
/// multi-statement run is read by `jq` and by `python3 -m json.tool --json-lines`; standard
/// output holds only results (a change's acknowledgement is a row carrying the numbers it
/// issued), and warnings, notes and errors go to standard error. Several `-c` run in order.
final class OutputForProgramsTests: XCTestCase {
    static let script = """
        add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
        enrol name = "张三", gender = M, birth = 2017-03-15, id_card = "410303201703150017", hukou = 410302 at 4103030001 grade 2 on 2024-09-01
        enrol name = "无证", gender = F, birth = 2017-05-15 at 4103030001 grade 2 on 2024-09-01
        enrol name = "重复", gender = M, birth = 2017-03-15, id_card = "410303201703150017" at 4103030001 grade 2 on 2024-09-01
        promote where grade = 2
        find show no, name, grade
        count by grade
        explain count
        """

    /// Runs the real binary without a PAGER of the machine's; returns (status, stdout, stderr).
    func xueji(_ args: [String], stdin: String? = nil, in work: URL) throws -> (Int32, String, String) {
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PAGER")
        // The machine's language must not change the output: English unless a test says otherwise.
        env["LANG"] = "C.UTF-8"; env["LC_ALL"] = "C.UTF-8"; env.removeValue(forKey: "LC_MESSAGES")
        let r = try XuejiBinary.run(args, stdin: stdin ?? "", in: work, environment: env)
        return (r.status, r.stdout, r.stderr)
    }

    /// Pipes `text` through a reader of JSON (`jq`, `python3`); fails, never skips, when the tool is missing.
    func pipe(_ text: String, through tool: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let r = try XuejiBinary.runProgram("/usr/bin/env", tool, stdin: text)
        XCTAssertEqual(r.status, 0, "\(tool.joined(separator: " ")) could not read it (is it installed? make deps installs jq): "
                       + r.stderr + "\n" + text, file: file, line: line)
        return r.stdout
    }

    func testJSONRunIsAStreamJqReads() throws {
        let work = try XuejiBinary.makeTempDirectory("json")
        defer { try? FileManager.default.removeItem(at: work) }
        let (status, out, err) = try xueji(["--today", "2025-11-01", "--mode", "json"], stdin: Self.script, in: work)
        XCTAssertEqual(status, 1, "the duplicate enrolment fails")
        // A script captures the numbers it was issued.
        let issued = try pipe(out, through: ["jq", "-r", #".[] | select(.statement == "enrol") | .no"#])
        XCTAssertEqual(issued, "G410303201703150017\nL410303201705150001\n")
        XCTAssertEqual(try pipe(out, through: ["jq", "-c", #".[] | select(.statement == "promote") | [.changed, .entry]"#]), "[2,4]\n")
        XCTAssertEqual(try pipe(out, through: ["jq", "-c", #".[] | select(.grade != null and .count != null)"#]), "{\"grade\":3,\"count\":2}\n")
        XCTAssertEqual(try pipe(out, through: ["jq", "-s", "length"]), "6\n", "one array per result: 4 acknowledgements, find, count")
        // Everything else is on standard error: the warning, the refusal, the plan.
        XCTAssertTrue(err.contains("warning[R15]"), err)
        XCTAssertTrue(err.contains("error[R1]"), err)
        XCTAssertTrue(err.contains("count students\n  access: scan all 2 students"), err)
        XCTAssertFalse(err.contains("enrolled G"), "an acknowledged change is not repeated on stderr:\n\(err)")
    }

    func testNDJSONRunIsOneObjectPerLine() throws {
        let work = try XuejiBinary.makeTempDirectory("ndjson")
        defer { try? FileManager.default.removeItem(at: work) }
        let (_, out, _) = try xueji(["--today", "2025-11-01", "--mode", "ndjson"], stdin: Self.script, in: work)
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.count, 4 + 2 + 1, out)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") }, out)
        let pretty = try pipe(out, through: ["python3", "-m", "json.tool", "--json-lines"])
        XCTAssertTrue(pretty.contains("\"statement\": \"enrol\""), pretty)
        XCTAssertEqual(try pipe(out, through: ["jq", "-r", "select(.no) | .no"]).split(separator: "\n").count, 4, "2 enrolments, 2 rows found")
    }

    func testSeveralCommandsRunInOrderAndCSVHoldsOnlyResults() throws {
        let work = try XuejiBinary.makeTempDirectory("multic")
        defer { try? FileManager.default.removeItem(at: work) }
        let (status, out, err) = try xueji(["--today", "2025-11-01", "--mode", "csv",
                                            "-c", #"add school 4103030001 name "一小" stage primary district 410303"#,
                                            "-c", #"enrol name = "甲", gender = M, birth = 2017-03-15 at 4103030001 grade 2 on 2024-09-01"#,
                                            "-c", "count"], in: work)
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, """
            statement,code,name,stage,district
            add school,4103030001,一小,primary,410303
            statement,no,name,school,grade
            enrol,L410303201703150001,甲,4103030001,2
            count
            1

            """)
        XCTAssertEqual(err, "")
    }

    func testDotCommandsShowTheirSettings() throws {
        let work = try XuejiBinary.makeTempDirectory("show")
        defer { try? FileManager.default.removeItem(at: work) }
        let (status, out, _) = try xueji(["--today", "2025-11-01"], stdin: """
            .mode
            .mode csv
            .mode
            .headers
            .timer
            .bail
            .bail on
            .show
            .once once.csv
            count
            count
            """, in: work)
        XCTAssertEqual(status, 0)
        XCTAssertEqual(out, """
            table
            csv
            on
            off
            off
            registry   memory (nothing is saved)
            actor      none
            mode       csv
            headers    on
            timer      off
            bail       on
            output     stdout
            pager      on (less -S)
            maxrows    0 (all)
            lang       en
            today      2025-11-01 (set)
            read-only  no
            count
            0

            """)
        XCTAssertEqual(try String(contentsOf: work.appendingPathComponent("once.csv"), encoding: .utf8), "count\n0\n")
    }

    /// Issue 16: csv and json keys stay English under a Chinese locale, so a script's output does
    /// not change with the machine; `--lang zh` asks for Chinese keys; tables follow the locale.
    func testKeysFollowAnExplicitLanguageOnly() throws {
        let work = try XuejiBinary.makeTempDirectory("langKeys")
        defer { try? FileManager.default.removeItem(at: work) }
        let statements = ["-c", "add school 4103030001 name \"一小\" stage primary district 410303", "-c", "count by school"]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PAGER"); env.removeValue(forKey: "LC_MESSAGES")
        env["LANG"] = "zh_CN.UTF-8"; env["LC_ALL"] = "zh_CN.UTF-8"
        let locale = try XuejiBinary.run(["--mode", "csv"] + statements, in: work, environment: env)
        XCTAssertEqual(locale.stdout, "statement,code,name,stage,district\nadd school,4103030001,一小,primary,410303\nschool,count\n")
        let explicit = try XuejiBinary.run(["--mode", "csv", "--lang", "zh"] + statements, in: work, environment: env)
        XCTAssertTrue(explicit.stdout.hasPrefix("语句,"), explicit.stdout)
        XCTAssertTrue(explicit.stdout.hasSuffix("学校,人数\n"), explicit.stdout)
        let table = try XuejiBinary.run(statements, in: work, environment: env)
        XCTAssertTrue(table.stdout.hasPrefix("已添加学校 4103030001 一小"), "messages follow the locale: \(table.stdout)")
        XCTAssertTrue(table.stdout.contains("│ 学校 │ 人数 │"), table.stdout)
        let english = try XuejiBinary.run(["--lang", "en"] + statements, in: work, environment: env)
        XCTAssertTrue(english.stdout.contains("count"), english.stdout)
    }
}
