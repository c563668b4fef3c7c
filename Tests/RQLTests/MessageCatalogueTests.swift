import Foundation
import XCTest
import Registry
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

    /// The engine's refusals and warnings are catalogue entries (`EngineMessage`), carried into
    /// the diagnostic by id; `external` is only for an embedding program's own failures.
    func testEngineRefusalsAreCatalogueEntriesEndToEnd() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        var offenders: [String] = []
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        // The libraries; the executables' command-line checks are ArgumentParser's own.
        for name in files where ["Registry/", "RQL/", "Shell/"].contains(where: name.hasPrefix) && !name.hasPrefix("Registry/Messages/") {
            let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains(".external(") || (line.contains("Error(\"") && !line.contains("fatalError(")) || line.contains("Warning(\"") || line.contains("Diagnostic(error.message") {
                offenders.append("\(name):\(i + 1)")
            }
        }
        XCTAssertEqual(offenders, [], "message text written outside a catalogue")

        let s = Session(database: MemoryDatabase(Registry(today: Day(year: 2025, month: 11, day: 1)!)))
        try s.run("add school 4103030001 name \"一小\" stage primary district 410303")
        var caught: Diagnostic?
        do { try s.run("enrol name = \"甲\", gender = M, birth = 2015-03-15, id_card = \"999999201503150019\" at 4103030001 grade 1 on 2021-09-01") }
        catch let e as Diagnostic { caught = e }
        let d = try XCTUnwrap(caught, "accepted")
        XCTAssertEqual(d.rule, .r2)
        guard case .engine(.identity(.idDistrictUnknown(let id, let code)))? = d.id else { return XCTFail("\(String(describing: d.id))") }
        XCTAssertEqual(id, "999999201503150019")
        XCTAssertEqual(code, "999999")
        XCTAssertEqual(d.message, d.id?.english)
    }
}
