import XCTest
@testable import Registry

/// The ID-number table agrees with a dictionary under any mix of inserts, overwrites and
/// removals (removal moves entries back within a probe run; a wrong move loses them).
final class IDTableTests: XCTestCase {
    func testAgreesWithADictionaryUnderRandomOperations() {
        var rng = SystemRandomNumberGenerator()
        for round in 0..<20 {
            var table = IDTable(), model: [UInt64: Int32] = [:]
            // A small key space forces long probe runs and wrap-around at the end of the array.
            let space = UInt64(round % 2 == 0 ? 64 : 5000)
            if round % 3 == 0 { table.reserveCapacity(1000) }
            for step in 0..<4000 {
                let key = UInt64.random(in: 1...space, using: &rng) * 0x1_0000_0001
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    table[key] = nil; model[key] = nil
                } else {
                    let v = Int32(step)
                    table[key] = v; model[key] = v
                }
                XCTAssertEqual(table.count, model.count)
            }
            for k in 1...space {
                let key = k * 0x1_0000_0001
                XCTAssertEqual(table[key], model[key], "round \(round), key \(k)")
            }
        }
    }

    func testGrowsAndKeepsEverything() {
        var table = IDTable()
        for k in UInt64(1)...100_000 { table[k &* 2_654_435_761] = Int32(truncatingIfNeeded: k) }
        XCTAssertEqual(table.count, 100_000)
        for k in UInt64(1)...100_000 { XCTAssertEqual(table[k &* 2_654_435_761], Int32(truncatingIfNeeded: k)) }
        XCTAssertNil(table[7])
    }
}

extension IDTableTests {
    func testBulkBuildEqualsInsertingOneByOne() {
        var rng = SystemRandomNumberGenerator()
        for n in [0, 1, 17, 5000, 70_000] {
            var keys = (0..<n).map { _ in UInt64.random(in: 1...99_999_999_999_999_999, using: &rng) }
            keys = Array(Set(keys))
            if n > 10 { keys[3] = 0 }                                   // a row without an ID number
            let rows = (0..<Int32(keys.count)).map { $0 }
            let bulk = IDTable(keys: keys, rows: rows)
            var one = IDTable()
            for (k, r) in zip(keys, rows) where k != 0 { one[k] = r }
            XCTAssertEqual(bulk.count, one.count)
            for (k, r) in zip(keys, rows) where k != 0 { XCTAssertEqual(bulk[k], r) }
            XCTAssertNil(bulk[100_000_000_000_000_000])
        }
    }
}
