import XCTest
@testable import Registry

/// Issue 13, item 2 (first part): requests and approvals (R19), one open request per student
/// (R20), deadlines in working days (R21); journalled, signed, and kept in the image.
/// A governed registry on disk, with actors for each party (shared by the tests of requests
/// and of issue 17's governed changes).
class GovernedStorageTestCase: StorageTestCase {
    var keys: [ActorName: SigningKey] = [:]
    let national = ActorName.national
    let c303 = ActorName("county:410303")!, c305 = ActorName("county:410305")!
    let s1 = ActorName("school:4103030001")!, s5 = ActorName("school:4103050001")!
    let hubei = ActorName("province:42")!, s42 = ActorName("school:4201020001")!, c42 = ActorName("county:420102")!
    let henan = ActorName("province:41")!

    static let jianxi = School(code: SchoolCode("4103050001")!, name: "涧西区第一小学", stage: .primary, district: DistrictCode("410305")!)
    static let wuhan = School(code: SchoolCode("4201020001")!, name: "武汉市江岸区第一小学", stage: .primary, district: DistrictCode("420102")!)

    /// Schools in two counties of Henan and one in Hubei; the students of `populate`; actors
    /// for each party. The registry's today is a Monday.
    func governed() throws -> DiskDatabase {
        let db = try open()
        try populate(db, students: 6)
        try db.change { try $0.addSchool(Self.jianxi) }
        try db.change { try $0.addSchool(Self.wuhan) }
        for a in [national, henan, hubei, c303, c305, c42, s1, s5, s42] { keys[a] = SigningKey() }
        act(national, db)
        try db.change { try $0.addActor(self.national, title: "教育部", key: self.keys[self.national]!.publicKey, by: nil, presenting: self.keys[self.national]!.publicKey) }
        for a in [henan, hubei, c303, c305, c42, s1, s5, s42] {
            try db.change { try $0.addActor(a, title: "\(a)", key: self.keys[a]!.publicKey, by: self.national, presenting: nil) }
        }
        return db
    }

    func act(_ a: ActorName, _ db: DiskDatabase) {
        db.signer = (a, keys[a]!)
        db.registry.scope = a
        db.registry.actor = a.description
    }

    func number(_ db: DiskDatabase, _ i: Int) -> RegistryNumber { db.registry.student(db.registry.allStudents[i]).number }

    func rule(_ body: () throws -> Void) -> Rule? {
        do { try body(); return nil } catch { return (error as? RegistryError)?.rule }
    }

}

final class RequestTests: GovernedStorageTestCase {
    func testATransferWithinAProvinceTakesFourStepsInOrder() throws {
        let db = try governed()
        let n = number(db, 3)
        let change = PendingChange(.transfer, student: n, school: Self.jianxi.code, day: today, reason: "随父母搬家")
        act(s5, db)
        XCTAssertEqual(try db.registry.approvers(of: change, startedBy: s5), [c305, s1, c303])
        let r = try db.change { try $0.startRequest(change, by: self.s5) }!
        XCTAssertEqual(r.number, 1)
        XCTAssertEqual(db.registry.student(db.registry.find(n)!).schoolIndex, 0, "a request changes nothing yet")
        // Only the awaited party, in order (R19).
        for wrong in [s1, c303, s5] {
            act(wrong, db)
            XCTAssertEqual(rule { try db.change { _ = try $0.approve(1, by: wrong) } }, .r19, "\(wrong)")
        }
        // R20: nothing else reaches the student meanwhile, but a growth record.
        act(s1, db)
        XCTAssertEqual(rule { try db.change { try $0.suspend(n, reason: "生病", on: self.today) } }, .r20)
        XCTAssertEqual(rule { try db.change { _ = try $0.startRequest(PendingChange(.withdraw, student: n, day: self.today, reason: "出国"), by: self.s1) } }, .r20)
        try db.change { try $0.record(n, .award, "三好学生", on: self.today) }
        for party in [c305, s1, c303] {
            act(party, db)
            try db.change { _ = try $0.approve(1, by: party) }
        }
        let done = db.registry.request(1)!
        XCTAssertEqual(done.status, .done)
        XCTAssertEqual(done.steps.map(\.actor), [s5, c305, s1, c303])
        let s = db.registry.student(db.registry.find(n)!)
        XCTAssertEqual(db.registry.school(at: s.schoolIndex).code, Self.jianxi.code)
        XCTAssertEqual(db.registry.history(of: db.registry.find(n)!).last?.actor, "school:4103050001", "recorded as the starter's")
        XCTAssertTrue(db.verify().ok, db.verify().description)
        // Kept across reopen: from the journal, then from the image.
        db.close()
        for checkpointFirst in [false, true] {
            let again = try open()
            XCTAssertEqual(again.registry.requests, done.number == 1 ? [done] : [])
            if checkpointFirst { XCTAssertEqual(again.eventsAfterSnapshot, 0) }
            again.signer = (national, keys[national]!)
            try again.checkpoint()
            again.close()
        }
    }

    func testATransferAcrossProvincesTakesSixSteps() throws {
        let db = try governed()
        let change = PendingChange(.transfer, student: number(db, 0), school: Self.wuhan.code, day: today)
        XCTAssertEqual(try db.registry.approvers(of: change, startedBy: s42), [c42, hubei, s1, c303, henan])
        // A bureau's own scope approves its steps.
        XCTAssertEqual(try db.registry.approvers(of: PendingChange(.suspend, student: number(db, 0), day: today, reason: "x"), startedBy: c303), [])
        XCTAssertEqual(try db.registry.approvers(of: change, startedBy: national), [])
    }

    func testRejectCancelAndARefusalAtTheLastApproval() throws {
        let db = try governed()
        let n0 = number(db, 0), n1 = number(db, 1)
        act(s1, db)
        _ = try db.change { try $0.startRequest(PendingChange(.suspend, student: n0, day: self.today, reason: "生病"), by: self.s1) }
        _ = try db.change { try $0.startRequest(PendingChange(.correct, student: n1, day: self.today, reason: "户口本为准",
                                                               corrections: [.init(.name, .text("王晓明"))]), by: self.s1) }
        XCTAssertNil(try db.change { try $0.startRequest(PendingChange(.correct, student: n1, day: self.today, reason: "x",
                                                                       corrections: [.init(.class, .int(9))]), by: self.s1) },
                     "a correction of a field that needs no approval is made at once")
        act(c303, db)
        XCTAssertEqual(rule { try db.change { _ = try $0.reject(1, by: self.c303, reason: "  ") } }, .r19, "a rejection needs a reason")
        try db.change { _ = try $0.reject(1, by: self.c303, reason: "材料不全") }
        XCTAssertEqual(db.registry.request(1)?.status, .rejected)
        XCTAssertEqual(db.registry.student(db.registry.find(n0)!).status, .active, "the student is unchanged")
        XCTAssertEqual(rule { try db.change { _ = try $0.cancel(2, by: self.c303) } }, .r19, "only the starter cancels")
        act(s1, db)
        try db.change { _ = try $0.cancel(2, by: self.s1) }
        XCTAssertEqual(db.registry.request(2)?.status, .cancelled)
        // The rules are checked again at the last approval: a suspension dated before an event
        // recorded meanwhile (a growth record is allowed while the request is open) is refused.
        _ = try db.change { try $0.startRequest(PendingChange(.suspend, student: n0, day: self.today, reason: "生病"), by: self.s1) }
        act(national, db)
        XCTAssertEqual(rule { try db.change { try $0.withdraw(n0, reason: "出国", on: self.today) } }, .r20)
        db.registry.today = today.adding(days: 5)
        try db.change { try $0.record(n0, .award, "三好学生", on: self.today.adding(days: 5)) }
        act(c303, db)
        _ = try db.change { try $0.approve(3, by: self.c303) }
        XCTAssertEqual(db.registry.request(3)?.status, .refused)
        XCTAssertTrue(db.registry.request(3)?.note?.contains("R16") ?? false, db.registry.request(3)?.note ?? "")
        XCTAssertEqual(db.registry.student(db.registry.find(n0)!).status, .active)
        XCTAssertTrue(db.verify().ok, db.verify().description)
    }

    func testDeadlinesCountWorkingDaysLessHolidaysPlusWorkdays() throws {
        let db = try governed()
        let monday = Day(year: 2014, month: 9, day: 29)!              // a Monday
        XCTAssertEqual(db.registry.dueDay(after: monday), Day(year: 2014, month: 10, day: 13)!)
        act(c303, db)
        XCTAssertEqual(rule { try db.change { try $0.addWorkday(Day(year: 2014, month: 10, day: 11)!) } }, .r18, "a county keeps no calendar")
        act(national, db)
        try db.change { try $0.addHoliday(from: Day(year: 2014, month: 10, day: 1)!, to: Day(year: 2014, month: 10, day: 7)!, name: "国庆节") }
        try db.change { try $0.addWorkday(Day(year: 2014, month: 10, day: 11)!) }
        // 30 Sep (1), 8–10 Oct (2–4), Sat 11 Oct (5), 13–17 Oct (6–10).
        XCTAssertEqual(db.registry.dueDay(after: monday), Day(year: 2014, month: 10, day: 17)!)
        XCTAssertFalse(db.registry.isWorkingDay(Day(year: 2014, month: 10, day: 1)!))
        XCTAssertTrue(db.registry.isWorkingDay(Day(year: 2014, month: 10, day: 11)!))
        db.close()
        let again = try open()
        XCTAssertEqual(again.registry.dueDay(after: monday), Day(year: 2014, month: 10, day: 17)!, "the calendar is journalled")
    }

    func testVoidingARegistrationNeedsTheCountyAndSurvivesReopening() throws {
        let db = try governed()
        let n = number(db, 4)                                    // an L number (no ID number)
        act(s1, db)
        let r = try db.change { try $0.startRequest(PendingChange(.void, student: n, day: self.today, reason: "重复录入"), by: self.s1) }!
        XCTAssertEqual(r.parties, [c303])
        XCTAssertFalse(db.registry.hasVoidedStudents)
        act(c303, db)
        try db.change { _ = try $0.approve(r.number, by: self.c303) }
        XCTAssertEqual(db.registry.student(db.registry.find(n)!).status, .voided)
        XCTAssertTrue(db.registry.hasVoidedStudents)
        try db.checkpoint()
        db.close()
        let again = try open()
        XCTAssertEqual(again.registry.voidedCount, 1, "from the image")
        again.close()
        try FileManager.default.removeItem(atPath: snapshotPath)
        let replayed = try open(readOnly: true)
        XCTAssertEqual(replayed.registry.voidedCount, 1, "from the journal")
        XCTAssertTrue(replayed.verify().ok, replayed.verify().description)
    }

    /// A students file in the import columns, one row per (ID number, name, school).
    func csv(_ rows: [(String, String, String)]) throws -> String {
        var text = StudentColumn.allCases.filter(\.isRequired).map(\.english).joined(separator: ",") + "\n"
        for (id, name, school) in rows { text += "\(id),\(name),M,2017-03-15,汉族,410303,\(school),1,2024-09-01\n" }
        let path = dir + "/import-\(rows.count)-\(rows.first?.1 ?? "").csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testASchoolsImportIsOneRequestApprovedWholeByItsCounty() throws {
        let db = try governed()
        let a = Self.idCard(birth: Day("2017-03-15")!, seq: 101), b = Self.idCard(birth: Day("2017-03-15")!, seq: 103)
        let before = db.registry.allStudents.count
        let path = try csv([(a, "新生甲", "4103030001"), (b, "新生乙", "4103030001")])
        act(s1, db)
        let change = try db.registry.importChange(fromFile: path, by: s1)
        XCTAssertEqual(try db.registry.approvers(of: change, startedBy: s1), [c303])
        let r = try db.change { try $0.startRequest(change, by: self.s1) }!
        XCTAssertEqual(r.change.file?.students, 2)
        XCTAssertEqual(db.registry.allStudents.count, before, "nothing imported yet")
        // R1 counts the open import's children: neither another import nor an enrolment of them.
        let again = try csv([(b, "新生乙", "4103030001")])
        XCTAssertEqual(rule { _ = try db.change { try $0.startRequest(try $0.importChange(fromFile: again, by: self.s1), by: self.s1) } }, .r1)
        let child = NewStudent(name: "新生甲", gender: .male, birth: Day("2017-03-15")!, idCard: a, ethnicity: "汉族", hukou: DistrictCode("410303"))
        XCTAssertEqual(rule { _ = try db.change { try $0.startRequest(PendingChange(.enrolNew, school: Self.primary.code, grade: 1, day: self.today, newStudent: child), by: self.s1) } }, .r1)
        // The request carries the file: what the county approves is what was sent.
        try FileManager.default.removeItem(atPath: path)
        act(c303, db)
        let done = try db.change { try $0.approve(r.number, by: self.c303) }
        XCTAssertEqual(done.status, .done)
        XCTAssertEqual(db.registry.allStudents.count, before + 2)
        let id = db.registry.allStudents.last!
        XCTAssertEqual(db.registry.history(of: id).first?.actor, "school:4103030001", "recorded as the school's")
        // Across reopen the request keeps its file.
        db.close()
        let reopened = try open()
        XCTAssertEqual(reopened.registry.requests.first?.change.file?.students, 2)
        XCTAssertEqual(reopened.registry.requests.first?.change.file?.bytes.count, done.change.file?.bytes.count)
        XCTAssertTrue(reopened.verify().ok, reopened.verify().description)
    }

    func testAnImportIsRefusedWholeOrRejectedWhole() throws {
        let db = try governed()
        let a = Self.idCard(birth: Day("2017-03-15")!, seq: 105), b = Self.idCard(birth: Day("2017-03-15")!, seq: 107)
        let before = db.registry.allStudents.count
        act(s1, db)
        // A row for another school: the school imports into itself only (R18); no request opens.
        let mixed = try csv([(a, "新生丙", "4103030001"), (b, "新生丁", "4103050001")])
        XCTAssertThrowsError(try db.change { try $0.startRequest(try $0.importChange(fromFile: mixed, by: self.s1), by: self.s1) }) { e in
            XCTAssertTrue("\(e)".contains("[R18]"), "\(e)")
        }
        XCTAssertEqual(db.registry.requests.count, 0)
        // Rejected: nothing imported.
        let good = try csv([(a, "新生丙", "4103030001")])
        let r = try db.change { try $0.startRequest(try $0.importChange(fromFile: good, by: self.s1), by: self.s1) }!
        act(c303, db)
        try db.change { _ = try $0.reject(r.number, by: self.c303, reason: "材料不全") }
        XCTAssertEqual(db.registry.allStudents.count, before)
        // Refused at the last approval when a row no longer passes (the child was registered
        // meanwhile, by the county itself): nothing imported, the request says why.
        act(s1, db)
        let r2 = try db.change { try $0.startRequest(try $0.importChange(fromFile: good, by: self.s1), by: self.s1) }!
        act(c303, db)
        let child = NewStudent(name: "新生丙", gender: .male, birth: Day("2017-03-15")!, idCard: a, ethnicity: "汉族", hukou: DistrictCode("410303"))
        _ = try db.change { try $0.enrol(child, at: Self.primary.code, grade: 1, class: nil, on: self.today) }
        let refused = try db.change { try $0.approve(r2.number, by: self.c303) }
        XCTAssertEqual(refused.status, .refused)
        XCTAssertTrue(refused.note?.contains("[R1]") ?? false, refused.note ?? "")
        XCTAssertEqual(db.registry.allStudents.count, before + 1)
        // A county imports into its schools at once: no request.
        let c = try csv([(b, "新生丁", "4103030001")])
        XCTAssertEqual(try db.registry.approvers(of: try db.registry.importChange(fromFile: c, by: c303), startedBy: c303), [])
    }
}
