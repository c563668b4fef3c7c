import Foundation
import XCTest
@testable import Registry

/// Corrections: R11 (reason, old value kept), R3 (number never changes), and the R1/R2/R16
/// re-checks on the corrected record.
final class CorrectionTests: XCTestCase {
    func testR11CorrectionKeepsTheOldValueWithWhoWhenWhy() throws {
        let fx = Fixture()
        let n = fx.firstGrader("张山", .male)
        fx.registry.actor = "西工区第一小学学籍管理员"
        let ev = assertAccepted(fx.registry) {
            try fx.registry.correct(n, set: [(.name, .text("张三")), (.ethnicity, .text("回族")), (.class, .int(3))],
                                    reason: "户口簿姓名为张三", on: day("2025-09-10"))
        }
        XCTAssertEqual(ev.count, 1)
        let e = try XCTUnwrap(ev.first)
        XCTAssertEqual(e.kind, .correct)
        XCTAssertEqual(e.reason, "户口簿姓名为张三")
        XCTAssertEqual(e.actor, "西工区第一小学学籍管理员")
        XCTAssertEqual(e.effective, day("2025-09-10"))
        XCTAssertEqual(e.recordedAt, fx.clock.now)
        XCTAssertEqual(e.changes, [
            FieldChange(.name, .text("张山"), .text("张三")),
            FieldChange(.ethnicity, .text("汉族"), .text("回族")),
            FieldChange(.class, .null, .int(3)),
        ])
        let s = fx.student(n)
        XCTAssertEqual(s.name, "张三"); XCTAssertEqual(s.ethnicity, "回族"); XCTAssertEqual(s.klass, 3)
        let h = fx.registry.history(of: fx.id(n))
        XCTAssertEqual(h.map(\.kind), [.enrol, .correct])
        XCTAssertTrue(h[0].changes.contains(FieldChange(.name, .null, .text("张山"))), "the enrolment still shows the old name")
        XCTAssertEqual(s.number, n)
    }

    func testR11RefusesMissingReasonAndUncorrectableFields() {
        let fx = Fixture()
        let n = fx.firstGrader()
        assertRefused(.r11, fx.registry, "no reason") {
            try fx.registry.correct(n, set: [(.name, .text("李四"))], reason: "", on: day("2025-09-10"))
        }
        assertRefused(.r11, fx.registry, "blank reason") {
            try fx.registry.correct(n, set: [(.name, .text("李四"))], reason: " \u{3000}", on: day("2025-09-10"))
        }
        for (field, value) in [(StudentField.school, Value.text("4103030002")), (.grade, .int(2)), (.status, .text("withdrawn")),
                               (.enrolledOn, .date(day("2025-09-02"))), (.age, .int(7)), (.schoolName, .text("x"))] {
            assertRefused(.r11, fx.registry, field.rawValue) {
                try fx.registry.correct(n, set: [(.name, .text("李四")), (field, value)], reason: "更正", on: day("2025-09-10"))
            }
        }
        assertRefused(nil, fx.registry, "nothing to correct") {
            try fx.registry.correct(n, set: [(.name, .text("张三"))], reason: "更正", on: day("2025-09-10"))
        }
        assertRefused(nil, fx.registry, "bad gender text") {
            try fx.registry.correct(n, set: [(.gender, .text("X"))], reason: "更正", on: day("2025-09-10"))
        }
        assertRefused(nil, fx.registry, "bad hukou") {
            try fx.registry.correct(n, set: [(.hukou, .text("4103"))], reason: "更正", on: day("2025-09-10"))
        }
        assertRefused(nil, fx.registry, "empty name") {
            try fx.registry.correct(n, set: [(.name, .text("  "))], reason: "更正", on: day("2025-09-10"))
        }
    }

    func testR3NumberIsNeverCorrectedAndSurvivesEveryCorrection() throws {
        let fx = Fixture()
        let n = fx.firstGrader()
        assertRefused(.r3, fx.registry, "set no") {
            try fx.registry.correct(n, set: [(.no, .text("G110105194912310021"))], reason: "想改学籍号", on: day("2025-09-10"))
        }
        // A G number keeps its digits even when the ID number is corrected (a typo at registration).
        let newID = idNumber("410303", "20190315", order: 91)
        try fx.registry.correct(n, set: [(.id_card, .text(newID))], reason: "身份证号录入错误", on: day("2025-09-10"))
        XCTAssertEqual(fx.student(n).number, n)
        XCTAssertEqual(fx.student(n).idCard?.description, newID)
        XCTAssertEqual(fx.registry.find(idCard: IDCardNumber(newID)!), fx.id(n))
        XCTAssertNil(fx.registry.find(idCard: n.idCard!), "the old ID no longer finds the student")
        // An L number becomes the G number when the ID arrives later (R3); the L finds the student still.
        let l = fx.enrol(fx.person("无证", .female, born: "2019-04-01", withID: false))
        XCTAssertEqual(l.kind, .l)
        let later = idNumber("410303", "20190401", order: 2)
        try fx.registry.correct(l, set: [(.id_card, .text(later)), (.name, .text("有证"))], reason: "补办身份证", on: day("2025-10-01"))
        let g = RegistryNumber(idCard: IDCardNumber(later)!)
        XCTAssertEqual(fx.student(l).number, g)
        XCTAssertEqual(fx.registry.find(idCard: IDCardNumber(later)!), fx.id(l))
        XCTAssertEqual(fx.registry.find(l), fx.id(l))
        // …and now that ID is registered: a new person with it is refused, naming the G number (R1).
        let dup = NewStudent(name: "冒名", gender: .female, birth: day("2019-04-01"), idCard: later)
        let e = assertRefused(.r1, fx.registry) {
            try fx.registry.enrol(dup, at: SchoolFx.laochengPrimary, grade: 1, on: day("2025-10-02"))
        }
        XCTAssertTrue(e?.message.contains(g.description) ?? false)
        // Correcting birth keeps the L number's digits.
        let l2 = fx.enrol(fx.person("生日错", .male, born: "2019-04-02", withID: false))
        try fx.registry.correct(l2, set: [(.birth, .date(day("2019-04-03")))], reason: "出生证明", on: day("2025-10-01"))
        XCTAssertEqual(fx.student(l2).number.description, "L410303201904020001")
        XCTAssertEqual(fx.student(l2).birth, day("2019-04-03"))
    }

    func testR1CorrectionToAnotherStudentsIDIsRefused() {
        let fx = Fixture()
        let a = fx.firstGrader("甲", .male, serial: 1)
        let b = fx.firstGrader("乙", .male, serial: 2)
        let e = assertRefused(.r1, fx.registry) {
            try fx.registry.correct(b, set: [(.id_card, .text(a.idCard!.description))], reason: "更正", on: day("2025-09-10"))
        }
        XCTAssertTrue(e?.message.contains(a.description) ?? false)
    }

    func testR2CorrectionsAreCheckedAgainstTheID() throws {
        let fx = Fixture()
        let n = fx.firstGrader("王芳", .female, serial: 5)
        assertRefused(.r2, fx.registry, "birth alone") {
            try fx.registry.correct(n, set: [(.birth, .date(day("2019-03-14")))], reason: "更正", on: day("2025-09-10"))
        }
        assertRefused(.r2, fx.registry, "gender alone") {
            try fx.registry.correct(n, set: [(.gender, .text("M"))], reason: "更正", on: day("2025-09-10"))
        }
        assertRefused(.r2, fx.registry, "bad check") {
            try fx.registry.correct(n, set: [(.id_card, .text("410303201903150011"))], reason: "更正", on: day("2025-09-10"))
        }
        assertRefused(.r2, fx.registry, "id disagreeing with birth") {
            try fx.registry.correct(n, set: [(.id_card, .text(idNumber("410303", "20190316", order: 12)))], reason: "更正", on: day("2025-09-10"))
        }
        // Birth, gender and ID corrected together, consistently: accepted; 男 is accepted for M.
        let newID = idNumber("410303", "20190314", order: 13)
        try fx.registry.correct(n, set: [(.birth, .date(day("2019-03-14"))), (.gender, .text("男")), (.id_card, .text(newID))],
                                reason: "出生医学证明与户口簿为准", on: day("2025-09-10"))
        let s = fx.student(n)
        XCTAssertEqual(s.birth, day("2019-03-14")); XCTAssertEqual(s.gender, .male); XCTAssertEqual(s.idCard?.description, newID)
        XCTAssertEqual(s.number, n)
        // Removing the ID is allowed; then birth may change freely.
        try fx.registry.correct(n, set: [(.id_card, .null), (.birth, .date(day("2019-03-13")))], reason: "身份证注销", on: day("2025-09-11"))
        XCTAssertNil(fx.student(n).idCard)
        XCTAssertNil(fx.registry.find(idCard: IDCardNumber(newID)!))
    }

    func testCorrectingEthnicityToItsCurrentEmptyValueIsNothingToCorrect() throws {
        let fx = Fixture()
        let n = fx.enrol(fx.person("甲", .male, born: "2019-03-15", ethnicity: ""))
        let before = fx.registry.eventCount
        do {
            try fx.registry.correct(n, set: [(.ethnicity, .text(""))], reason: "更正", on: day("2025-09-10"))
        } catch {
            XCTAssertNil(error.rule)
            XCTAssertEqual(fx.registry.eventCount, before)
            return
        }
        XCTFail("engine bug: correct(n, set: ethnicity = \"\") when ethnicity is already empty is accepted and journals a no-op change null → \"\" (expected: 'nothing to correct', no event)")
    }

    func testR16CorrectedBirthCannotFallAfterTheFirstEvent() {
        let fx = Fixture()
        let n = fx.enrol(fx.person("无证", .male, born: "2019-03-15", withID: false), on: "2025-09-01")
        assertRefused(.r16, fx.registry) {
            try fx.registry.correct(n, set: [(.birth, .date(day("2025-09-02")))], reason: "更正", on: day("2025-09-10"))
        }
        assertAccepted(fx.registry) {
            try fx.registry.correct(n, set: [(.birth, .date(day("2019-02-15")))], reason: "更正", on: day("2025-09-10"))
        }
    }

    func testCorrectionUpdatesIndexesAndRollbackRestoresThem() throws {
        let fx = Fixture()
        let n = fx.firstGrader("王小明", .male)
        let id = fx.id(n)
        let sp = fx.registry.savepoint()
        let snap = Snapshot(fx.registry)
        let newID = idNumber("410303", "20190315", order: 21)
        try fx.registry.correct(n, set: [(.name, .text("李小明")), (.hukou, .text("410302")), (.id_card, .text(newID))],
                                reason: "更正", on: day("2025-09-10"))
        XCTAssertEqual(fx.registry.lookup(.hukou(District.laocheng)), [id])
        XCTAssertEqual(fx.registry.lookup(.hukou(District.xigong)), [])
        XCTAssertEqual(fx.registry.lookup(.namePrefix("李")), [id])
        XCTAssertTrue(fx.registry.lookup(.namePrefix("王")).filter { fx.registry.student($0).name.hasPrefix("王") }.isEmpty)
        XCTAssertEqual(fx.registry.find(idCard: IDCardNumber(newID)!), id)
        fx.registry.rollback(to: sp)
        XCTAssertTrue(Snapshot(fx.registry) == snap)
        XCTAssertEqual(fx.registry.lookup(.hukou(District.xigong)), [id])
        XCTAssertEqual(fx.registry.lookup(.hukou(District.laocheng)), [])
        XCTAssertEqual(fx.registry.lookup(.namePrefix("王")), [id])
        XCTAssertNil(fx.registry.find(idCard: IDCardNumber(newID)!))
        XCTAssertEqual(fx.registry.find(idCard: n.idCard!), id)
        XCTAssertEqual(fx.student(n).name, "王小明")
    }

    /// R3: a registry number is issued once. After A's ID is corrected away from X, X is free in
    /// the ID index, but A still holds the number G+X; a new person whose real ID is X must not
    /// be issued G+X again (that would make two students share one number).
    func testR3CorrectedAwayIDDoesNotReissueTheSameGNumber() throws {
        let fx = Fixture()
        let x = idNumber("410303", "20190315", order: 1)
        let y = idNumber("410303", "20190315", order: 3)
        let a = fx.enrol(NewStudent(name: "甲", gender: .male, birth: day("2019-03-15"), idCard: x, hukou: District.xigong))
        try fx.registry.correct(a, set: [(.id_card, .text(y))], reason: "身份证号录入错误", on: day("2025-09-10"))
        let p = NewStudent(name: "乙", gender: .male, birth: day("2019-03-15"), idCard: x, hukou: District.xigong)
        let result: EnrolResult
        do {
            result = try fx.registry.enrol(p, at: SchoolFx.xigongPrimary2, grade: 1, on: day("2025-09-11"))
        } catch {
            return  // a refusal is acceptable: nothing was issued twice
        }
        let numbers = fx.registry.allStudents.map { fx.registry.student($0).number }
        if result.number == a || Set(numbers).count != numbers.count || fx.registry.find(a) != StudentID(0) {
            XCTFail("engine bug: after correcting A's id_card from X to Y, enrolling a new person with ID X issues \(result.number) = A's number \(a); find(\(a)) now returns the new student (A unreachable by number); rolling that enrolment back then leaves find(\(a)) = nil although A still exists")
        }
    }
}
