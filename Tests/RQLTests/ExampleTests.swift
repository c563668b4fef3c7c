import XCTest
@testable import RQL

/// The grammar file and the parser must agree: its examples parse, its rules have parse functions.
final class ExampleTests: XCTestCase {
    func grammar() throws -> String { try TestFiles.read("grammar/rql.ebnf", from: TestFiles.packageRoot) }

    func testGrammarExamplesParse() throws {
        let examples = try grammar().split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("(* example:"), line.hasSuffix("*)") else { return nil }
            return String(line.dropFirst("(* example:".count).dropLast(2)).trimmingCharacters(in: .whitespaces)
        }
        XCTAssertGreaterThan(examples.count, 25)
        for e in examples { _ = parseValid(e) }
    }

    func testSpecExamplesParse() throws {
        let r = RQLParser.parse(try TestFiles.read("Fixtures/spec-examples.rql"))
        XCTAssertEqual(r.diagnostics, [])
        XCTAssertEqual(r.statements.count, 73)
    }

    /// One function per grammar rule, named after it (`find_statement` ↔ `parseFindStatement`).
    func testEveryRuleHasAParseFunction() throws {
        let rules = try grammar().split(separator: "\n").compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard let eq = t.range(of: " = "), !t.hasPrefix("(*") else { return nil }
            let name = t[..<eq.lowerBound].trimmingCharacters(in: .whitespaces)
            return name.allSatisfy({ $0.isLowercase || $0 == "_" }) ? name : nil
        }
        XCTAssertGreaterThan(rules.count, 50)
        let dir = TestFiles.packageRoot.appendingPathComponent("Sources/RQL/Syntax")
        let sources = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasPrefix("Parser") }
            .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }.joined()
        for rule in rules where rule != "terminator" {
            let name = "parse" + rule.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            XCTAssertTrue(sources.contains("func \(name)("), "grammar rule \(rule) has no \(name)")
        }
    }
}
