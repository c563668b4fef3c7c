import XCTest
@testable import Registry

/// Issue 15, item 1: the GB/T 2260 table, its periods and names.
final class DistrictTableTests: XCTestCase {
    let table = DistrictTable.standard

    func testPeriodsAtTheBoundariesOfTheirYears() {
        // 崇文区 was merged into 东城区 in 2010: in force up to 2010, not after.
        XCTAssertTrue(table.wasInForce(110103, from: 2010, to: 2026))
        XCTAssertFalse(table.wasInForce(110103, from: 2011, to: 2026))
        XCTAssertFalse(table.isInForce(110103))
        // 偃师区 was made in 2021: a child born before it, with a hukou registered later, is fine.
        XCTAssertTrue(table.wasInForce(410307, from: 2015, to: 2026))
        XCTAssertFalse(table.wasInForce(410307, from: 2015, to: 2020))
        XCTAssertTrue(table.isInForce(410307))
        // In force throughout; never a code.
        XCTAssertTrue(table.wasInForce(410303, from: 1990, to: 2026))
        XCTAssertFalse(table.wasInForce(999999, from: 1990, to: 2026))
        XCTAssertEqual(table.periods(of: 999999), [])
        XCTAssertEqual(table.periods(of: 900_001), [])
        // A code reused under a new name (郊区 → 洛龙区, 2000).
        XCTAssertEqual(table.periods(of: 410311).map(\.name), ["郊区", "洛龙区"])
    }

    func testNamesCarryThePrefectureOrTheProvince() {
        XCTAssertEqual(table.name(of: 410303), "洛阳市西工区")
        XCTAssertEqual(table.name(of: 410311), "洛阳市洛龙区")
        XCTAssertEqual(table.name(of: 410300), "洛阳市")
        XCTAssertEqual(table.name(of: 410000), "河南省")
        XCTAssertEqual(table.name(of: 110101), "北京市东城区")
        XCTAssertEqual(table.name(of: 110103), "北京市崇文区", "a retired code keeps its last name")
        XCTAssertNil(table.name(of: 999999))
    }
}
