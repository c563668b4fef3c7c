import Foundation
import XCTest
@testable import Registry

/// Transfers, promotion, graduation, suspension, withdrawal, growth records: R7–R9, R12–R14, R16,
/// and the bulk counts.
final class LifecycleRuleTests: XCTestCase {
    /// A grade-3 pupil at 西工区第一小学 enrolled 2025-09-01 (born 2017-03-15).
    func grade3(_ fx: Fixture, _ name: String = "王小明", serial: Int = 1, gender: Gender = .male) -> RegistryNumber {
        fx.enrol(fx.person(name, gender, born: "2017-03-15", serial: serial), grade: 3)
    }

    // MARK: R7 — transfer

    func testR7TransferMovesAnActiveStudentAndHistoryKeepsBothSchools() {
        let fx = Fixture()
        let n = grade3(fx)
        let ev = assertAccepted(fx.registry) {
            try fx.registry.transfer(n, to: SchoolFx.laochengPrimary, on: day("2025-10-08"), reason: "随父母迁居老城区")
        }
        XCTAssertEqual(ev.count, 1)
        XCTAssertEqual(ev[0].kind, .transfer)
        XCTAssertTrue(ev[0].changes.contains(FieldChange(.school, .text("4103030001"), .text("4103020001"))))
        XCTAssertTrue(ev[0].changes.contains(FieldChange(.enrolledOn, .date(day("2025-09-01")), .date(day("2025-10-08")))))
        XCTAssertFalse(ev[0].changes.contains { $0.field == .grade }, "grade unchanged: no grade change listed")
        let s = fx.student(n)
        XCTAssertEqual(fx.registry.school(at: s.schoolIndex).code, SchoolFx.laochengPrimary)
        XCTAssertEqual(s.grade, 3)
        XCTAssertEqual(s.status, .active)
        let h = fx.registry.history(of: fx.id(n))
        XCTAssertEqual(h.map(\.kind), [.enrol, .transfer])
        XCTAssertTrue(h[0].changes.contains(FieldChange(.school, .null, .text("4103030001"))))
        // A transfer within the stage may also set the grade (repeating a year).
        assertAccepted(fx.registry) { try fx.registry.transfer(n, to: SchoolFx.xigongPrimary2, grade: 2, on: day("2025-11-01"), reason: "转学留级") }
        XCTAssertEqual(fx.student(n).grade, 2)
    }

    func testR7RefusesBadTransfers() {
        let fx = Fixture()
        let n = grade3(fx)
        assertRefused(.r7, fx.registry, "same school") {
            try fx.registry.transfer(n, to: SchoolFx.xigongPrimary1, on: day("2025-10-08"))
        }
        assertRefused(.r7, fx.registry, "unknown school") {
            try fx.registry.transfer(n, to: SchoolCode("4103039999")!, on: day("2025-10-08"))
        }
        assertRefused(.r7, fx.registry, "junior school has no grade 3") {
            try fx.registry.transfer(n, to: SchoolFx.xigongJunior1, on: day("2025-10-08"))
        }
        assertRefused(.r7, fx.registry, "grade 7 at a primary school") {
            try fx.registry.transfer(n, to: SchoolFx.xigongPrimary2, grade: 7, on: day("2025-10-08"))
        }
        try! fx.registry.suspend(n, reason: "病休", on: day("2025-10-09"))
        assertRefused(.r7, fx.registry, "suspended") {
            try fx.registry.transfer(n, to: SchoolFx.laochengPrimary, on: day("2025-10-10"))
        }
        try! fx.registry.withdraw(n, reason: "出国", on: day("2025-10-11"))
        assertRefused(.r7, fx.registry, "withdrawn") {
            try fx.registry.transfer(n, to: SchoolFx.laochengPrimary, on: day("2025-10-12"))
        }
        assertRefused(nil, fx.registry, "unknown number") {
            try fx.registry.transfer(RegistryNumber(temporaryFor: District.xigong, birth: day("2017-01-01"), sequence: 1),
                                     to: SchoolFx.laochengPrimary, on: day("2025-10-12"))
        }
    }

    func testR7TransferWithGradeCannotJumpToAnotherStage() throws {
        // A grade-3 pupil "transferred" to a junior school as grade 7 would skip three grades
        // and the primary graduation (R9, R10). R7 says the target's stage must hold *the
        // student's grade*.
        let fx = Fixture()
        let n = grade3(fx)
        let before = Snapshot(fx.registry)
        do {
            try fx.registry.transfer(n, to: SchoolFx.xigongJunior1, grade: 7, on: day("2025-10-08"))
        } catch {
            XCTAssertEqual(error.rule, .r7)
            XCTAssertTrue(Snapshot(fx.registry) == before)
            return
        }
        XCTFail("engine bug: transfer(G…grade 3 primary, to: junior 4103030101, grade: 7) is accepted; expected a refusal (R7/R10) — it moves a primary pupil into junior stage without graduating")
    }

    // MARK: R8 — promotion

    func testR8PromotesActiveStudentsButNotTheFinalGradeOrInactive() {
        let fx = Fixture()
        let n = grade3(fx)
        let ev = assertAccepted(fx.registry) { try fx.registry.promote(n, on: day("2026-09-01")) }
        XCTAssertEqual(ev.map(\.kind), [.promote])
        XCTAssertEqual(ev.first?.changes, [FieldChange(.grade, .int(3), .int(4))])
        XCTAssertEqual(fx.student(n).grade, 4)
        XCTAssertEqual(fx.registry.lookup(.school(SchoolFx.xigongPrimary1, grade: 4)), [fx.id(n)])
        XCTAssertEqual(fx.registry.lookup(.school(SchoolFx.xigongPrimary1, grade: 3)), [])

        let six = fx.enrol(fx.person("六年级", .female, born: "2014-03-15", serial: 2), grade: 6)
        let e = assertRefused(.r8, fx.registry, "final grade") { try fx.registry.promote(six, on: day("2026-09-01")) }
        XCTAssertTrue(e?.message.contains("graduate") ?? false)
        let junior9 = fx.enrol(fx.person("初三", .male, born: "2011-03-15", serial: 3), at: SchoolFx.xigongJunior1, grade: 9)
        assertRefused(.r8, fx.registry, "grade 9") { try fx.registry.promote(junior9, on: day("2026-09-01")) }
        let senior12 = fx.enrol(fx.person("高三", .male, born: "2008-03-15", serial: 4), at: SchoolFx.luoyangNo1High, grade: 12)
        assertRefused(.r8, fx.registry, "grade 12") { try fx.registry.promote(senior12, on: day("2026-09-01")) }
        try! fx.registry.suspend(n, reason: "病休", on: day("2026-10-01"))
        assertRefused(.r8, fx.registry, "suspended") { try fx.registry.promote(n, on: day("2027-09-01")) }
    }

    // MARK: R9 — graduation

    func testR9OnlyTheFinalGradeGraduates() {
        let fx = Fixture()
        let five = fx.enrol(fx.person("五年级", .male, born: "2015-03-15", serial: 1), grade: 5)
        let e = assertRefused(.r9, fx.registry, "grade 5") { try fx.registry.graduate(five, on: day("2026-07-01")) }
        XCTAssertTrue(e?.message.contains("6") ?? false)
        let six = fx.enrol(fx.person("六年级", .female, born: "2014-03-15", serial: 2), grade: 6)
        let ev = assertAccepted(fx.registry) { try fx.registry.graduate(six, on: day("2026-07-01")) }
        XCTAssertEqual(ev.first?.changes, [FieldChange(.status, .text("active"), .text("graduated"))])
        XCTAssertEqual(fx.student(six).status, .graduated)
        XCTAssertEqual(fx.student(six).statusSince, day("2026-07-01"))
        assertRefused(.r9, fx.registry, "already graduated") { try fx.registry.graduate(six, on: day("2026-07-02")) }
        let nine = fx.enrol(fx.person("初三", .male, born: "2011-03-15", serial: 3), at: SchoolFx.xigongJunior1, grade: 9)
        try! fx.registry.suspend(nine, reason: "病休", on: day("2025-12-01"))
        assertRefused(.r9, fx.registry, "suspended grade 9") { try fx.registry.graduate(nine, on: day("2026-07-01")) }
        try! fx.registry.resume(nine, on: day("2026-03-01"))
        assertAccepted(fx.registry) { try fx.registry.graduate(nine, on: day("2026-07-01")) }
        let twelve = fx.enrol(fx.person("高三", .male, born: "2008-03-15", serial: 4), at: SchoolFx.luoyangNo1High, grade: 12)
        assertAccepted(fx.registry) { try fx.registry.graduate(twelve, on: day("2026-06-10")) }
    }

    // MARK: bulk counts

    func testBulkPromoteCountsChangedAndSkippedByRule() {
        let fx = Fixture()
        let a = grade3(fx, "甲", serial: 1), b = grade3(fx, "乙", serial: 2), c = grade3(fx, "丙", serial: 3)
        let six = fx.enrol(fx.person("六年级", .female, born: "2014-03-15", serial: 4), grade: 6)
        let susp = grade3(fx, "休学", serial: 5)
        try! fx.registry.suspend(susp, reason: "病休", on: day("2025-10-01"))
        let grad = fx.enrol(fx.person("已毕业", .male, born: "2014-03-15", serial: 5), grade: 6)
        try! fx.registry.graduate(grad, on: day("2026-06-30"))
        let wd = grade3(fx, "退学", serial: 6)
        try! fx.registry.withdraw(wd, reason: "出国", on: day("2025-10-01"))
        let late = grade3(fx, "后事件", serial: 7)
        try! fx.registry.record(late, .award, "三好学生", on: day("2026-09-02"))   // after the bulk date

        let ids = [a, b, c, six, susp, grad, wd, late].map(fx.id)
        let eventsBefore = fx.registry.eventCount
        let untouched = [six, susp, grad, wd, late].map { fx.student($0) }
        let r = try! fx.registry.promote(ids, on: day("2026-09-01"))
        XCTAssertEqual(r.changed, 3)
        XCTAssertEqual(r.skipped, [.r8: 4, .r16: 1])
        XCTAssertEqual(r.skippedTotal, 5)
        XCTAssertEqual(fx.registry.eventCount, eventsBefore + 3)
        XCTAssertEqual([a, b, c].map { fx.student($0).grade }, [4, 4, 4])
        XCTAssertEqual([six, susp, grad, wd, late].map { fx.student($0) }, untouched)
        XCTAssertEqual(fx.registry.lookup(.school(SchoolFx.xigongPrimary1, grade: 4)).count, 3)
        // Every promotion is an event with the effective date.
        for n in [a, b, c] {
            let last = fx.registry.history(of: fx.id(n)).last!
            XCTAssertEqual(last.kind, .promote)
            XCTAssertEqual(last.effective, day("2026-09-01"))
        }
        XCTAssertEqual(try fx.registry.promote([], on: day("2026-09-01")), BulkResult())
    }

    func testBulkGraduateCountsChangedAndSkippedByRule() {
        let fx = Fixture()
        let g1 = fx.enrol(fx.person("毕业一", .male, born: "2014-03-15", serial: 1), grade: 6)
        let g2 = fx.enrol(fx.person("毕业二", .female, born: "2011-03-15", serial: 2), at: SchoolFx.xigongJunior1, grade: 9)
        let four = fx.enrol(fx.person("四年级", .male, born: "2016-03-15", serial: 3), grade: 4)
        let eight = fx.enrol(fx.person("初二", .male, born: "2012-03-15", serial: 4), at: SchoolFx.xigongJunior1, grade: 8)
        let susp = fx.enrol(fx.person("休学六年级", .female, born: "2014-03-15", serial: 5), grade: 6)
        try! fx.registry.suspend(susp, reason: "病休", on: day("2025-10-01"))
        let early = fx.enrol(fx.person("日期早", .male, born: "2014-03-15", serial: 6), grade: 6, on: "2026-07-02")
        let r = try! fx.registry.graduate([g1, g2, four, eight, susp, early].map(fx.id), on: day("2026-07-01"))
        XCTAssertEqual(r.changed, 2)
        XCTAssertEqual(r.skipped, [.r9: 3, .r16: 1])
        XCTAssertEqual(fx.student(g1).status, .graduated)
        XCTAssertEqual(fx.student(g2).status, .graduated)
        XCTAssertEqual([four, eight, early].map { fx.student($0).status }, [.active, .active, .active])
        XCTAssertEqual(fx.student(susp).status, .suspended)
        // Graduating the graduates again: all skipped by R9.
        XCTAssertEqual(try fx.registry.graduate([g1, g2].map(fx.id), on: day("2026-07-02")).skipped, [.r9: 2])
    }

    func testBulkPromoteActsOnceOnAStudentListedTwice() throws {
        let fx = Fixture()
        let n = grade3(fx)
        let r = try fx.registry.promote([fx.id(n), fx.id(n), fx.id(n)], on: day("2026-09-01"))
        if fx.student(n).grade != 4 {
            XCTFail("engine bug: promote([id, id, id], on: 2026-09-01) of a grade-3 pupil promotes three times (grade \(fx.student(n).grade), changed \(r.changed)); expected one promotion (grade 4) and the repeats skipped or ignored")
        }
        XCTAssertEqual(r.changed, 1)
    }

    func testBulkIsUndoneByRollback() {
        let fx = Fixture()
        let ids = (1...5).map { grade3(fx, "学生\($0)", serial: $0) }.map(fx.id)
        let sp = fx.registry.savepoint()
        let snap = Snapshot(fx.registry)
        XCTAssertEqual(try fx.registry.promote(ids, on: day("2026-09-01")).changed, 5)
        fx.registry.rollback(to: sp)
        XCTAssertTrue(Snapshot(fx.registry) == snap)
    }

    // MARK: R12 — withdrawal

    func testR12WithdrawalNeedsAReasonAndAnEnrolledStudent() {
        let fx = Fixture()
        let n = grade3(fx)
        assertRefused(.r12, fx.registry, "no reason") { try fx.registry.withdraw(n, reason: " ", on: day("2025-10-01")) }
        let ev = assertAccepted(fx.registry) { try fx.registry.withdraw(n, reason: "随父母出国", on: day("2025-10-01")) }
        XCTAssertEqual(ev.first?.reason, "随父母出国")
        XCTAssertEqual(ev.first?.changes, [FieldChange(.status, .text("active"), .text("withdrawn"))])
        XCTAssertEqual(fx.student(n).status, .withdrawn)
        XCTAssertEqual(fx.student(n).statusSince, day("2025-10-01"))
        assertRefused(.r12, fx.registry, "already withdrawn") { try fx.registry.withdraw(n, reason: "重复", on: day("2025-10-02")) }
        // A suspended student can withdraw.
        let m = grade3(fx, "休学后退学", serial: 2)
        try! fx.registry.suspend(m, reason: "病休", on: day("2025-10-01"))
        assertAccepted(fx.registry) { try fx.registry.withdraw(m, reason: "病重退学", on: day("2025-12-01")) }
        // A graduate cannot withdraw.
        let g = fx.enrol(fx.person("毕业生", .female, born: "2014-03-15", serial: 3), grade: 6)
        try! fx.registry.graduate(g, on: day("2026-07-01"))
        assertRefused(.r12, fx.registry, "graduated") { try fx.registry.withdraw(g, reason: "x", on: day("2026-07-02")) }
    }

    // MARK: R13 — suspension and resumption

    func testR13SuspensionNeedsAReasonAndOnlySuspendedResume() {
        let fx = Fixture()
        let n = grade3(fx)
        assertRefused(.r13, fx.registry, "resume active") { try fx.registry.resume(n, on: day("2025-10-01")) }
        assertRefused(.r13, fx.registry, "no reason") { try fx.registry.suspend(n, reason: "", on: day("2025-10-01")) }
        assertRefused(.r13, fx.registry, "blank reason") { try fx.registry.suspend(n, reason: "\u{3000}", on: day("2025-10-01")) }
        let ev = assertAccepted(fx.registry) { try fx.registry.suspend(n, reason: "因病休学", on: day("2025-10-01")) }
        XCTAssertEqual(ev.first?.reason, "因病休学")
        XCTAssertEqual(fx.student(n).status, .suspended)
        XCTAssertEqual(fx.student(n).statusSince, day("2025-10-01"))
        assertRefused(.r13, fx.registry, "suspend suspended") { try fx.registry.suspend(n, reason: "再次", on: day("2025-10-02")) }
        let ev2 = assertAccepted(fx.registry) { try fx.registry.resume(n, on: day("2026-03-01"), reason: "病愈复学") }
        XCTAssertEqual(ev2.first?.changes, [FieldChange(.status, .text("suspended"), .text("active"))])
        XCTAssertEqual(fx.student(n).status, .active)
        XCTAssertEqual(fx.student(n).statusSince, day("2026-03-01"))
        try! fx.registry.withdraw(n, reason: "出国", on: day("2026-04-01"))
        assertRefused(.r13, fx.registry, "resume withdrawn") { try fx.registry.resume(n, on: day("2026-05-01")) }
        assertRefused(.r13, fx.registry, "suspend withdrawn") { try fx.registry.suspend(n, reason: "x", on: day("2026-05-01")) }
    }

    // MARK: R14 — every change is an event with date, recorded time, actor and reason

    func testR14EveryChangeLeavesACompleteEvent() throws {
        let fx = Fixture()
        let r = fx.registry
        var expectedKinds: [EventKind] = []
        func check(_ kind: EventKind, effective: String, reason: String?, actor: String, _ op: () throws -> Void,
                   line: UInt = #line) {
            let readsBefore = fx.clock.reads
            let ev = assertAccepted(r, "\(kind)", line: line, op)
            XCTAssertEqual(ev.count, 1, line: line)
            guard let e = ev.first else { return }
            expectedKinds.append(kind)
            XCTAssertEqual(e.kind, kind, line: line)
            XCTAssertEqual(e.effective, day(effective), line: line)
            XCTAssertEqual(e.recordedAt, fx.clock.now, "recorded time comes from the injected clock", line: line)
            XCTAssertEqual(fx.clock.reads, readsBefore + 1, line: line)
            XCTAssertEqual(e.actor, actor, line: line)
            XCTAssertEqual(e.reason, reason, line: line)
            XCTAssertEqual(e.sequence, r.eventCount - 1, line: line)
        }
        let p = fx.person("全流程", .female, born: "2014-03-15", serial: 1)
        var n = RegistryNumber(rawValue: 0)
        check(.enrol, effective: "2025-09-01", reason: "插班", actor: "教务处王老师") {
            n = try r.enrol(p, at: SchoolFx.xigongPrimary1, grade: 6, on: day("2025-09-01"), reason: "插班").number
        }
        r.actor = "西工区教育局李科长"
        check(.transfer, effective: "2025-10-01", reason: "搬家", actor: "西工区教育局李科长") {
            try r.transfer(n, to: SchoolFx.xigongPrimary2, on: day("2025-10-01"), reason: "搬家")
        }
        check(.suspend, effective: "2025-11-01", reason: "病休", actor: "西工区教育局李科长") {
            try r.suspend(n, reason: "病休", on: day("2025-11-01"))
        }
        check(.resume, effective: "2026-02-01", reason: nil, actor: "西工区教育局李科长") { try r.resume(n, on: day("2026-02-01")) }
        check(.correct, effective: "2026-03-01", reason: "录入错误", actor: "西工区教育局李科长") {
            try r.correct(n, set: [(.ethnicity, .text("回族"))], reason: "录入错误", on: day("2026-03-01"))
        }
        check(.record, effective: "2026-04-01", reason: nil, actor: "西工区教育局李科长") {
            try r.record(n, .award, "区级三好学生", on: day("2026-04-01"))
        }
        check(.graduate, effective: "2026-07-01", reason: nil, actor: "西工区教育局李科长") { try r.graduate(n, on: day("2026-07-01")) }
        check(.enrol, effective: "2026-09-01", reason: nil, actor: "西工区教育局李科长") {
            try r.enrol(n, at: SchoolFx.xigongJunior1, grade: 7, on: day("2026-09-01"))
        }
        check(.promote, effective: "2027-09-01", reason: nil, actor: "西工区教育局李科长") { try r.promote(n, on: day("2027-09-01")) }
        check(.withdraw, effective: "2027-10-01", reason: "出国", actor: "西工区教育局李科长") {
            try r.withdraw(n, reason: "出国", on: day("2027-10-01"))
        }
        // The growth record keeps its kind and text.
        let rec = r.history(of: fx.id(n)).first { $0.kind == .record }!
        XCTAssertEqual(rec.growth, .award)
        XCTAssertEqual(rec.text, "区级三好学生")
        // History lists the same events in order; recorded times strictly increase.
        let h = r.history(of: fx.id(n))
        XCTAssertEqual(h.map(\.kind), expectedKinds)
        XCTAssertEqual(h.map(\.sequence), Array(0..<r.eventCount))
        XCTAssertEqual(h.map(\.recordedAt), h.map(\.recordedAt).sorted())
        XCTAssertEqual(Set(h.map(\.recordedAt)).count, h.count)
        // An omitted date means today.
        r.today = day("2027-11-01")
        try r.record(n, .activity, "志愿服务")
        XCTAssertEqual(r.event(at: r.eventCount - 1).effective, day("2027-11-01"))
    }

    func testR14RefusedChangesLeaveNoEventAndDoNotReadTheClock() {
        let fx = Fixture()
        let n = grade3(fx)
        let reads = fx.clock.reads
        let events = fx.registry.eventCount
        let db = MemoryDatabase(fx.registry)
        assertRefused(.r16, fx.registry) { try db.change { try $0.promote(n, on: day("2025-08-01")) } }
        assertRefused(.r13, fx.registry) { try db.change { try $0.suspend(n, reason: "", on: day("2025-10-01")) } }
        assertRefused(.r7, fx.registry) { _ = try db.change { try $0.transfer(n, to: SchoolFx.xigongJunior1, on: day("2025-10-01")) } }
        XCTAssertEqual(fx.clock.reads, reads)
        XCTAssertEqual(fx.registry.eventCount, events, "a refusal records nothing")
        try! db.change { try $0.promote(n, on: day("2026-09-01")) }
        XCTAssertEqual(fx.registry.eventCount, events + 1, "an accepted change is recorded once")
    }

    // MARK: R16 — timeline

    func testR16EveryOperationRefusesDatesBeforeThePreviousEvent() {
        let fx = Fixture()
        let r = fx.registry
        let n = fx.enrol(fx.person("时间线", .male, born: "2014-03-15", serial: 1), grade: 5, on: "2025-09-01")
        try! r.record(n, .health, "体检合格", on: day("2025-10-01"))
        let before = day("2025-09-30")
        assertRefused(.r16, r, "transfer") { try r.transfer(n, to: SchoolFx.xigongPrimary2, on: before) }
        assertRefused(.r16, r, "promote") { try r.promote(n, on: before) }
        assertRefused(.r16, r, "suspend") { try r.suspend(n, reason: "病休", on: before) }
        assertRefused(.r16, r, "withdraw") { try r.withdraw(n, reason: "出国", on: before) }
        assertRefused(.r16, r, "record") { try r.record(n, .award, "奖", on: before) }
        assertRefused(.r16, r, "correct") { try r.correct(n, set: [(.name, .text("时间"))], reason: "更正", on: before) }
        assertRefused(.r16, r, "before birth") { try r.record(n, .award, "奖", on: day("2014-03-14")) }
        // Same day as the previous event is fine.
        assertAccepted(r) { try r.promote(n, on: day("2025-10-01")) }
        assertRefused(.r16, r, "graduate") { try r.graduate(n, on: day("2025-09-30")) }
        try! r.suspend(n, reason: "病休", on: day("2025-11-01"))
        assertRefused(.r16, r, "resume") { try r.resume(n, on: day("2025-10-31")) }
        assertAccepted(r) { try r.resume(n, on: day("2025-11-01")) }
    }
}
