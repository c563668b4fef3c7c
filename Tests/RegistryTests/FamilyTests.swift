import XCTest
@testable import Registry

/// Issue 17 in the engine: the family fields (migrant, left_behind) and the guardian's
/// confirmation, with `awaitingConfirmation` at its boundaries.
final class FamilyTests: XCTestCase {
    func testTheRowStaysSeventyTwoBytes() {
        // The two new fields fill what was padding: ten million rows still fit in 720 MB.
        XCTAssertEqual(MemoryLayout<StudentRow>.stride, 72)
        XCTAssertEqual(MemoryLayout<StudentRow>.offset(of: \.family), 67)
    }

    func testYesNoReadsTheSpellingsFormsUse() {
        for t in ["yes", "YES", "y", "true", "1", "是"] { XCTAssertEqual(YesNo(text: t), .yes, t) }
        for t in ["no", "N", "false", "0", "否"] { XCTAssertEqual(YesNo(text: t), .no, t) }
        for t in ["", "unknown", "UNKNOWN", "不详", "未知"] { XCTAssertNil(YesNo(text: t)); XCTAssertTrue(YesNo.isUnknown(t), t) }
        for t in ["maybe", "有", "2"] { XCTAssertNil(YesNo(text: t)); XCTAssertFalse(YesNo.isUnknown(t), t) }
    }

    func testEnrolmentStoresBothAnswersAndTheHistoryShowsThem() throws {
        let f = Fixture()
        var p = f.person("王浩", .male, born: "2019-03-15")
        p.migrant = .yes; p.leftBehind = .no
        let n = f.enrol(p)
        let id = f.id(n)
        XCTAssertEqual(f.student(n).migrant, .yes)
        XCTAssertEqual(f.student(n).leftBehind, .no)
        XCTAssertEqual(f.registry.value(.migrant, of: id), .text("yes"))
        XCTAssertEqual(f.registry.value(.leftBehind, of: id), .text("no"))
        XCTAssertEqual(f.registry.key(.migrant, of: id), f.registry.key(.migrant, for: .text("是")))
        XCTAssertNotEqual(f.registry.key(.leftBehind, of: id), f.registry.key(.leftBehind, for: .text("yes")))
        let enrol = try XCTUnwrap(f.registry.history(of: id).first)
        XCTAssertTrue(enrol.changes.contains(FieldChange(.migrant, .null, .text("yes"))))
        XCTAssertTrue(enrol.changes.contains(FieldChange(.leftBehind, .null, .text("no"))))

        // Not answered: null, and no key (so `is null` finds it).
        let m = f.firstGrader("赵一鸣", serial: 2)
        XCTAssertEqual(f.registry.value(.migrant, of: f.id(m)), .null)
        XCTAssertNil(f.registry.key(.leftBehind, of: f.id(m)))
    }

    func testACorrectionOfAnAnswerKeepsTheOldOneAndAsOfSeesIt() throws {
        let f = Fixture()
        let n = f.firstGrader()
        try f.registry.correct(n, set: [(.leftBehind, .text("是"))], reason: "父母外出务工", on: day("2026-03-01"))
        XCTAssertEqual(f.student(n).leftBehind, .yes)
        let e = try XCTUnwrap(f.registry.history(of: f.id(n)).last)
        XCTAssertEqual(e.changes, [FieldChange(.leftBehind, .null, .text("yes"))])
        XCTAssertNil(f.registry.student(f.id(n), asOf: day("2026-02-28"))?.leftBehind)
        XCTAssertEqual(f.registry.student(f.id(n), asOf: day("2026-03-01"))?.leftBehind, .yes)
        // `unknown` clears it again; anything else is refused and changes nothing.
        try f.registry.correct(n, set: [(.leftBehind, .text("unknown"))], reason: "核实中", on: day("2026-03-02"))
        XCTAssertNil(f.student(n).leftBehind)
        let before = Snapshot(f.registry)
        XCTAssertThrowsError(try f.registry.correct(n, set: [(.migrant, .text("maybe"))], reason: "x")) { e in
            XCTAssertEqual((e as? RegistryError)?.id, .lifecycle(.familyAnswerInvalid(field: .migrant, value: "maybe")))
        }
        XCTAssertEqual(Snapshot(f.registry), before)
    }

    func testConfirmationIsAnEventWithTheGuardianTheRelationAndTheActor() throws {
        let f = Fixture()
        let n = f.firstGrader()
        try f.registry.confirm(n, guardian: " 张建国 ", relation: "父亲", on: day("2025-09-05"))
        let e = try XCTUnwrap(f.registry.history(of: f.id(n)).last)
        XCTAssertEqual(e.kind, .confirm)
        XCTAssertEqual(e.text, "张建国")
        XCTAssertEqual(e.relation, "父亲")
        XCTAssertEqual(e.actor, "教务处王老师")
        XCTAssertEqual(e.effective, day("2025-09-05"))
        XCTAssertEqual(e.changes, [])
        XCTAssertNil(e.reason)
    }

    func testConfirmationRefusalsChangeNothing() throws {
        let f = Fixture()
        let n = f.firstGrader()
        let before = Snapshot(f.registry)
        func refused(_ rule: Rule?, _ message: LifecycleMessage? = nil, _ body: () throws -> Void) {
            XCTAssertThrowsError(try body()) { e in
                let error = e as! RegistryError
                XCTAssertEqual(error.rule, rule, "\(error)")
                if let message { XCTAssertEqual(error.id, .lifecycle(message)) }
            }
            XCTAssertEqual(Snapshot(f.registry), before)
        }
        refused(nil, .confirmationNeedsGuardian) { try f.registry.confirm(n, guardian: "　", relation: "父亲") }
        refused(nil, .confirmationNeedsRelation) { try f.registry.confirm(n, guardian: "张建国", relation: "") }
        refused(.r16) { try f.registry.confirm(n, guardian: "张建国", relation: "父亲", on: day("2025-08-31")) }
        refused(.r16) { try f.registry.confirm(n, guardian: "张建国", relation: "父亲", on: day("2030-09-02")) }
        refused(nil) { try f.registry.confirm(n, guardian: "张\u{1B}[2J建国", relation: "父亲") }
        try f.registry.void(n, reason: "重复录入", on: day("2025-09-02"))
        let voided = Snapshot(f.registry)
        XCTAssertThrowsError(try f.registry.confirm(n, guardian: "张建国", relation: "父亲")) { e in
            XCTAssertEqual((e as? RegistryError)?.id, .lifecycle(.confirmVoided(number: n, name: "张三")))
        }
        XCTAssertEqual(Snapshot(f.registry), voided)
    }

    /// `check unconfirmed`'s engine side at its boundaries: a confirmation counts until the next
    /// registration or key-field correction; other changes leave it standing.
    func testAwaitingConfirmationAtItsBoundaries() throws {
        let f = Fixture(today: "2027-09-01")
        let n = f.firstGrader()
        let id = f.id(n)
        let r = f.registry
        XCTAssertEqual(r.awaitingConfirmation(id), AwaitedConfirmation(since: day("2025-09-01"), corrected: []))
        try r.confirm(n, guardian: "张建国", relation: "父亲", on: day("2025-09-05"))
        XCTAssertNil(r.awaitingConfirmation(id))
        // Changes that are not key fields, and other events, leave the confirmation standing.
        try r.correct(n, set: [(.class, .int(3)), (.hukou, .text("410302")), (.migrant, .text("yes"))], reason: "核对", on: day("2025-10-01"))
        try r.record(n, .award, "三好学生", on: day("2025-12-01"))
        try r.promote(n, on: day("2026-07-01"))
        try r.suspend(n, reason: "病休", on: day("2026-09-01"))
        try r.resume(n, on: day("2026-10-01"))
        XCTAssertNil(r.awaitingConfirmation(id))
        // A key field corrected after it: the record awaits a new confirmation, since that day.
        try r.correct(n, set: [(.name, .text("张山")), (.class, .int(4)), (.ethnicity, .text("回族"))], reason: "户口簿", on: day("2026-11-02"))
        XCTAssertEqual(r.awaitingConfirmation(id), AwaitedConfirmation(since: day("2026-11-02"), corrected: [.name, .ethnicity]))
        // As of a day: the end of that day.
        XCTAssertNil(r.awaitingConfirmation(id, asOf: day("2026-11-01")))
        XCTAssertEqual(r.awaitingConfirmation(id, asOf: day("2026-11-02"))?.since, day("2026-11-02"))
        XCTAssertEqual(r.awaitingConfirmation(id, asOf: day("2025-09-04"))?.since, day("2025-09-01"))
        XCTAssertNil(r.awaitingConfirmation(id, asOf: day("2025-09-05")))
        XCTAssertNil(r.awaitingConfirmation(id, asOf: day("2025-08-31")), "not registered yet")
        // The same day: a confirmation after the correction (in journal order) counts.
        try r.confirm(n, guardian: "张建国", relation: "父亲", on: day("2026-11-02"))
        XCTAssertNil(r.awaitingConfirmation(id))
        XCTAssertNil(r.awaitingConfirmation(id, asOf: day("2026-11-02")))
    }

    func testTheNextStageIsANewRegistrationToConfirm() throws {
        let f = Fixture(today: "2032-09-01")
        let n = f.enrol(f.person("张三", .male, born: "2014-03-15"), grade: 6, on: "2025-09-01")
        try f.registry.confirm(n, guardian: "张建国", relation: "父亲", on: day("2025-09-02"))
        try f.registry.graduate(n, on: day("2026-07-01"))
        XCTAssertNil(f.registry.awaitingConfirmation(f.id(n)))
        try f.registry.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, on: day("2026-09-01"))
        XCTAssertEqual(f.registry.awaitingConfirmation(f.id(n))?.since, day("2026-09-01"))
    }

    func testRollbackRestoresWhatTheRowKeeps() throws {
        let f = Fixture()
        let n = f.firstGrader()
        try f.registry.confirm(n, guardian: "张建国", relation: "父亲", on: day("2025-09-05"))
        let sp = f.registry.savepoint()
        try f.registry.correct(n, set: [(.name, .text("张山"))], reason: "户口簿", on: day("2025-10-01"))
        try f.registry.correct(n, set: [(.leftBehind, .text("yes"))], reason: "父母外出", on: day("2025-10-01"))
        XCTAssertNotNil(f.registry.awaitingConfirmation(f.id(n)))
        f.registry.rollback(to: sp)
        XCTAssertNil(f.registry.awaitingConfirmation(f.id(n)))
        XCTAssertNil(f.student(n).leftBehind)
        try f.registry.confirm(n, guardian: "李秀英", relation: "母亲", on: day("2025-10-02"))
        let sp2 = f.registry.savepoint()
        try f.registry.correct(n, set: [(.ethnicity, .text("回族"))], reason: "录错", on: day("2025-10-03"))
        f.registry.rollback(to: sp2)
        XCTAssertNil(f.registry.awaitingConfirmation(f.id(n)))
    }
}
