import Foundation
import XCTest
@testable import RQL

/// Issue 14, item 8 (begun): the parser's, checker's and session's diagnostics come from the
/// message catalogue (`MessageID`) and carry their id; no message text is written in those
/// files any more, so a second language is one table, and nothing matches message text.
final class MessageCatalogueTests: XCTestCase {
    func testNoDiagnosticTextIsWrittenOutsideTheCatalogue() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/RQL")
        var offenders: [String] = []
        for folder in ["Syntax", "Session", "Evaluation"] {
            let dir = root.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains("Diagnostic(\"") {
                    offenders.append("\(folder)/\(name):\(i + 1)")
                }
            }
        }
        XCTAssertEqual(offenders, [], "diagnostics made from text instead of a MessageID")
    }

    func testDiagnosticsCarryTheirIdAndTheCatalogueText() {
        let d = assertDiagnostic("count by grade limit 2 1️⃣limit 3", "duplicate 'limit' clause",
                                 hint: "count takes each of where, by, order by, limit, show once")
        XCTAssertEqual(d?.id, .duplicateClause(word: "limit", statement: "count", clauses: ["where", "by", "order", "limit", "show"]))
        let r = RQLParser.parse("find where statu = active")
        guard case .unknownField(let word, let suggestion, _)? = r.diagnostics.first?.id else { return XCTFail("\(r.diagnostics)") }
        XCTAssertEqual(word, "statu")
        XCTAssertEqual(suggestion, "status")
        XCTAssertEqual(r.diagnostics.first?.message, MessageID.unknownField(word: "statu", suggestion: "status", fields: []).english)
    }
}
