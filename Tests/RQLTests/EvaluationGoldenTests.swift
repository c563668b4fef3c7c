import Foundation
import Registry
import XCTest
@testable import RQL

/// Source → result golden tests: each `Golden/eval/NAME.rql` runs statement by statement in a
/// fresh session (today 2025-11-01); its outputs and diagnostics are compared with `NAME.out`.
/// Re-record with `XUEJI_RECORD=1 swift test --filter EvaluationGoldenTests`.
final class EvaluationGoldenTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/eval")

    static func transcript(of source: String) -> String {
        let session = Session(database: MemoryDatabase(Registry(today: Day("2025-11-01")!)))
        var out: [String] = []
        var buffer = StatementBuffer()
        var lines = source.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            guard let chunk = buffer.append(line: line) else { continue }
            let parsed = RQLParser.parse(chunk.text, firstLine: chunk.firstLine)
            for item in parsed.items {
                switch item {
                case .statement(let s):
                    out.append("> " + s.text)
                    do { out += try session.execute(s).map(\.dump) } catch { out.append(error.description) }
                case .error(let d):
                    out.append(d.description)
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func testGoldenScripts() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.dir.path).filter { $0.hasSuffix(".rql") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let src = try String(contentsOf: Self.dir.appendingPathComponent(f), encoding: .utf8)
            let got = Self.transcript(of: src)
            let outURL = Self.dir.appendingPathComponent(f.replacingOccurrences(of: ".rql", with: ".out"))
            if ProcessInfo.processInfo.environment["XUEJI_RECORD"] == "1" {
                try got.write(to: outURL, atomically: true, encoding: .utf8)
                continue
            }
            let want = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
            XCTAssertEqual(got, want, "golden mismatch for \(f); re-record with XUEJI_RECORD=1 if intended")
        }
    }
}
