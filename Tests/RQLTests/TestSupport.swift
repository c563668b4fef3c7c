import Foundation
import Registry
import XCTest
@testable import RQL

/// Files next to the tests, found through `#filePath` so Package.swift needs no resources.
enum TestFiles {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = directory.deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relative: String, from base: URL = directory) throws -> String {
        try String(contentsOf: base.appendingPathComponent(relative), encoding: .utf8)
    }

    /// Whether golden files should be rewritten instead of compared (`XUEJI_RECORD=1`).
    static var recording: Bool { ProcessInfo.processInfo.environment["XUEJI_RECORD"] == "1" }

    /// Compares `actual` with a golden file, or records it when `XUEJI_RECORD=1`.
    static func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = directory.appendingPathComponent("Golden/\(name)")
        if recording {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            XCTFail("missing golden file Golden/\(name); run with XUEJI_RECORD=1 to record it", file: file, line: line)
            return
        }
        if expected == actual { return }
        // Point at the first differing block so a failure is readable.
        let e = expected.components(separatedBy: "\n\n"), a = actual.components(separatedBy: "\n\n")
        for (x, y) in zip(e, a) where x != y {
            XCTFail("golden Golden/\(name) differs (re-record with XUEJI_RECORD=1 if intended):\n--- expected\n\(x)\n--- actual\n\(y)",
                    file: file, line: line)
            return
        }
        XCTFail("golden Golden/\(name) differs in length: \(e.count) vs \(a.count) blocks", file: file, line: line)
    }
}

/// Parses, failing the test on any diagnostic.
func parseValid(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> [ParsedStatement] {
    let r = RQLParser.parse(source)
    if !r.diagnostics.isEmpty {
        XCTFail("unexpected diagnostics:\n" + DiagnosticRenderer.render(r.diagnostics, source: source), file: file, line: line)
    }
    return r.statements
}

/// Parses `marked`, where `1️⃣` marks the position the (single) diagnostic must point at, and
/// checks the message and rule. Returns the diagnostic for further checks.
@discardableResult
func assertDiagnostic(_ marked: String, _ message: String, rule: String? = nil, hint: String? = nil,
                      file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
    let marker = "1️⃣"
    guard let range = marked.range(of: marker) else { XCTFail("no 1️⃣ marker", file: file, line: line); return nil }
    let source = marked.replacingCharacters(in: range, with: "")
    let offset = marked.utf8.distance(from: marked.utf8.startIndex, to: range.lowerBound)
    let r = RQLParser.parse(source)
    guard let d = r.diagnostics.first else {
        XCTFail("expected a diagnostic for: \(source)", file: file, line: line)
        return nil
    }
    XCTAssertEqual(r.diagnostics.count, 1, "diagnostics: \(r.diagnostics)", file: file, line: line)
    XCTAssertEqual(d.message, message, file: file, line: line)
    XCTAssertEqual(d.span.start.offset, offset, "position; rendered:\n" + DiagnosticRenderer.render(d, source: source),
                   file: file, line: line)
    // Column and line must agree with the offset.
    let before = String(decoding: Array(source.utf8)[..<min(offset, source.utf8.count)], as: UTF8.self)
    let lines = before.split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(d.span.start.line, lines.count, "line", file: file, line: line)
    XCTAssertEqual(d.span.start.column, (lines.last?.count ?? 0) + 1, "column", file: file, line: line)
    XCTAssertEqual(d.rule?.id, rule, "rule", file: file, line: line)
    if let hint { XCTAssertEqual(d.hint, hint, file: file, line: line) }
    return d
}

/// A session on a fresh in-memory registry. New tests make their sessions here, so a change to
/// `Session`'s initializer is one edit.
func makeTestSession(today: String = "2025-11-01") -> Session {
    Session(database: MemoryDatabase(today: Day(today)!))
}

/// A session with one primary school and two pupils: 甲 (G410303201703150017) in grade 2 and
/// 乙 (G410303201605050020) in grade 3, enrolled on 2024-09-01.
func makeSmallSchoolSession() throws -> Session {
    let s = makeTestSession()
    try s.run("""
        add school 4103030001 name "西工区第一小学" stage primary district 410303
        enrol name = "甲", gender = M, birth = 2017-03-15, id_card = "410303201703150017" at 4103030001 grade 2 on 2024-09-01
        enrol name = "乙", gender = F, birth = 2016-05-05, id_card = "410303201605050020" at 4103030001 grade 3 on 2024-09-01
        """)
    return s
}

/// Running RQL text in a session, for tests that follow a story statement by statement.
extension Session {
    /// Runs `text` (which must parse) and returns every statement's items.
    @discardableResult
    func run(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [OutputItem] {
        let parsed = RQLParser.parse(text)
        XCTAssertEqual(parsed.diagnostics, [], text, file: file, line: line)
        return try parsed.statements.flatMap { try execute($0) }
    }

    /// The first table's rows as `cell cell; cell cell` ("" for none).
    func rows(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard case .table(let t) = try run(text, file: file, line: line).first else { return "" }
        return t.rows.map { $0.map(\.description).joined(separator: " ") }.joined(separator: "; ")
    }
}
