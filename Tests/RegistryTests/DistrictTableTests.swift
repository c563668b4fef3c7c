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

/// Issue 15, "Done when": R2 against synthetic ID numbers (never real people's) built on every
/// real division code at the boundaries of its validity years (retired before the birth,
/// created after it, in force throughout) and on codes that never existed, checked against an
/// oracle written separately here from the raw table text.
final class DistrictR2DifferentialTests: XCTestCase {
    /// The oracle: code → [(from, to)] read straight from the generated source text.
    static let oracle: [Int: [(Int, Int)]] = {
        var out: [Int: [(Int, Int)]] = [:]
        for line in DistrictTable.source.components(separatedBy: "\n") {
            let cols = line.components(separatedBy: "\t")
            guard cols.count == 2, let code = Int(cols[0]) else { continue }
            out[code] = cols[1].components(separatedBy: ",").map { p in
                guard p.hasPrefix("["), let close = p.firstIndex(of: "]") else { return (0, 9999) }
                let ys = p[p.index(after: p.startIndex)..<close].components(separatedBy: "-")
                return (Int(ys[0]) ?? 0, ys.count > 1 ? Int(ys[1]) ?? 9999 : 9999)
            }
        }
        return out
    }()

    static func synthetic(_ code: Int, _ year: Int) -> (IDCardNumber, Day) {
        let head = UInt64(code) * 100_000_000_000 + UInt64(year * 10000 + 615) * 1000 + 1
        return (IDCardNumber(digits: head), Day(year: year, month: 6, day: 15)!)
    }

    func testEveryCodeAtTheBoundariesOfItsYears() {
        let today = Day(year: 2026, month: 11, day: 1)!
        var cases = 0, accepted = 0
        var codes = Array(Self.oracle.keys)
        codes += [999999, 110199, 410399, 820000 + 99, 100000, 654399]          // never codes
        for code in codes {
            var years: Set<Int> = [1990, 2026]
            for (f, t) in Self.oracle[code] ?? [] {
                for y in [f - 1, f, t, t + 1] where (1950...2026).contains(y) { years.insert(y) }
            }
            for year in years {
                let (id, birth) = Self.synthetic(code, year)
                let expected = (Self.oracle[code] ?? []).contains { f, t in f <= t && max(f, year) <= min(t, 2026) }
                let got = (try? Registry.checkIDAgrees(id, birth: birth, gender: .male, today: today)) != nil
                XCTAssertEqual(got, expected, "\(id) born \(birth)")
                cases += 1; if got { accepted += 1 }
            }
        }
        XCTAssertGreaterThan(cases, 20_000)
        XCTAssertGreaterThan(accepted, 5_000)
        XCTAssertGreaterThan(cases - accepted, 5_000)
    }

    func testTheIssuesExamples() throws {
        let today = Day(year: 2026, month: 11, day: 1)!
        func check(_ text: String) throws {
            let id = try IDCardNumber(validating: text)
            try Registry.checkIDAgrees(id, birth: id.birth, gender: id.gender, today: today)
        }
        XCTAssertThrowsError(try check("999999200001010011")) { XCTAssertEqual(($0 as? RegistryError)?.rule, .r2) }
        XCTAssertThrowsError(try check("110103201503150010")) { e in
            XCTAssertEqual((e as? RegistryError)?.message,
                           "ID number 110103201503150010 begins with 110103 (北京市崇文区), a district code in force until 2010, not at any time from the birth (2015) to today")
        }
        XCTAssertNoThrow(try check(Self.synthetic(110103, 2010).0.description), "in force in its last year")
        XCTAssertNoThrow(try check(Self.synthetic(410307, 2013).0.description), "偃师区 (2021-): the hukou was registered late")
    }
}
