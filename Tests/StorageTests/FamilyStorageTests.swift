import XCTest
@testable import Registry

/// Issue 17 on disk: the family answers and the confirmations survive the journal (replay),
/// the registry image (snapshot) and `verify`; a governed enrolment carries the answers through
/// its request; a confirmation and a change of either answer need no approval.
final class FamilyStorageTests: GovernedStorageTestCase {
    /// Enrols two children with answers, confirms one, corrects the other's answer and a key
    /// field of the first; returns their numbers.
    func family(_ db: RegistryDatabase) throws -> (RegistryNumber, RegistryNumber) {
        let birth = Day(year: 2017, month: 3, day: 15)!
        let a = try db.change {
            try $0.enrol(NewStudent(name: "王浩", gender: .male, birth: birth, idCard: Self.idCard(birth: birth, seq: 901),
                                    hukou: DistrictCode("410303"), migrant: .yes, leftBehind: .no),
                         at: Self.primary.code, grade: 1, on: Day(year: 2023, month: 9, day: 1)!)
        }.number
        let b = try db.change {
            try $0.enrol(NewStudent(name: "李梦", gender: .female, birth: birth, leftBehind: .yes),
                         at: Self.primary.code, grade: 1, on: Day(year: 2023, month: 9, day: 1)!)
        }.number
        try db.change { try $0.confirm(a, guardian: "王建国", relation: "父亲", on: Day(year: 2023, month: 9, day: 5)!) }
        try db.change { try $0.confirm(b, guardian: "李秀英", relation: "祖母", on: Day(year: 2023, month: 9, day: 6)!) }
        try db.change { try $0.correct(b, set: [(.leftBehind, .text("no")), (.migrant, .text("no"))], reason: "父母返乡", on: Day(year: 2024, month: 3, day: 1)!) }
        try db.change { try $0.correct(a, set: [(.name, .text("王皓"))], reason: "户口簿", on: Day(year: 2024, month: 3, day: 2)!) }
        return (a, b)
    }

    func assertFamily(_ reg: Registry, _ a: RegistryNumber, _ b: RegistryNumber, file: StaticString = #filePath, line: UInt = #line) throws {
        let sa = try reg.student(a), sb = try reg.student(b)
        XCTAssertEqual([sa.migrant, sa.leftBehind, sb.migrant, sb.leftBehind], [.yes, .no, .no, .no], file: file, line: line)
        XCTAssertEqual(reg.awaitingConfirmation(sa.id), AwaitedConfirmation(since: Day(year: 2024, month: 3, day: 2)!, corrected: [.name]),
                       file: file, line: line)
        XCTAssertNil(reg.awaitingConfirmation(sb.id), file: file, line: line)
        let confirmation = try XCTUnwrap(reg.history(of: sb.id).first { $0.kind == .confirm }, file: file, line: line)
        XCTAssertEqual([confirmation.text, confirmation.relation], ["李秀英", "祖母"], file: file, line: line)
        XCTAssertNil(reg.student(sb.id, asOf: Day(year: 2023, month: 9, day: 1)!)?.migrant, file: file, line: line)
        XCTAssertEqual(reg.student(sb.id, asOf: Day(year: 2023, month: 9, day: 1)!)?.leftBehind, .yes, file: file, line: line)
    }

    func testAnswersAndConfirmationsSurviveReplayTheImageAndVerify() throws {
        let db = try open()
        try db.change { try $0.addSchool(Self.primary) }
        let (a, b) = try family(db)
        try assertFamily(db.registry, a, b)
        let before = image(db.registry)
        db.close()

        // From the journal alone (no image yet).
        let replayed = try open()
        try assertFamily(replayed.registry, a, b)
        XCTAssertEqual(image(replayed.registry).0, before.0)
        XCTAssertEqual(image(replayed.registry).1, before.1)
        try replayed.checkpoint()
        replayed.close()

        // From the image, mapped.
        let mapped = try open()
        try assertFamily(mapped.registry, a, b)
        XCTAssertTrue(mapped.verify().problemIDs.isEmpty, "\(mapped.verify().problemIDs)")
        // A change after the open: a mapped row is changed in place, the rest appended.
        try mapped.change { try $0.confirm(a, guardian: "王建国", relation: "父亲", on: Day(year: 2024, month: 3, day: 3)!) }
        XCTAssertNil(mapped.registry.awaitingConfirmation(try mapped.registry.student(a).id))
        XCTAssertTrue(mapped.verify().problemIDs.isEmpty, "\(mapped.verify().problemIDs)")
        mapped.close()
    }

    func testAJournalEntryWithoutAnswersIsWrittenAsBefore() throws {
        // A first enrolment without answers writes the row as earlier builds did (tag 1); with
        // answers, tag 2 and the family byte after the row.
        let plain = JournalEntry.NewRow(idCard: 0, name: "张三", gender: 0, birth: 0, ethnicity: "", hukou: 0, school: 1, grade: 1, klass: 0)
        var withAnswers = plain
        withAnswers.family = StudentRow.family(migrant: .yes, leftBehind: .no)
        func encoded(_ row: JournalEntry.NewRow) -> [UInt8] {
            let record = JournalEntry.Record(kind: .enrol, detail: 1, student: 1, day: 0, recordedAt: 0, actor: "", text: "", extra: "",
                                             changes: [], newRow: row)
            var w = ByteWriter()
            JournalEntry(label: "enrol", day: 0, recordedAt: 0, schools: [], events: [record]).encode(into: &w)
            return w.bytes
        }
        XCTAssertEqual(encoded(withAnswers).count, encoded(plain).count + 1)
        for row in [plain, withAnswers] {
            let bytes = encoded(row)
            let decoded = try bytes.withUnsafeBytes { b in var r = ByteReader(b); return try JournalEntry.decode(&r) }
            XCTAssertEqual(decoded.events.first?.newRow, row)
        }
    }

    func testAGovernedEnrolmentCarriesTheAnswersThroughItsRequest() throws {
        let db = try governed()
        act(s1, db)
        let birth = Day(year: 2018, month: 5, day: 1)!
        let child = NewStudent(name: "随迁生", gender: .male, birth: birth, idCard: Self.idCard(birth: birth, seq: 911),
                               hukou: DistrictCode("410303"), migrant: .yes, leftBehind: .no)
        let change = PendingChange(.enrolNew, school: Self.primary.code, grade: 1, day: today, newStudent: child)
        let r = try XCTUnwrap(try db.change { try $0.startRequest(change, by: self.s1) })
        db.close()
        let again = try open()
        XCTAssertEqual(again.registry.requests.first { $0.number == r.number }?.change.newStudent, child, "the request's child survives the journal")
        act(c303, again)
        _ = try again.change { try $0.approve(r.number, by: self.c303) }
        let n = RegistryNumber(idCard: IDCardNumber(Self.idCard(birth: birth, seq: 911))!)
        XCTAssertEqual(try again.registry.student(n).migrant, .yes)
        XCTAssertEqual(try again.registry.student(n).leftBehind, .no)

        // The school confirms and changes an answer at once: neither is a key field.
        act(s1, again)
        try again.change { try $0.confirm(n, guardian: "王建国", relation: "父亲") }
        try again.change { try $0.correct(n, set: [(.leftBehind, .text("yes"))], reason: "母亲外出务工") }
        XCTAssertEqual(try again.registry.student(n).leftBehind, .yes)
        XCTAssertTrue(again.registry.requests.allSatisfy { $0.status != .open }, "no request opened")
        // R18: another school's actor confirms nothing here.
        act(s5, again)
        XCTAssertEqual(rule { try again.change { try $0.confirm(n, guardian: "王建国", relation: "父亲") } }, .r18)
        again.close()
    }
}
