import Foundation
import XCTest
@testable import RQL

/// A seeded mutation fuzzer over the lexer, the statement buffer, the parser and evaluation in
/// an in-memory registry (invariants in `FuzzOracle`). Runs `XUEJI_FUZZ_SECONDS` (default 3;
/// CI 30; `make fuzz SECONDS=N`) from seed `XUEJI_FUZZ_SEED`; the corpus is `FuzzCorpus/`.
/// Inputs that once broke something are kept there as `found-*.rql` and replayed every run.
final class FuzzTests: XCTestCase {
    static let corpusDirectory = TestFiles.directory.appendingPathComponent("FuzzCorpus")

    static func corpus() throws -> [(name: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path).filter { $0.hasSuffix(".rql") }.sorted()
        return try names.map { ($0, try TestFiles.read("FuzzCorpus/\($0)")) }
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    func testFuzz() throws {
        let seconds = Self.environment["XUEJI_FUZZ_SECONDS"].flatMap(Double.init) ?? 3
        let seed = Self.environment["XUEJI_FUZZ_SEED"].flatMap { UInt64($0, radix: 16) } ?? 0x5EED_2026
        // A crash kills the test process before it can report: with XUEJI_FUZZ_TRACE=FILE each
        // input is written there first, so the last one names the culprit.
        let trace = Self.environment["XUEJI_FUZZ_TRACE"]
        var mutator = FuzzMutator(corpus: try Self.corpus().map(\.text), seed: seed)
        let deadline = Date().addingTimeInterval(seconds)
        var runs = 0, failures = 0
        var slowest = (seconds: 0.0, input: "")
        while Date() < deadline && failures < 5 {
            let input = mutator.next()
            if let trace { try? input.write(toFile: trace, atomically: false, encoding: .utf8) }
            let started = Date()
            do { try FuzzOracle.check(input) } catch {
                failures += 1
                XCTFail("fuzz input \(runs) (seed \(String(seed, radix: 16))): \(error)")
            }
            let took = Date().timeIntervalSince(started)
            if took > slowest.seconds { slowest = (took, input) }
            runs += 1
        }
        print("fuzz: \(runs) inputs in \(Int(seconds)) s from seed \(String(seed, radix: 16)), \(failures) failures; "
              + "slowest \(String(format: "%.3f", slowest.seconds)) s (\(slowest.input.utf8.count) bytes: \(slowest.input.prefix(120).debugDescription)…)")
        XCTAssertGreaterThan(runs, 20)
        // Work is linear, so no input of these sizes should take long; a hang would show here.
        XCTAssertLessThan(slowest.seconds, 5, "slow input: \(slowest.input.prefix(300).debugDescription)")
    }

    /// Every corpus file, and every input the fuzzer once caught, passes the oracle.
    func testCorpus() throws {
        for (name, text) in try Self.corpus() {
            do { try FuzzOracle.check(text) } catch { XCTFail("\(name): \(error)") }
        }
    }

    func testFuzzSessionHoldsTheSetup() throws {
        XCTAssertEqual(FuzzOracle.setup.count, 6)
        let items = try FuzzOracle.seededSession().execute(try XCTUnwrap(RQLParser.parse("count").statements.first))
        XCTAssertEqual(items.map(\.dump).joined(), "count\n3")
    }

    func testPathologicalInputs() throws {
        let inputs = [
            String(repeating: "(", count: 5000) + "find",
            "find where " + String(repeating: "(", count: 5000),
            "find where " + String(repeating: "not ", count: 5000) + "grade = 1",
            String(repeating: "explain ", count: 500) + "rules",
            String(repeating: "\\\n", count: 1000),
            "\"" + String(repeating: "\\", count: 999),
            "\r\n\r\nfind\r\nwhere\r\n",
            "find where grade = 1 " + String(repeating: "and grade = 1 ", count: 20_000),
            "find where school in (" + Array(repeating: "4103030001", count: 6000).joined(separator: ",\n") + ")",
            "#!/usr/bin/env xueji\nfind; \\",
        ]
        for input in inputs {
            do { try FuzzOracle.check(input) } catch { XCTFail("\(error)".prefix(2000).description) }
        }
    }
}
