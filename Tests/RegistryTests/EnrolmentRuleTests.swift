import Foundation
import XCTest
@testable import Registry

/// First enrolments and next-stage enrolments: R1–R6, R10, R15, R16.
final class EnrolmentRuleTests: XCTestCase {
    // MARK: R1 — one person, one number

    func testR1AcceptsANewIDAndRefusesARegisteredOneNamingTheExistingNumber() {
        let fx = Fixture()
        let p = fx.person("张三", .male, born: "2019-03-15")
        let n = fx.enrol(p)
        XCTAssertEqual(n.description, "G" + p.idCard!)
        // Same ID again, even under another name, at another school, later.
        var again = p; again.name = "张叁"
        let e = assertRefused(.r1, fx.registry, "same ID") {
            try fx.registry.enrol(again, at: SchoolFx.laochengPrimary, grade: 1, on: day("2025-09-02"))
        }
        XCTAssertTrue(e?.message.contains(n.description) ?? false, "R1 must name the existing number: \(String(describing: e))")
        // Still refused after the first holder graduated/withdrew: one person, one number.
        try! fx.registry.withdraw(n, reason: "随父母出国", on: day("2025-10-01"))
        assertRefused(.r1, fx.registry, "same ID after withdrawal") {
            try fx.registry.enrol(again, at: SchoolFx.laochengPrimary, grade: 1, on: day("2025-10-02"))
        }
    }

    // MARK: R2 — ID validity and agreement with the record

    func testR2RefusesInvalidIDsAtEnrolment() {
        let fx = Fixture()
        fx.firstGrader()
        let good = fx.person("李四", .female, born: "2019-05-01", serial: 3)
        let digits = good.idCard!
        let wrongCheck = String(digits.dropLast()) + (digits.last == "0" ? "1" : "0")
        let badDate = idNumber("410303", "20190230", order: 12)
        for (text, what) in [(wrongCheck, "check"), (badDate, "date"), (String(digits.dropLast()), "length"), (digits + "0", "length")] {
            var p = good; p.idCard = text
            assertRefused(.r2, fx.registry, "ID \(what) \(text)") {
                try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
            }
        }
        assertAccepted(fx.registry, "valid ID") {
            try fx.registry.enrol(good, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
    }

    func testR2RefusesBirthOrGenderDisagreeingWithTheID() {
        let fx = Fixture()
        var p = fx.person("王芳", .female, born: "2019-05-01", serial: 4)
        p.birth = day("2019-05-02")
        let e1 = assertRefused(.r2, fx.registry, "birth differs") {
            try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
        XCTAssertTrue(e1?.message.contains("2019-05-01") ?? false)
        p.birth = day("2019-05-01"); p.gender = .male   // the 17th digit is even: a female number
        assertRefused(.r2, fx.registry, "gender differs") {
            try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
        p.gender = .female
        assertAccepted(fx.registry) { try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01")) }
        XCTAssertEqual(fx.registry.studentCount, 1)
    }

    // MARK: R3 — number form; temporary L numbers

    func testR3GNumberIsGPlusIDAnd19Characters() {
        let fx = Fixture()
        let p = fx.person("赵六", .male, born: "2019-01-20", serial: 5)
        let n = fx.enrol(p)
        XCTAssertEqual(n.kind, .g)
        XCTAssertEqual(n.description, "G" + p.idCard!)
        XCTAssertEqual(n.description.count, 19)
        XCTAssertEqual(fx.student(n).idCard?.description, p.idCard)
    }

    func testR3TemporaryNumbersAreSequentialPerDistrictAndBirth() {
        let fx = Fixture()
        var numbers: [String] = []
        for (i, name) in ["无证一", "无证二", "无证三", "无证四"].enumerated() {
            numbers.append(fx.enrol(fx.person(name, i % 2 == 0 ? .male : .female, born: "2019-03-15", withID: false)).description)
        }
        XCTAssertEqual(numbers, ["L410303201903150001", "L410303201903150002", "L410303201903150003", "L410303201903150004"])
        XCTAssertTrue(numbers.allSatisfy { $0.count == 19 })
        // Another birth date or district starts its own sequence.
        XCTAssertEqual(fx.enrol(fx.person("无证五", .male, born: "2019-03-16", withID: false)).description, "L410303201903160001")
        XCTAssertEqual(fx.enrol(fx.person("无证六", .male, born: "2019-03-15", hukou: District.jianxi, withID: false)).description,
                       "L410305201903150001")
        // No hukou: the school's district is used.
        XCTAssertEqual(fx.enrol(fx.person("无证七", .male, born: "2019-03-15", hukou: nil, withID: false),
                                at: SchoolFx.laochengPrimary).description, "L410302201903150001")
        // Every number resolves to its own student.
        let all = fx.registry.allStudents.map { fx.registry.student($0).number }
        XCTAssertEqual(Set(all).count, all.count)
        for n in all { XCTAssertEqual(fx.registry.student(fx.registry.find(n)!).number, n) }
        // An empty or blank ID text also means "no ID".
        var blank = fx.person("无证八", .female, born: "2019-03-15", withID: false); blank.idCard = "  "
        XCTAssertEqual(fx.enrol(blank).description, "L410303201903150005")
    }

    func testR3RolledBackTemporaryNumberIsNotReusedWrongly() {
        let fx = Fixture()
        let first = fx.enrol(fx.person("无证一", .male, born: "2019-03-15", withID: false))
        let sp = fx.registry.savepoint()
        let rolled = fx.enrol(fx.person("无证二", .female, born: "2019-03-15", withID: false))
        XCTAssertEqual(rolled.description, "L410303201903150002")
        fx.registry.rollback(to: sp)
        XCTAssertNil(fx.registry.find(rolled), "the rolled-back number must not resolve")
        XCTAssertEqual(fx.registry.studentCount, 1)
        let next = fx.enrol(fx.person("无证三", .male, born: "2019-03-15", withID: false))
        XCTAssertNotEqual(next, first)
        XCTAssertEqual(next.description.count, 19)
        XCTAssertTrue(next.description.hasPrefix("L41030320190315"))
        // The engine never re-issues a number once handed out (even if rolled back): 0003.
        XCTAssertEqual(next.description, "L410303201903150003")
        XCTAssertEqual(fx.student(next).name, "无证三")
        XCTAssertEqual(fx.student(first).name, "无证一")
        XCTAssertEqual(fx.registry.lookup(.birth(from: day("2019-03-15"), through: day("2019-03-15"))).count, 2)
    }

    func testR3TemporarySequenceExhaustionIsRefused() {
        let fx = Fixture()
        // Fill the sequence space cheaply by noting a high sequence, then ask for more.
        fx.registry.noteTemporary(RegistryNumber(temporaryFor: District.xigong, birth: day("2019-03-15"), sequence: 9999))
        assertRefused(.r3, fx.registry, "10000th L number") {
            try fx.registry.enrol(fx.person("无证", .male, born: "2019-03-15", withID: false), at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
        XCTAssertEqual(fx.enrol(fx.person("无证", .male, born: "2019-03-14", withID: false)).description, "L410303201903140001")
    }

    // MARK: R4 — one school at a time

    func testR4RefusesEnrollingAnActiveOrSuspendedStudentAndAllowsReturnAfterWithdrawal() {
        let fx = Fixture()
        let n = fx.firstGrader()
        assertRefused(.r4, fx.registry, "active") {
            try fx.registry.enrol(n, at: SchoolFx.laochengPrimary, grade: 1, on: day("2025-09-10"))
        }
        try! fx.registry.suspend(n, reason: "病休", on: day("2025-10-01"))
        assertRefused(.r4, fx.registry, "suspended") {
            try fx.registry.enrol(n, at: SchoolFx.laochengPrimary, grade: 1, on: day("2025-10-10"))
        }
        try! fx.registry.withdraw(n, reason: "随父母外出务工", on: day("2025-11-01"))
        let ev = assertAccepted(fx.registry, "return after withdrawal") {
            try fx.registry.enrol(n, at: SchoolFx.laochengPrimary, grade: 1, on: day("2026-03-01"))
        }
        XCTAssertEqual(ev.count, 1)
        let s = fx.student(n)
        XCTAssertEqual(s.status, .active)
        XCTAssertEqual(fx.registry.school(at: s.schoolIndex).code, SchoolFx.laochengPrimary)
        XCTAssertEqual(s.enrolledOn, day("2026-03-01"))
        XCTAssertEqual(s.number, n)
    }

    // MARK: R5 — grade belongs to the stage

    func testR5GradeMustBelongToTheSchoolsStage() {
        let fx = Fixture()
        let cases: [(SchoolCode, Int, String)] = [
            (SchoolFx.xigongPrimary1, 7, "2013-03-15"), (SchoolFx.xigongPrimary1, 0, "2019-03-15"),
            (SchoolFx.xigongJunior1, 6, "2014-03-15"), (SchoolFx.xigongJunior1, 10, "2010-03-15"),
            (SchoolFx.luoyangNo1High, 9, "2011-03-15"), (SchoolFx.luoyangNo1High, 13, "2008-03-15"),
        ]
        for (i, (school, grade, born)) in cases.enumerated() {
            let p = fx.person("学生\(i)", .male, born: born, serial: i)
            assertRefused(.r5, fx.registry, "grade \(grade) at \(school)") {
                try fx.registry.enrol(p, at: school, grade: grade, on: day("2025-09-01"))
            }
        }
        // Boundaries accepted: 1 and 6 primary, 7 and 9 junior, 10 and 12 senior.
        let ok: [(SchoolCode, Int, String)] = [
            (SchoolFx.xigongPrimary1, 1, "2019-03-15"), (SchoolFx.xigongPrimary1, 6, "2014-03-15"),
            (SchoolFx.xigongJunior1, 7, "2013-03-15"), (SchoolFx.xigongJunior1, 9, "2011-03-15"),
            (SchoolFx.luoyangNo1High, 10, "2010-03-15"), (SchoolFx.luoyangNo1High, 12, "2008-03-15"),
        ]
        for (i, (school, grade, born)) in ok.enumerated() {
            fx.enrol(fx.person("学生\(i + 10)", .female, born: born, serial: i + 10), at: school, grade: grade)
        }
        XCTAssertEqual(fx.registry.studentCount, 6)
    }

    // MARK: R6 — age fits the grade

    func testR6AgeAtThirtyFirstAugust() {
        let fx = Fixture()
        // 6 on 31 August 2025: born on or before 2019-08-31.
        fx.enrol(fx.person("刚满六岁", .male, born: "2019-08-31", serial: 1))
        fx.enrol(fx.person("八岁", .male, born: "2017-09-01", serial: 2))      // 7 on 31 Aug: fine
        fx.enrol(fx.person("八岁半", .female, born: "2016-09-01", serial: 3))   // 8 on 31 Aug: upper bound
        let young = fx.person("差一天六岁", .female, born: "2019-09-01", serial: 4)
        let e = assertRefused(.r6, fx.registry, "5 on 31 August") {
            try fx.registry.enrol(young, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
        XCTAssertTrue(e?.message.contains("2025-08-31") ?? false, "\(String(describing: e))")
        let old = fx.person("九岁", .male, born: "2016-08-31", serial: 5)
        assertRefused(.r6, fx.registry, "9 on 31 August") {
            try fx.registry.enrol(old, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
        // A blank reason is no reason.
        assertRefused(.r6, fx.registry, "blank reason") {
            try fx.registry.enrol(old, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"), reason: "  ")
        }
        // With a reason both are accepted, and the reason is kept on the event.
        let ev = assertAccepted(fx.registry) {
            try fx.registry.enrol(old, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"), reason: "因病缓学一年")
        }
        XCTAssertEqual(ev.first?.reason, "因病缓学一年")
        assertAccepted(fx.registry) {
            try fx.registry.enrol(young, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"), reason: "经区教育局批准提前入学")
        }
        // Later grades shift: grade 7 expects 12–14; an 11-year-old needs a reason.
        let junior = fx.person("小初一", .male, born: "2014-03-15", serial: 6)
        assertRefused(.r6, fx.registry, "11 in grade 7") {
            try fx.registry.enrol(junior, at: SchoolFx.xigongJunior1, grade: 7, on: day("2025-09-01"))
        }
        fx.enrol(fx.person("初一", .male, born: "2013-03-15", serial: 7), at: SchoolFx.xigongJunior1, grade: 7)
        // A spring enrolment counts ages at the previous 31 August (the school year running).
        let spring = fx.person("春季插班", .female, born: "2018-08-31", serial: 8)
        fx.enrol(spring, grade: 1, on: "2025-03-01")  // 6 on 2024-08-31
    }

    // MARK: R10 — next stage, same number, previous stage graduated

    func testR10NextStageReusesTheNumberAndNeedsGraduation() {
        let fx = Fixture(today: "2025-09-01")
        let p = fx.person("刘洋", .male, born: "2013-03-15", serial: 9)
        let n = fx.enrol(p, grade: 6, on: "2024-09-01")
        // Not graduated yet: active → R4 (one school at a time).
        assertRefused(.r4, fx.registry) {
            try fx.registry.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, on: day("2025-09-01"))
        }
        try! fx.registry.graduate(n, on: day("2025-07-01"))
        // Wrong next stage: senior after primary; primary again.
        assertRefused(.r10, fx.registry, "senior after primary") {
            try fx.registry.enrol(n, at: SchoolFx.luoyangNo1High, grade: 10, on: day("2025-09-01"), reason: "跳级")
        }
        assertRefused(.r10, fx.registry, "primary after primary") {
            try fx.registry.enrol(n, at: SchoolFx.xigongPrimary2, grade: 6, on: day("2025-09-01"), reason: "复读")
        }
        let before = fx.registry.studentCount
        let r = try! fx.registry.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, on: day("2025-09-01"))
        XCTAssertEqual(r.number, n, "the same registry number")
        XCTAssertEqual(fx.registry.studentCount, before, "no new student")
        XCTAssertEqual(fx.student(n).grade, 7)
        XCTAssertEqual(fx.student(n).status, .active)
    }

    func testR10WithdrawnStudentCannotSkipToTheNextStage() {
        let fx = Fixture()
        let n = fx.enrol(fx.person("退学生", .female, born: "2013-03-15", serial: 10), grade: 6, on: "2024-09-01")
        try! fx.registry.withdraw(n, reason: "辍学", on: day("2025-01-10"))
        assertRefused(.r10, fx.registry, "junior without graduating") {
            try fx.registry.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, on: day("2025-09-01"))
        }
        assertAccepted(fx.registry, "back to primary") {
            try fx.registry.enrol(n, at: SchoolFx.xigongPrimary2, grade: 6, on: day("2025-09-01"))
        }
    }

    func testR10NoStageAfterSenior() {
        let fx = Fixture()
        let n = fx.enrol(fx.person("高三", .male, born: "2007-03-15", serial: 11), at: SchoolFx.luoyangNo1High, grade: 12, on: "2024-09-01")
        try! fx.registry.graduate(n, on: day("2025-06-10"))
        assertRefused(.r10, fx.registry) {
            try fx.registry.enrol(n, at: SchoolFx.luoyangNo2High, grade: 12, on: day("2025-09-01"), reason: "复读")
        }
    }

    // MARK: R15 — zoning is a warning

    func testR15OutOfDistrictCompulsoryEnrolmentIsAcceptedWithAWarning() throws {
        let fx = Fixture()
        let p = fx.person("跨区生", .male, born: "2019-03-15", serial: 12, hukou: District.jianxi)
        let r = try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        XCTAssertEqual(r.warnings.map(\.rule), [.r15])
        XCTAssertNotNil(fx.registry.find(r.number), "a warning does not refuse")
        XCTAssertEqual(fx.student(r.number).status, .active)
        // Same district: no warning. No hukou: no warning. Senior stage is not zoned.
        XCTAssertEqual(try fx.registry.enrol(fx.person("本区生", .female, born: "2019-03-15", serial: 13), at: SchoolFx.xigongPrimary1,
                                             grade: 1, on: day("2025-09-01")).warnings, [])
        XCTAssertEqual(try fx.registry.enrol(fx.person("无户籍", .female, born: "2019-03-15", serial: 14, hukou: nil), at: SchoolFx.xigongPrimary1,
                                             grade: 1, on: day("2025-09-01")).warnings, [])
        XCTAssertEqual(try fx.registry.enrol(fx.person("高中生", .female, born: "2010-03-15", serial: 15, hukou: District.jinshui),
                                             at: SchoolFx.luoyangNo1High, grade: 10, on: day("2025-09-01")).warnings, [])
        // The next-stage enrolment is checked too (junior is compulsory).
        let m = fx.enrol(fx.person("小学毕业", .male, born: "2013-03-15", serial: 16, hukou: District.laocheng),
                         at: SchoolFx.laochengPrimary, grade: 6, on: "2024-09-01")
        try fx.registry.graduate(m, on: day("2025-07-01"))
        let w = try fx.registry.enrol(m, at: SchoolFx.xigongJunior1, grade: 7, on: day("2025-09-01"))
        XCTAssertEqual(w.warnings.map(\.rule), [.r15])
    }

    // MARK: R16 at enrolment

    func testR16EnrolmentBeforeBirthIsRefused() {
        let fx = Fixture()
        let p = fx.person("未出生", .male, born: "2019-03-15", serial: 17)
        assertRefused(.r16, fx.registry) {
            try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2019-03-14"), reason: "测试")
        }
        assertAccepted(fx.registry) {
            try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2019-03-15"), reason: "测试：出生当天")
        }
    }

    func testR16NextStageEnrolmentBeforeGraduationDateIsRefused() {
        let fx = Fixture()
        let n = fx.enrol(fx.person("时间线", .male, born: "2013-03-15", serial: 18), grade: 6, on: "2024-09-01")
        try! fx.registry.graduate(n, on: day("2025-07-01"))
        assertRefused(.r16, fx.registry) {
            try fx.registry.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, on: day("2025-06-30"))
        }
    }

    // MARK: plain input errors

    func testUnknownSchoolEmptyNameAndBadClassAreRefusedWithoutARule() {
        let fx = Fixture()
        let p = fx.person("张三", .male, born: "2019-03-15")
        assertRefused(nil, fx.registry, "unknown school") {
            try fx.registry.enrol(p, at: SchoolCode("4103039999")!, grade: 1, on: day("2025-09-01"))
        }
        var anon = p; anon.name = "　 "
        assertRefused(nil, fx.registry, "blank name") {
            try fx.registry.enrol(anon, at: SchoolFx.xigongPrimary1, grade: 1, on: day("2025-09-01"))
        }
        assertRefused(nil, fx.registry, "class 0") {
            try fx.registry.enrol(p, at: SchoolFx.xigongPrimary1, grade: 1, class: 0, on: day("2025-09-01"))
        }
        assertRefused(nil, fx.registry, "duplicate school") {
            try fx.registry.addSchool(SchoolFx.all[0])
        }
        // Class and trimmed name are stored.
        var spaced = p; spaced.name = " 张三 "
        let n = fx.enrol(spaced, class: 2)
        XCTAssertEqual(fx.student(n).name, "张三")
        XCTAssertEqual(fx.student(n).klass, 2)
    }
}
