import Registry
import XCTest
@testable import Shell

final class DotCommandTests: XCTestCase {
    func parse(_ line: String) -> Result<DotCommand, DotCommandError> {
        do { return .success(try DotCommand.parse(line)) } catch { return .failure(error) }
    }

    func testParsesEveryCommand() throws {
        XCTAssertEqual(try DotCommand.parse(".help"), .help(topic: nil))
        XCTAssertEqual(try DotCommand.parse(".help enrol"), .help(topic: "enrol"))
        XCTAssertEqual(try DotCommand.parse(".open /srv/xueji/luoyang"), .open(path: "/srv/xueji/luoyang"))
        XCTAssertEqual(try DotCommand.parse(".read \"2013 秋季入学.rql\""), .read(file: "2013 秋季入学.rql"))
        XCTAssertEqual(try DotCommand.parse("  .MODE CSV"), .mode(.csv))
        XCTAssertEqual(try DotCommand.parse(".mode chart"), .mode(.chart))
        XCTAssertEqual(try DotCommand.parse(".headers off"), .headers(false))
        XCTAssertEqual(try DotCommand.parse(".timer on"), .timer(true))
        XCTAssertEqual(try DotCommand.parse(".output 西工区.csv"), .output(file: "西工区.csv"))
        XCTAssertEqual(try DotCommand.parse(".output stdout"), .output(file: nil))
        XCTAssertEqual(try DotCommand.parse(".output"), .output(file: nil))
        XCTAssertEqual(try DotCommand.parse(".today 2013-09-01"), .today(Day("2013-09-01")))
        XCTAssertEqual(try DotCommand.parse(".today"), .today(nil))
        XCTAssertEqual(try DotCommand.parse(".checkpoint"), .checkpoint)
        XCTAssertEqual(try DotCommand.parse(".quit"), .quit)
        XCTAssertEqual(try DotCommand.parse(".exit"), .quit)
    }

    func testBadArgumentsGiveUsage() {
        XCTAssertEqual(parse(".mode xml"), .failure(DotCommandError(.usage(".mode [table|csv|json|ndjson|line|chart]"))))
        XCTAssertEqual(parse(".mode"), .success(.mode(nil)), "alone it shows the mode")
        XCTAssertEqual(parse(".headers maybe"), .failure(DotCommandError(.usage(".headers [on|off]"))))
        XCTAssertEqual(parse(".bail"), .success(.bail(nil)))
        XCTAssertEqual(parse(".bail off"), .success(.bail(false)))
        XCTAssertEqual(parse(".once out.csv"), .success(.once(file: "out.csv")))
        XCTAssertEqual(parse(".once"), .failure(DotCommandError(.usage(".once FILE"))))
        XCTAssertEqual(parse(".show all"), .failure(DotCommandError(.usage(".show"))))
        XCTAssertEqual(parse(".open"), .failure(DotCommandError(.usage(".open PATH"))))
        XCTAssertEqual(parse(".read a b"), .failure(DotCommandError(.usage(".read FILE"))))
        XCTAssertEqual(parse(".quit now"), .failure(DotCommandError(.usage(".quit"))))
        guard case .failure(let e) = parse(".today 2013-02-30") else { return XCTFail() }
        XCTAssertEqual(e.id, .notADate(text: "2013-02-30", usage: ".today YYYY-MM-DD")); XCTAssertTrue(e.message.contains("2013-02-30"), e.message)
        guard case .failure(let u) = parse(".frobnicate") else { return XCTFail() }
        XCTAssertTrue(u.message.contains("unknown command .frobnicate"), u.message)
        guard case .failure(let q) = parse(".read \"x.rql") else { return XCTFail() }
        XCTAssertTrue(q.message.contains("unterminated"), q.message)
    }

    /// Issue 14, item 8: `.help add` shows every add statement; help wraps to the terminal.
    func testHelpOnAStatementWordAndWrapping() {
        let add = HelpCatalog.standard.text(for: "add")
        for form in ["add school CODE", "add actor ACTOR", "add holiday DATE", "add workday DATE"] {
            XCTAssertTrue(add.contains(form), "\(form) in:\n\(add)")
        }
        XCTAssertTrue(HelpCatalog.standard.text(for: "export").contains("export schools to"))
        XCTAssertTrue(HelpCatalog.standard.text(for: "enrol").contains("(R1)"))
        let wrapped = HelpCatalog.wrap("R7 — A transfer moves an active student to a different existing school\n  transfer G410303200703150012 to 4103030101 reason \"随父母搬家到西工区去上学了\"", to: 30)
        for line in wrapped.split(separator: "\n") { XCTAssertLessThanOrEqual(line.terminalWidth, 30, String(line)) }
        XCTAssertTrue(wrapped.hasPrefix("R7 — A transfer moves an\nactive student to a different\n"), wrapped)
        XCTAssertTrue(wrapped.contains("\n  transfer"), "an indented line keeps its indent:\n\(wrapped)")
    }

    func testRecognisesDotLines() {
        XCTAssertTrue(DotCommand.isDotCommand("  .mode csv"))
        XCTAssertFalse(DotCommand.isDotCommand("find where name = \".x\""))
    }

    func testHelpCoversEveryStatementAndCommand() {
        let help = HelpCatalog.standard
        for name in DotCommand.names { XCTAssertNotNil(help.entry(for: name), name) }
        for keyword in Completer.statementKeywords where keyword != "add" {
            XCTAssertNotNil(help.entry(for: keyword), keyword)
        }
        XCTAssertNotNil(help.entry(for: "add school"))
        XCTAssertNotNil(help.entry(for: "find schools"))
        XCTAssertEqual(help.entry(for: "mode")?.topic, ".mode")
        XCTAssertEqual(help.entry(for: "ENROLL")?.topic, "enrol")
        for e in help.entries {
            XCTAssertFalse(e.summary.isEmpty, e.topic)
            XCTAssertFalse(e.example.isEmpty, e.topic)
        }
        let overview = help.text(for: nil)
        XCTAssertTrue(overview.contains(".mode"))
        XCTAssertTrue(help.text(for: "enrol").contains("张三"))
        XCTAssertTrue(help.text(for: "nonsense").hasPrefix("no help for"))
    }

    func testTimerFormat() {
        XCTAssertEqual(RunTimer.format(real: 0.0123, user: 0.008, system: 0.004), "Run Time: real 0.012 user 0.008000 sys 0.004000")
        XCTAssertTrue(RunTimer().report().hasPrefix("Run Time: real 0."))
    }
}
