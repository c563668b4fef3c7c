import Foundation
import struct Generator.SplitMix
import XCTest
@testable import RQL

/// Random token soups and mutations of valid statements: the parser never crashes or hangs,
/// and every diagnostic points inside the input.
final class FuzzTests: XCTestCase {

    static let alphabet: [Character] = Array("abcdefgXGL0123456789 \t\n=<>!(),;'\"\\-_.%#张三王男女汉族，（）；“é\u{301}")
    static let words = ["find", "where", "and", "or", "not", "in", "between", "like", "is", "null", "show", "order", "by",
                        "limit", "as", "of", "enrol", "at", "grade", "class", "on", "reason", "set", "correct", "suspend",
                        "schools", "students", "count", "explain", "name", "birth", "gender", "status", "school.name",
                        "G410303200703150011", "2013-09-01", "2013-02-30", "4103030001", "\"张三\"", "'x", "M", "男",
                        "(", ")", ",", ";", "=", "!=", "<>", "<=", "\\", "\n", "--", "add", "school", "stage", "primary"]

    func seeds() throws -> [String] {
        let spec = try TestFiles.read("Fixtures/spec-examples.rql").split(separator: "\n")
            .filter { !$0.hasPrefix("--") && !$0.isEmpty }.map(String.init)
        return spec + GoldenASTTests.forms
    }

    func mutate(_ s: String, _ rng: inout SplitMix) -> String {
        var chars = Array(s)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let i = chars.isEmpty ? 0 : Int.random(in: 0..<chars.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: if !chars.isEmpty { chars.remove(at: i) }
            case 1: chars.insert(Self.alphabet.randomElement(using: &rng)!, at: i)
            case 2: if i + 1 < chars.count { chars.swapAt(i, i + 1) }
            case 3: if !chars.isEmpty { chars.insert(contentsOf: chars[i...].prefix(6), at: Int.random(in: 0...chars.count, using: &rng)) }
            default: chars.insert(contentsOf: " " + Self.words.randomElement(using: &rng)! + " ", at: i)
            }
        }
        return String(chars)
    }

    func soup(_ rng: inout SplitMix) -> String {
        (0..<Int.random(in: 1...25, using: &rng)).map { _ in Self.words.randomElement(using: &rng)! }
            .joined(separator: Bool.random(using: &rng) ? " " : "")
    }

    func check(_ input: String) {
        let count = input.utf8.count
        let r = RQLParser.parse(input)
        for d in r.diagnostics {
            XCTAssert(d.span.start.offset >= 0 && d.span.endOffset <= count && d.span.start.line >= 1 && d.span.start.column >= 1,
                      "diagnostic outside input: \(d) in \(input.debugDescription)")
            _ = DiagnosticRenderer.render(d, source: input, fileName: "f")
        }
        for s in r.statements {
            XCTAssert(s.span.endOffset <= count, "statement outside input: \(input.debugDescription)")
            _ = s.statement.dump()
        }
        _ = RQLParser.isComplete(input)
        var b = StatementBuffer()
        for line in input.split(separator: "\n", omittingEmptySubsequences: false) { _ = b.append(line: String(line)) }
        _ = b.finish()
    }

    func testFuzz() throws {
        let seeds = try seeds()
        var rng = SplitMix(state: 0x5EED_2026)
        let deadline = Date().addingTimeInterval(2.5)
        var runs = 0
        while Date() < deadline {
            let input = Bool.random(using: &rng) && runs % 4 != 0
                ? mutate(seeds.randomElement(using: &rng)!, &rng) : soup(&rng)
            let started = Date()
            check(input)
            // A runaway loop shows up as one input taking far longer than the rest.
            XCTAssertLessThan(Date().timeIntervalSince(started), 0.5, "slow input: \(input.debugDescription)")
            runs += 1
        }
        XCTAssertGreaterThan(runs, 100)
    }

    func testPathologicalInputs() {
        check(String(repeating: "(", count: 5000) + "find")
        check("find where " + String(repeating: "(", count: 5000))
        check("find where " + String(repeating: "not ", count: 5000) + "grade = 1")
        check(String(repeating: "explain ", count: 500) + "rules")
        check(String(repeating: "\\\n", count: 1000))
        check("\"" + String(repeating: "\\", count: 999))
        check("\r\n\r\nfind\r\nwhere\r\n")
    }
}
