import Foundation
import XCTest
import Registry
@testable import RQL

/// Issue 16, item 1: every statement of the grammar parses in Chinese and in English to the
/// same statement. Each example of grammar/rql.ebnf is translated word by word into the
/// vocabulary's Chinese (keywords, and field names outside the actor and request lists) and
/// both are parsed; the ASTs must agree but for positions.
final class ChineseKeywordTests: XCTestCase {
    /// English word → its Chinese word, from the one vocabulary.
    static let chinese = Vocabulary.chineseWords

    static let phrases: [(String, String)] = [("is not null", "不为空"), ("is null", "为空"), ("not in", "不属于"),
                                              ("order by", "排序"), ("as of", "截至")]

    /// The example in Chinese: strings and values kept, words translated.
    static func translate(_ english: String, fields: Bool) -> String {
        var out = "", i = english.startIndex
        while i < english.endIndex {
            let c = english[i]
            if c == "\"" || c == "'" {                                   // a string: as it is
                let close = english[english.index(after: i)...].firstIndex(of: c) ?? english.endIndex
                let end = close == english.endIndex ? close : english.index(after: close)
                out += english[i..<end]; i = end; continue
            }
            if let (en, zh) = phrases.first(where: { english[i...].lowercased().hasPrefix($0.0 + " ") || english[i...].lowercased() == $0.0 }),
               i == english.startIndex || !english[english.index(before: i)].isLetter {
                out += zh; i = english.index(i, offsetBy: en.count); continue
            }
            if c.isLetter || c == "_" {
                var j = i
                while j < english.endIndex, english[j].isLetter || english[j].isNumber || "_.:".contains(english[j]) { j = english.index(after: j) }
                let word = String(english[i..<j]), key = word.lowercased()
                // In the actor and request lists only the statement's own words: their fields and
                // values (`level = school`) have no Chinese yet.
                let plain = (Vocabulary.statements + Vocabulary.clauses + Vocabulary.operators).contains { $0.spellings.contains(key) }
                    || Vocabulary.plurals.values.contains(key)
                // A word after `=` is a value (`left_behind = no`), whatever field shares its spelling.
                let isValue = out.last(where: { $0 != " " }) == "="
                if !word.contains(":"), !isValue, let zh = chinese[key], fields || plain { out += zh } else { out += word }
                i = j; continue
            }
            out.append(c); i = english.index(after: i)
        }
        return out
    }

    static func examples() throws -> [String] {
        let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("grammar/rql.ebnf")
        return try String(contentsOf: grammar, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "(* example: ") else { return nil }
            return String(line[r.upperBound...].dropLast(3))
        }
    }

    static func dump(_ text: String) -> ([String], [Diagnostic]) {
        let r = RQLParser.parse(text)
        let positions = try! NSRegularExpression(pattern: "@[0-9]+:[0-9]+(-[0-9]+:[0-9]+)?(\\+[0-9]+)?")
        return (r.statements.map { s in
            let d = s.statement.dump()
            return positions.stringByReplacingMatches(in: d, range: NSRange(d.startIndex..., in: d), withTemplate: "")
        }, r.diagnostics)
    }

    func testEveryGrammarExampleParsesTheSameInChinese() throws {
        let examples = try Self.examples()
        XCTAssertGreaterThan(examples.count, 40)
        var translated = 0
        for english in examples {
            let lists = english.contains("actors") || english.contains("requests")
            let zh = Self.translate(english, fields: !lists)
            let (a, da) = Self.dump(english), (b, db) = Self.dump(zh)
            XCTAssertEqual(da, [], english)
            XCTAssertEqual(db, [], "\(english)\n→ \(zh)")
            XCTAssertEqual(a, b, "\(english)\n→ \(zh)")
            if zh != english { translated += 1 }
        }
        XCTAssertEqual(translated, examples.count, "every example has a Chinese word")
    }

    func testAStatementMayMixTheLanguagesAndTheIMEsPunctuation() {
        let english = #"enrol name = "张三", gender = 男, birth = 2015-03-15 at 4103030001 grade 1 on 2021-09-01"#
        let mixed = "入学 姓名 = “张三”， gender = 男， 出生日期 = 2015-03-15 at 4103030001 年级 1 于 2021-09-01"
        let (a, _) = Self.dump(english), (b, db) = Self.dump(mixed)
        XCTAssertEqual(db, [])
        XCTAssertEqual(a, b)
        // 毕业 begins a statement as `graduate` and is the status `graduated` as a value.
        let p = RQLParser.parse("统计 条件 状态 = 毕业 且 学段 = 初中")
        XCTAssertEqual(p.diagnostics, [])
        guard case .count(let c)? = p.statements.first?.statement, case .and(.compare(let a), .compare(let b))? = c.whereClause else {
            return XCTFail("\(p.statements)")
        }
        XCTAssertEqual(a.value.value(for: StudentField.status), .text("graduated"))
        XCTAssertEqual(b.value.value(for: StudentField.schoolStage), .text("junior"))
        XCTAssertEqual(Self.dump("毕业 条件 年级 = 6").0, Self.dump("graduate where grade = 6").0)
        XCTAssertEqual(Self.dump("查找 条件 户籍 不属于 （410303，410302） 且 班级 不为空；").0,
                       Self.dump("find where hukou not in (410303, 410302) and class is not null;").0)
        // 、 and 。 could mean a list or an end: still an error with the hint.
        XCTAssertEqual(RQLParser.parse("查找 条件 年级 = 1。").diagnostics.first?.id, .unexpectedCharacter(character: "。", meant: ";"))
    }
}

/// The grammar's table of Chinese words is the vocabulary's, written by this test with
/// `XUEJI_RECORD=1` (as every golden file is) and compared with it otherwise.
final class ChineseWordTableTests: XCTestCase {
    static let begin = "(* ---- Chinese words (issue 16): generated from Vocabulary.swift; XUEJI_RECORD=1 rewrites it ---- *)"
    static let end = "(* ---- end of the Chinese words ---- *)"

    static func table() -> String {
        func rows(_ title: String, _ words: [Vocabulary.Word]) -> [String] {
            ["(* \(title):" + String(repeating: " ", count: max(0, 84 - title.count - 4)) + "*)"]
                + words.map { w in
                    let zh = w.chineseSpellings.joined(separator: " / ")
                    let body = "  " + zh + String(repeating: " ", count: max(1, 14 - zh.terminalWidth)) + w.spellings.joined(separator: ", ")
                    return "(*" + body + String(repeating: " ", count: max(1, 84 - body.terminalWidth - 4)) + "*)"
                }
        }
        var lines = [begin]
        lines += rows("statements", Vocabulary.statements)
        lines += rows("clauses", Vocabulary.clauses)
        lines += rows("objects and attributes", Vocabulary.objects)
        lines += rows("operators", Vocabulary.operators)
        lines += rows("phrases", Vocabulary.phrases)
        lines += rows("checks", Vocabulary.checks)
        lines += rows("growth kinds", Vocabulary.growthKinds)
        let fields = StudentField.allCases.compactMap { f in Vocabulary.studentFields[f].map { Vocabulary.Word(f.rawValue, $0[0], chineseAliases: Array($0.dropFirst())) } }
        lines += rows("student fields", fields)
        let values = Status.allCases.map { Vocabulary.Word($0.rawValue, Vocabulary.chinese($0)) }
            + SchoolStage.allCases.map { Vocabulary.Word($0.rawValue, Vocabulary.chinese($0)) } + Vocabulary.genders
        lines += rows("values", values)
        lines.append(end)
        return lines.joined(separator: "\n")
    }

    func testTheGrammarHoldsTheVocabularysChineseWords() throws {
        let url = TestFiles.packageRoot.appendingPathComponent("grammar/rql.ebnf")
        let text = try String(contentsOf: url, encoding: .utf8)
        let table = Self.table()
        guard let a = text.range(of: Self.begin), let b = text.range(of: Self.end) else {
            if TestFiles.recording { try (text + "\n" + table + "\n").write(to: url, atomically: true, encoding: .utf8); return }
            return XCTFail("grammar/rql.ebnf has no table of Chinese words; run with XUEJI_RECORD=1")
        }
        let current = String(text[a.lowerBound..<b.upperBound])
        if TestFiles.recording, current != table {
            try text.replacingCharacters(in: a.lowerBound..<b.upperBound, with: table).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        XCTAssertEqual(current, table, "re-record with XUEJI_RECORD=1")
    }
}
