import Foundation
import XCTest
@testable import RQL

/// Issue 14, item 8: the words a statement begins with are defined once (`Vocabulary`), and
/// the grammar's statement rules begin with exactly those words; each has its Chinese word.
final class VocabularyTests: XCTestCase {
    /// The quoted words a grammar rule `*_statement = …` begins with: `"find"`, or each of
    /// `( "approve" | "reject" | "cancel" )`, or each alternative of `"rules" | "verify" | …`.
    static func grammarStatementWords() throws -> Set<String> {
        let grammar = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("grammar/rql.ebnf")
        let text = try String(contentsOf: grammar, encoding: .utf8)
        var words = Set<String>()
        for line in text.split(separator: "\n") where line.contains("_statement") && line.contains("=") && !line.hasPrefix("(*") {
            let lhs = line[..<line.firstIndex(of: "=")!]
            guard lhs.trimmingCharacters(in: .whitespaces).hasSuffix("_statement") else { continue }
            var rest = line[line.index(after: line.firstIndex(of: "=")!)...].drop { $0 == " " }
            while true {
                rest = rest.drop { $0 == " " || $0 == "(" || $0 == "|" }
                guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { break }
                words.insert(String(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
                let next = rest.drop { $0 == " " || $0 == ")" }
                guard next.first == "|" else { break }
                rest = next
            }
        }
        return words
    }

    func testTheGrammarBeginsStatementsWithTheVocabularysWords() throws {
        XCTAssertEqual(try Self.grammarStatementWords(), Set(Vocabulary.statementSpellings))
    }

    func testEveryWordHasOneChineseWordOfItsOwn() {
        for list in [Vocabulary.statements, Vocabulary.clauses, Vocabulary.operators] {
            let chinese = list.map(\.chinese)
            XCTAssertEqual(Set(chinese).count, chinese.count, "two words share a Chinese word: \(chinese)")
            XCTAssertTrue(chinese.allSatisfy { !$0.isEmpty })
        }
        XCTAssertEqual(Vocabulary.chinese(.active), "在读")
        XCTAssertEqual(Vocabulary.chinese(.primary), "小学")
        XCTAssertEqual(Vocabulary.chinese(.duplicates), "查重")
    }
}
