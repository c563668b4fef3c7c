import Foundation
import XCTest

/// Issue 14, item 6, on a real terminal: a file name completed outside quotes gets both quotes
/// (the lexer needs them), one completed inside quotes closes them, and school codes are
/// listed with their names.
final class CompletionPtyTests: XCTestCase {
    func testFileNamesGetTheirQuotesAndCodesTheirNames() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("complHome"), work = try XuejiBinary.makeTempDirectory("complWork")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        try "code,name,stage,district\n4103030001,西工区第一小学,primary,410303\n4103030002,西工区第二小学,primary,410303\n"
            .write(to: work.appendingPathComponent("new-schools.csv"), atomically: true, encoding: .utf8)
        let prompt = "xueji:memory> "
        func ready() -> [[Any]] { [["expect", prompt], ["wait_raw"]] }
        var steps = ready()
        // `new` + Tab outside quotes: "new-schools.csv" with both quotes, and it runs.
        steps += [["send", "import schools from new"], ["tab"], ["expect", "\"new-schools.csv\" "], ["enter"],
                  ["expect", "imported 2 schools from new-schools.csv"]] + ready()
        // Inside an open quote: the quote is closed.
        steps += [["send", "import schools from \"new-s"], ["tab"], ["expect", "new-schools.csv\" "], ["ctrl-c"]] + ready()
        // Two codes share the prefix: Tab twice lists them with their schools' names.
        steps += [["send", "find where school = 410303000"], ["tab"], ["tab"], ["expect", "4103030001 西工区第一小学"],
                  ["expect", "4103030002 西工区第二小学"], ["ctrl-c"]] + ready()
        steps += [["ctrl-d"], ["exit", 0]]
        try ReplPtyTests.drive(steps, arguments: [binary, "--today", "2025-11-01"], work: work,
                               environment: XuejiBinary.environment(home: home, extra: ["TERM": "xterm"]))
    }

    /// Issue 16: with `--lang zh` Tab offers the Chinese words, and a Chinese statement
    /// completed that way runs.
    func testChineseWordsCompleteInChinese() throws {
        let binary = try XuejiBinary.path()
        let home = try XuejiBinary.makeTempDirectory("complZhHome"), work = try XuejiBinary.makeTempDirectory("complZhWork")
        defer { try? FileManager.default.removeItem(at: home); try? FileManager.default.removeItem(at: work) }
        let prompt = "xueji:memory> "
        func ready() -> [[Any]] { [["expect", prompt], ["wait_raw"]] }
        var steps = ready()
        steps += [["send", "统"], ["tab"], ["expect", "统计 "], ["send", "按 性"], ["tab"], ["expect", "性别 "], ["enter"],
                  ["expect", "性别"], ["expect", "人数"]] + ready()
        steps += [["send", "检查 查"], ["tab"], ["expect", "查重 "], ["enter"], ["expect", "学籍号"]] + ready()
        steps += [["ctrl-d"], ["exit", 0]]
        try ReplPtyTests.drive(steps, arguments: [binary, "--today", "2025-11-01", "--lang", "zh"], work: work,
                               environment: XuejiBinary.environment(home: home, extra: ["TERM": "xterm"]))
    }
}
