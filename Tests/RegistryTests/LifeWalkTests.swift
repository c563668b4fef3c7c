import Foundation
import XCTest
@testable import Registry

/// The life walk: grade 1 → 6, graduate, junior under the same number, transfer,
/// correction, graduate again — and the history shows every step with before/after, in order.
final class LifeWalkTests: XCTestCase {
    static let idText = idNumber("410303", "20070315", order: 1)

    /// Runs the walk on a fresh fixture (today 2025-09-01) and returns the number.
    static func walk(_ fx: Fixture) throws -> RegistryNumber {
        let r = fx.registry
        let p = NewStudent(name: "张三", gender: .male, birth: day("2007-03-15"), idCard: idText, ethnicity: "汉族", hukou: District.xigong)
        let n = try r.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, class: 2, on: day("2013-09-01")).number
        for year in 2014...2018 { try r.promote(n, on: day("\(year)-09-01")) }
        try r.record(n, .award, "洛阳市优秀少先队员", on: day("2018-12-01"))
        try r.graduate(n, on: day("2019-07-01"))
        try r.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, class: 5, on: day("2019-09-01"))
        try r.transfer(n, to: SchoolFx.jianxiJunior1, on: day("2020-02-20"), reason: "随父母迁居涧西区")
        try r.correct(n, set: [(.name, .text("张叁")), (.hukou, .text("410305"))], reason: "户口迁移，姓名以户口簿为准", on: day("2020-03-10"))
        try r.promote(n, on: day("2020-09-01"))
        try r.promote(n, on: day("2021-09-01"))
        try r.graduate(n, on: day("2022-07-01"))
        return n
    }

    func testTheLifeWalkHistory() throws {
        let fx = Fixture()
        let n = try Self.walk(fx)
        XCTAssertEqual(n.description, "G" + Self.idText)
        XCTAssertEqual(fx.registry.studentCount, 1, "one person, one record, one number")
        let h = fx.registry.history(of: fx.id(n))

        typealias Step = (EventKind, String, [FieldChange])
        let t = { (s: String) in Value.text(s) }, i = { (g: Int) in Value.int(g) }, d = { (s: String) in Value.date(day(s)) }
        let expected: [Step] = [
            (.enrol, "2013-09-01", [
                FieldChange(.name, .null, t("张三")), FieldChange(.gender, .null, t("M")), FieldChange(.birth, .null, d("2007-03-15")),
                FieldChange(.id_card, .null, t(Self.idText)), FieldChange(.ethnicity, .null, t("汉族")),
                FieldChange(.hukou, .null, t("410303")), FieldChange(.school, .null, t("4103030001")),
                FieldChange(.grade, .null, i(1)), FieldChange(.class, .null, i(2)), FieldChange(.status, .null, t("active")),
            ]),
            (.promote, "2014-09-01", [FieldChange(.grade, i(1), i(2))]),
            (.promote, "2015-09-01", [FieldChange(.grade, i(2), i(3))]),
            (.promote, "2016-09-01", [FieldChange(.grade, i(3), i(4))]),
            (.promote, "2017-09-01", [FieldChange(.grade, i(4), i(5))]),
            (.promote, "2018-09-01", [FieldChange(.grade, i(5), i(6))]),
            (.record, "2018-12-01", []),
            (.graduate, "2019-07-01", [FieldChange(.status, t("active"), t("graduated"))]),
            (.enrol, "2019-09-01", [
                FieldChange(.school, t("4103030001"), t("4103030101")), FieldChange(.grade, i(6), i(7)),
                FieldChange(.class, i(2), i(5)), FieldChange(.status, t("graduated"), t("active")),
                FieldChange(.enrolledOn, d("2013-09-01"), d("2019-09-01")),
            ]),
            (.transfer, "2020-02-20", [
                FieldChange(.school, t("4103030101"), t("4103050101")), FieldChange(.class, i(5), .null),
                FieldChange(.enrolledOn, d("2019-09-01"), d("2020-02-20")),
            ]),
            (.correct, "2020-03-10", [FieldChange(.name, t("张三"), t("张叁")), FieldChange(.hukou, t("410303"), t("410305"))]),
            (.promote, "2020-09-01", [FieldChange(.grade, i(7), i(8))]),
            (.promote, "2021-09-01", [FieldChange(.grade, i(8), i(9))]),
            (.graduate, "2022-07-01", [FieldChange(.status, t("active"), t("graduated"))]),
        ]
        XCTAssertEqual(h.count, expected.count)
        for (k, (e, x)) in zip(h, expected).enumerated() {
            XCTAssertEqual(e.kind, x.0, "step \(k)")
            XCTAssertEqual(e.effective, day(x.1), "step \(k) \(x.0)")
            XCTAssertEqual(e.changes, x.2, "step \(k) \(x.0) \(x.1)")
            XCTAssertEqual(e.student, n, "step \(k): the number never changes")
            XCTAssertEqual(e.actor, "教务处王老师")
        }
        XCTAssertEqual(h.map(\.sequence), Array(0..<h.count), "in order")
        XCTAssertEqual(h.map(\.effective), h.map(\.effective).sorted(), "dates never go back (R16)")
        XCTAssertEqual(h[6].growth, .award); XCTAssertEqual(h[6].text, "洛阳市优秀少先队员")
        XCTAssertEqual(h[9].reason, "随父母迁居涧西区")
        XCTAssertEqual(h[10].reason, "户口迁移，姓名以户口簿为准")

        let s = fx.student(n)
        XCTAssertEqual(s.name, "张叁")
        XCTAssertEqual(s.status, .graduated)
        XCTAssertEqual(s.grade, 9)
        XCTAssertEqual(fx.registry.school(at: s.schoolIndex).code, SchoolFx.jianxiJunior1)
        XCTAssertEqual(s.hukou, District.jianxi)
        XCTAssertEqual(s.enrolledOn, day("2020-02-20"))
        XCTAssertEqual(s.statusSince, day("2022-07-01"))
        // The senior stage is next, still under the same number.
        let r = try fx.registry.enrol(n, at: SchoolFx.luoyangNo2High, grade: 10, on: day("2022-09-01"))
        XCTAssertEqual(r.number, n)
        XCTAssertEqual(r.warnings, [], "senior stage is not zoned")
        XCTAssertEqual(fx.registry.history(of: fx.id(n)).count, expected.count + 1)
    }

    func testTheWalkRolledBackStepByStepReturnsToEachEarlierState() throws {
        // Replaying the walk with a savepoint before every step, then rolling back one at a
        // time, gives back each earlier record exactly.
        let fx = Fixture()
        let r = fx.registry
        let p = NewStudent(name: "张三", gender: .male, birth: day("2007-03-15"), idCard: Self.idText, ethnicity: "汉族", hukou: District.xigong)
        var points: [(Savepoint, Snapshot)] = []
        func step(_ op: () throws -> Void) rethrows { points.append((r.savepoint(), Snapshot(r))); try op() }
        var n = RegistryNumber(rawValue: 0)
        try step { n = try r.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, class: 2, on: day("2013-09-01")).number }
        for year in 2014...2018 { try step { try r.promote(n, on: day("\(year)-09-01")) } }
        try step { try r.graduate(n, on: day("2019-07-01")) }
        try step { try r.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, class: 5, on: day("2019-09-01")) }
        try step { try r.transfer(n, to: SchoolFx.jianxiJunior1, on: day("2020-02-20"), reason: "迁居") }
        try step { try r.correct(n, set: [(.name, .text("张叁"))], reason: "更正", on: day("2020-03-10")) }
        for (sp, snap) in points.reversed() {
            r.rollback(to: sp)
            XCTAssertTrue(Snapshot(r) == snap, "state before event \(sp.events)")
        }
        XCTAssertEqual(r.studentCount, 0)
        XCTAssertNil(r.find(n))
    }
}
