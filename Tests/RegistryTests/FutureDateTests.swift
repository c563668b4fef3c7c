import XCTest
@testable import Registry

/// Issue 14, item 2: an event dated after today (`--today` when given) is refused under R16,
/// a birth date after today under R2; today itself is accepted. (RULES.md R2, R16.)
final class FutureDateTests: XCTestCase {
    func testEventsAfterTodayAreRefusedAndTodayIsAccepted() throws {
        let fx = Fixture(today: "2025-11-01")
        let r = fx.registry
        assertRefused(.r16, r, "an enrolment tomorrow") {
            _ = try r.enrol(fx.person("明天", .male, born: "2019-03-15", serial: 7), at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-11-02"))
        }
        let n = fx.enrol(fx.person("今天", .male, born: "2019-03-15", serial: 1), on: "2025-11-01")
        for (what, op) in [
            ("a suspension", { try r.suspend(n, reason: "生病", on: day("2025-11-02")) }),
            ("a growth record", { try r.record(n, .award, "三好学生", on: day("2026-01-01")) }),
            ("a correction", { try r.correct(n, set: [(.class, .int(2))], reason: "调班", on: day("2025-11-02")) }),
            ("a transfer", { _ = try r.transfer(n, to: SchoolFx.xigongPrimary2, on: day("2025-12-01")) }),
            ("a promotion", { try r.promote(n, on: day("2026-07-01")) }),
            ("a withdrawal", { try r.withdraw(n, reason: "出国", on: day("2025-11-02")) }),
        ] as [(String, () throws -> Void)] {
            assertRefused(.r16, r, what, op)
        }
        // A bulk change counts the student under R16 and changes nobody.
        XCTAssertEqual(try r.promote([fx.id(n)], on: day("2026-07-01")).skipped, [.r16: 1])
        assertAccepted(r, "a record dated today") { try r.record(n, .award, "三好学生", on: day("2025-11-01")) }
    }

    func testABirthAfterTodayIsRefusedUnderR2() {
        let fx = Fixture(today: "2025-11-01")
        let r = fx.registry
        let unborn = NewStudent(name: "未生", gender: .male, birth: day("2025-11-02"), idCard: nil, ethnicity: "汉族", hukou: District.xigong)
        let e = assertRefused(.r2, r, "a birth tomorrow") {
            _ = try r.enrol(unborn, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-11-01"), reason: "测试")
        }
        XCTAssertEqual(e?.message, "the birth date 2025-11-02 is after today (2025-11-01)")
        let n = fx.enrol(fx.person("无证", .male, born: "2019-03-15", withID: false), on: "2025-09-01")
        assertRefused(.r2, r, "a birth corrected to tomorrow") {
            try r.correct(n, set: [(.birth, .date(day("2025-11-02")))], reason: "更正", on: day("2025-11-01"))
        }
    }
}
