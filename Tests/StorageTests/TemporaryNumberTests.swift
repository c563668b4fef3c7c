import XCTest
@testable import Registry

/// Issue 15, item 3 (R3, R11): a student registered under an L number who gets an ID number is
/// issued the G number; the L number stays an alias that finds the student, the history shows
/// the change, `as of` before it shows the L number, and all of it survives reopening (journal
/// replay and snapshot), a rolled-back transaction and verify.
final class TemporaryNumberTests: StorageTestCase {
    let birth = Day(year: 2016, month: 3, day: 15)!

    func enrolWithoutID(_ db: DiskDatabase, name: String = "无证") throws -> RegistryNumber {
        let p = NewStudent(name: name, gender: .male, birth: birth, idCard: nil, ethnicity: "汉族", hukou: DistrictCode("410303"))
        let r: EnrolResult = try db.change { try $0.enrol(p, at: Self.primary.code, grade: 1, on: Day(year: 2023, month: 9, day: 1)!) }
        return r.number
    }

    func testAnIDNumberIssuesTheGNumberAndTheLNumberStaysAnAlias() throws {
        let db = try open()
        try db.change { try $0.addSchool(Self.primary) }
        let l = try enrolWithoutID(db)
        XCTAssertEqual(l.kind, .l)
        let id = Self.idCard(birth: birth, seq: 11)
        let g = RegistryNumber("G" + id)!
        try db.change { try $0.correct(l, set: [(.id_card, .text(id))], reason: "补录身份证号", on: Day(year: 2024, month: 3, day: 1)!) }
        func check(_ reg: Registry, _ what: String) throws {
            let s = try XCTUnwrap(reg.find(l), what)
            XCTAssertEqual(reg.find(g), s, what)
            XCTAssertEqual(reg.student(s).number, g, what)
            XCTAssertEqual(reg.student(s).idCard?.description, id, what)
            let last = try XCTUnwrap(reg.history(of: s).last { $0.kind == .correct }, what)
            XCTAssertEqual(last.changes.map(\.field), [.id_card, .no], what)
            XCTAssertEqual(last.changes.last?.before, .text(l.description), what)
            XCTAssertEqual(reg.student(s, asOf: Day(year: 2024, month: 2, day: 1)!)?.number, l, "as of before: \(what)")
            XCTAssertEqual(reg.student(s, asOf: Day(year: 2024, month: 3, day: 1)!)?.number, g, "as of after: \(what)")
        }
        try check(db.registry, "at once")
        // A later event names the student by either number.
        try db.change { try $0.suspend(l, reason: "病休", on: Day(year: 2024, month: 4, day: 1)!) }
        try db.change { try $0.resume(g, on: Day(year: 2024, month: 5, day: 1)!) }
        db.close()
        let again = try open()
        try check(again.registry, "after a journal replay")
        XCTAssertTrue(again.verify().problems.isEmpty, "\(again.verify().problems)")
        try again.checkpoint()
        again.close()
        let third = try open()
        try check(third.registry, "after a snapshot")
        XCTAssertTrue(third.verify().problems.isEmpty, "\(third.verify().problems)")
        third.close()
    }

    func testARolledBackCorrectionGivesTheLNumberBack() throws {
        let db = try open()
        try db.change { try $0.addSchool(Self.primary) }
        let l = try enrolWithoutID(db)
        let id = Self.idCard(birth: birth, seq: 11)
        try db.begin()
        try db.change { try $0.correct(l, set: [(.id_card, .text(id))], reason: "补录", on: Day(year: 2024, month: 3, day: 1)!) }
        XCTAssertEqual(db.registry.find(l).map { db.registry.student($0).number.kind }, .g)
        _ = try db.rollback()
        let s = try XCTUnwrap(db.registry.find(l))
        XCTAssertEqual(db.registry.student(s).number, l)
        XCTAssertNil(db.registry.find(RegistryNumber("G" + id)!), "the G number was not issued")
        XCTAssertNil(db.registry.student(s).idCard)
    }

    func testTheIDNumberMustBeFreeR1() throws {
        let db = try open()
        try db.change { try $0.addSchool(Self.primary) }
        let id = Self.idCard(birth: birth, seq: 11)
        _ = try db.change { try $0.enrol(NewStudent(name: "有证", gender: .male, birth: self.birth, idCard: id, ethnicity: "汉族",
                                                    hukou: DistrictCode("410303")), at: Self.primary.code, grade: 1,
                                         on: Day(year: 2023, month: 9, day: 1)!) }
        let l = try enrolWithoutID(db, name: "重复")
        XCTAssertThrowsError(try db.change { try $0.correct(l, set: [(.id_card, .text(id))], reason: "补录") }) { e in
            XCTAssertEqual((e as? RegistryError)?.rule, .r1)
        }
        XCTAssertEqual(db.registry.find(l).map { db.registry.student($0).number }, l, "nothing changed")
        // The G number is another student's, whose ID was corrected away: it is not issued twice;
        // the L student keeps its number and the duplicate check lists the pair (R17).
        let twin = Self.idCard(birth: birth, seq: 15)
        let holder = RegistryNumber("G" + id)!
        try db.change { try $0.correct(holder, set: [(.id_card, .text(twin))], reason: "录成了双胞胎的号码") }
        try db.change { try $0.correct(l, set: [(.id_card, .text(id))], reason: "补录") }
        XCTAssertEqual(db.registry.find(l).map { db.registry.student($0).number }, l, "kept its L number")
        XCTAssertEqual(db.registry.sameIDUnderTwoNumbers().map(\.0.description), [id])
        // A G student whose ID is corrected keeps its number (R3).
        let g = RegistryNumber("G" + id)!
        let other = Self.idCard(birth: birth, seq: 13)
        try db.change { try $0.correct(g, set: [(.id_card, .text(other))], reason: "号码录错") }
        XCTAssertEqual(db.registry.find(g).map { db.registry.student($0).number }, g)
    }
}
