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
