import Foundation
import XCTest
import Registry
import RQL
@testable import Shell

/// Issue 16: the shell's messages and its help in Chinese beside the English.
final class ShellMessageChineseTests: XCTestCase {
    func testShellMessagesInChinese() {
        XCTAssertEqual(ShellMessage.unknownCommand(".foo").chinese, "未知命令 .foo；输入 .help 查看命令列表")
        XCTAssertEqual(ShellMessage.cannotReadFile(file: "a.rql", exists: false).chinese, "无法读取 a.rql：文件不存在")
        XCTAssertEqual(ShellMessage.backedUp(entries: 3, directory: "/mnt/usb/x.xj", head: "3:ab12").chinese,
                       "已将 3 条日志条目备份到 /mnt/usb/x.xj；链头 3:ab12")
        XCTAssertEqual(ShellMessage.greetingRegistry(name: "luoyang", students: 3, schools: 1, today: "2025-11-01").chinese,
                       "学籍库 luoyang：3 名学生，1 所学校。今天是 2025-11-01。")
        XCTAssertEqual(ShellMessage.notAnActor(text: "bureau", option: true).chinese,
                       "--as bureau：不是用户（应为 national、province:41、city:4103、county:410303 或 school:4103030001）")
        XCTAssertEqual(ShellMessage.transactionStillOpen(changes: 2).chinese, "事务仍未结束：已回滚 2 项更改（从未提交）")
        XCTAssertEqual(ShellMessage.localeReplaced(locale: ShellMessage.localeNotInstalled.chinese, by: "C.UTF-8").chinese,
                       "区域设置（所请求的区域设置未安装）无法处理中文：改用 C.UTF-8；如需自行选择，请设置 LANG=zh_CN.UTF-8")
        let m = ShellMessage.rolledBack(changes: 1)
        XCTAssertEqual(m.text(.zh), "已回滚 1 项更改")
        XCTAssertEqual(m.text(.en), "rolled back 1 change")
        XCTAssertEqual(m.description, "rolled back 1 change")
    }

    /// Every entry has its Chinese; each statement's Chinese example parses, as the same
    /// statements as the English one where the values are spelt alike.
    func testEveryHelpEntryHasItsChineseAndItsExampleParses() {
        for e in HelpCatalog.standard.entries {
            XCTAssertFalse(e.chineseSummary.isEmpty, e.topic)
            XCTAssertFalse(e.chineseExample.isEmpty, e.topic)
            if !e.text.isEmpty { XCTAssertFalse(e.chineseText.isEmpty, e.topic) }
            guard !e.isDotCommand else { continue }
            XCTAssertTrue(e.chineseExample.unicodeScalars.contains { $0.properties.isIdeographic }, e.topic)
            let zh = RQLParser.parse(e.chineseExample), en = RQLParser.parse(e.example)
            XCTAssertEqual(zh.diagnostics.map(\.message), [], "\(e.topic): \(e.chineseExample)")
            XCTAssertEqual(zh.statements.count, en.statements.count, e.topic)
            XCTAssertEqual(Self.dump(zh), Self.dump(en), e.topic)
        }
    }

    /// The statements without their positions, and with the values spelt as in English (the
    /// checker reads 在读 as `active`, 男 as `M`).
    static func dump(_ r: ParseResult) -> [String] {
        let positions = try! NSRegularExpression(pattern: "@[0-9]+:[0-9]+(-[0-9]+:[0-9]+)?(\\+[0-9]+)?")
        return r.statements.map { s in
            var d = s.statement.dump()
            d = positions.stringByReplacingMatches(in: d, range: NSRange(d.startIndex..., in: d), withTemplate: "")
                .replacingOccurrences(of: "男", with: "M").replacingOccurrences(of: "女", with: "F")
            for word in ["在读", "休学", "毕业", "退学", "作废", "小学", "初中", "高中"] {
                d = d.replacingOccurrences(of: "word:" + word, with: "word:" + (Vocabulary.englishValue(word) ?? word))
            }
            return d
        }
    }

    func testHelpInChinese() {
        let help = HelpCatalog.standard
        let enrol = help.text(for: "enrol", in: .zh)
        XCTAssertTrue(enrol.hasPrefix("enrol FIELD = VALUE, ... at SCHOOL grade N [class N] [on DATE]\n"), enrol)
        XCTAssertTrue(enrol.contains("\n招收新生，或以同一学籍号升入下一学段。\n"), enrol)
        XCTAssertTrue(enrol.contains("\n示例：\n  入学 姓名 = \"张三\", 性别 = 男"), enrol)
        XCTAssertTrue(enrol.contains("\n英文写法：\n  enrol name = \"张三\""), enrol)
        XCTAssertEqual(help.text(for: ".quit", in: .zh), ".quit | .exit\n\n退出 shell（也可按 Ctrl-D）。\n\n示例：\n  .quit\n")
        // The English is unchanged.
        XCTAssertEqual(help.text(for: ".quit", in: .en), ".quit | .exit\n\nLeaves the shell (Ctrl-D too).\n\nExample:\n  .quit\n")
        XCTAssertEqual(help.text(for: "nonsense", in: .zh), "没有“nonsense”的帮助；输入 .help 查看主题列表\n")
        let overview = help.text(for: nil, in: .zh)
        XCTAssertTrue(overview.hasPrefix("语句（以 ; 结束，或在语句完整时换行）：\n"), overview)
        XCTAssertTrue(overview.contains("  add school      添加 学校    按 10 位学校代码登记一所学校。\n"), overview)
        XCTAssertTrue(overview.contains("  find actors     查找 用户    "), overview)
        XCTAssertTrue(overview.contains("\nShell 命令：\n"), overview)
        XCTAssertTrue(overview.contains("  fields          字段         条件、显示列"), overview)
        XCTAssertTrue(overview.contains("  .mode           选择结果的输出方式"), overview)
        XCTAssertTrue(help.text(for: "fields", in: .zh).contains("学籍号（no）、身份证号/身份证件号（id_card）、姓名（name）"))
        XCTAssertTrue(help.text(for: "expressions", in: .zh).contains("不等于（!=）、小于（<）"))
        XCTAssertFalse(help.text(for: nil, in: .en).contains("添加 学校"))
    }

    /// `.help 入学` finds enrol: a topic in the vocabulary's Chinese words.
    func testHelpFindsATopicByItsChineseWords() {
        let help = HelpCatalog.standard
        XCTAssertEqual(help.entry(for: "入学")?.topic, "enrol")
        XCTAssertEqual(help.entry(for: "审批")?.topic, "approve")
        XCTAssertEqual(help.entry(for: "驳回")?.topic, "approve")
        XCTAssertEqual(help.entry(for: "添加 学校")?.topic, "add school")
        XCTAssertEqual(help.entry(for: "查找 学校")?.topic, "find schools")
        XCTAssertEqual(help.entry(for: "查找 用户")?.topic, "find actors")
        XCTAssertEqual(help.entry(for: "吊销 用户")?.topic, "revoke actor")
        XCTAssertEqual(help.entry(for: "检查 逾期")?.topic, "find requests")
        XCTAssertEqual(help.entry(for: "字段")?.topic, "fields")
        XCTAssertEqual(help.entry(for: "事务")?.topic, "begin")
        XCTAssertEqual(help.entry(for: "查找")?.topic, "find")
        let add = help.text(for: "添加", in: .zh)
        for form in ["add school CODE", "add actor ACTOR", "add holiday DATE"] { XCTAssertTrue(add.contains(form), add) }
        XCTAssertEqual(help.text(for: "入学", in: .en), help.text(for: "enrol", in: .en))
        XCTAssertNil(help.entry(for: "无此主题"))
    }

    /// `.help R7` in Chinese: the example with the Chinese keywords, which parses.
    func testRuleHelpInChinese() {
        for rule in Rule.allCases {
            let zh = RuleHelp.text(for: rule, in: .zh)
            XCTAssertTrue(zh.hasPrefix("\(rule.id) — "), zh)
            XCTAssertTrue(zh.contains("\n来源：\(rule.chineseSource)（"), zh)
            XCTAssertTrue(zh.contains("\n\n示例：\n  "), zh)
            let example = RuleHelp.chineseExample(rule)
            // Parses as the English does: R3's and R11's examples show a refusal of the parser.
            XCTAssertEqual(RQLParser.parse(example).diagnostics.map(\.message),
                           RQLParser.parse(RuleHelp.example(rule)).diagnostics.map(\.message), "\(rule.id): \(example)")
            XCTAssertEqual(RQLParser.parse(example).statements.count, RQLParser.parse(RuleHelp.example(rule)).statements.count, rule.id)
        }
        XCTAssertTrue(RuleHelp.text(for: .r7, in: .en).contains("\nSource: Art 14 (《中小学生学籍管理办法》 or the standard named)\n\nExample:\n"))
    }
}
