import XCTest
@testable import Registry

/// A `ScopedChainStore` in memory: what a server answers a session that holds one scope, worked
/// out from the chain by a whole registry replayed for each question (PostgreSQL reads it from
/// its tables instead).
final class ScopedMemoryStore: MemoryChainStore, ScopedChainStore {
    let today: Day

    /// One chain (no anchor), as an embedded registry's.
    init(today: Day) {
        self.today = today
        super.init(anchor: nil)
    }

    /// The whole registry as of entry `through`.
    private func whole(through: UInt64) throws(StorageError) -> Registry {
        let chain = MemoryChainStore(anchor: nil)
        chain.entries = entries.filter { $0.sequence <= through }
        return try ChainDatabase(store: chain, today: today, readOnly: true).registry
    }

    /// The records, with their places, of the events of the students `chosen` picks, through `through`.
    private func records(through: UInt64, _ chosen: (Registry, StudentID) -> Bool) throws(StorageError) -> StudentRecords {
        let r = try whole(through: through)
        var out = StudentRecords()
        for e in entries where e.sequence <= through {
            let (events, records) = try JournalChain.recordedEventsAndRecords(e)
            for (i, ev) in events.enumerated() {
                if let id = r.find(ev.student), chosen(r, id) { out.append(records[i], entry: e.sequence, position: i) }
            }
        }
        return out
    }

    func loadScope(shared: ([ChainedEntry]) throws(StorageError) -> Void, schools: () -> [SchoolCode],
                   records: (StudentRecords) throws(StorageError) -> Void) throws(StorageError) -> (head: ChainHead, provinces: [UInt8: [UInt8]]?) {
        let head = ChainHead(entries: entries.last?.sequence ?? 0, hash: entries.last?.hash ?? JournalChain.genesis)
        try shared(entries)
        let codes = Set(schools())
        try records(try self.records(through: head.entries) { r, id in
            r.versions(of: id).contains { codes.contains(r.school(at: $0.student.schoolIndex).code) }
        })
        return (head, nil)
    }

    /// How many times a session asked for students, and for how many keys in all.
    var asked = 0, keysAsked = 0

    func records(of keys: [PartialStudents.Key], through: UInt64) throws(StorageError) -> StudentRecords {
        asked += 1; keysAsked += keys.count
        let r = try whole(through: through)
        let wanted = Set(keys.compactMap { key -> StudentID? in
            switch key {
            case .number(let n): return r.find(n)
            case .idCard(let c): return r.find(idCard: c)
            }
        })
        guard !wanted.isEmpty else { return StudentRecords() }
        return try records(through: through) { _, id in wanted.contains(id) }
    }

    func records(atSchools schools: [SchoolCode], through: UInt64, excluding registry: Registry) throws(StorageError) -> StudentRecords {
        let held = Set(registry.allStudents.map { registry.student($0).number })
        let codes = Set(schools)
        return try records(through: through) { r, id in
            !held.contains(r.student(id).number) && r.versions(of: id).contains { codes.contains(r.school(at: $0.student.schoolIndex).code) }
        }
    }
}

/// Issue 18: a session that holds one scope writes as a whole one does: its rules ask the
/// server about the students it lacks (R1, R3), a change names a student it lacks by fetching
/// it, and its entry holds its own changes only.
final class ScopedWriteTests: StorageTestCase {
    let nationalKey = SigningKey(), countyKey = SigningKey()
    let national = ActorName("national")!, county = ActorName("county:410303")!
    static let wuhan = School(code: SchoolCode("4201020001")!, name: "武汉市江岸区第一小学", stage: .primary,
                              district: DistrictCode("420102")!)
    let enrolDay = Day(year: 2023, month: 9, day: 1)!
    let birth = Day(year: 2016, month: 3, day: 4)!

    func child(_ name: String, id: String?, hukou: String = "420102") -> NewStudent {
        NewStudent(name: name, gender: .male, birth: birth, idCard: id, ethnicity: "汉族", hukou: DistrictCode(hukou))
    }

    /// A governed registry: a Luoyang school (county:410303's) and a Wuhan one; 张一 (an ID
    /// number) and 无证 (an L number) at Wuhan, 王五 at Luoyang. Returns the whole session.
    func registry(_ store: ScopedMemoryStore) throws -> ChainDatabase {
        let db = try ChainDatabase(store: store, today: today)
        db.signer = (national, nationalKey)
        try db.change { try $0.addActor(self.national, title: "教育部", key: self.nationalKey.publicKey, by: nil, presenting: self.nationalKey.publicKey) }
        try db.change { try $0.addActor(self.county, title: "洛阳市西工区教育局", key: self.countyKey.publicKey, by: self.national, presenting: nil) }
        try db.change { try $0.addSchool(Self.primary) }
        try db.change { try $0.addSchool(Self.wuhan) }
        try db.change { _ = try $0.enrol(self.child("张一", id: "420102201603040018"), at: Self.wuhan.code, grade: 2, on: self.enrolDay) }
        try db.change { _ = try $0.enrol(self.child("无证", id: nil), at: Self.wuhan.code, grade: 2, on: self.enrolDay) }
        try db.change { _ = try $0.enrol(self.child("王五", id: Self.idCard(birth: self.birth, seq: 31), hukou: "410303"),
                                         at: Self.primary.code, grade: 2, on: self.enrolDay) }
        return db
    }

    func countySession(_ store: ScopedMemoryStore) throws -> ChainDatabase {
        let db = try ChainDatabase(store: store, today: today, scope: county, readOnly: false)
        db.signer = (county, countyKey)
        db.registry.scope = county
        return db
    }

    func numbers(_ r: Registry) -> [String] { r.allStudents.map { r.student($0).number.description } }

    func testAnIDNumberRegisteredOutsideTheScopeIsRefusedUnderR1() throws {
        let store = ScopedMemoryStore(today: today)
        _ = try registry(store)
        let scoped = try countySession(store)
        XCTAssertEqual(scoped.registry.studentCount, 1, "holds its own county's student only")
        let entries = store.entries.count
        XCTAssertThrowsError(try scoped.change { _ = try $0.enrol(self.child("张一", id: "420102201603040018"), at: Self.primary.code,
                                                                    grade: 2, on: self.enrolDay) }) {
            guard let e = $0 as? RegistryError else { return XCTFail("\($0)") }
            XCTAssertEqual(e.rule, .r1)
            guard case .identity(.idAlreadyRegistered(_, let number, let name)) = e.id else { return XCTFail("\(e.id)") }
            XCTAssertEqual(name, "张一")
            XCTAssertEqual(number, "G420102201603040018")
        }
        XCTAssertEqual(store.entries.count, entries, "a refusal writes nothing")
    }

    func testAnImportAsksTheServerOnceAboutItsIDNumbers() throws {
        let store = ScopedMemoryStore(today: today)
        let whole = try registry(store)
        let scoped = try countySession(store)
        let file = """
            id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on
            410303201603040056,甲,M,2016-03-04,汉族,410303,4103030001,2,2023-09-01
            420102201603040018,张一,M,2016-03-04,汉族,420102,4103030001,2,2023-09-01
            410303201603040072,乙,M,2016-03-04,汉族,410303,4103030001,2,2023-09-01
            """
        let asked = store.asked
        XCTAssertThrowsError(try scoped.change { r in
            try Array(file.utf8).withUnsafeBytes { try r.importStudents(csv: $0, file: "s.csv") }
        }) { error in
            XCTAssertTrue("\(error)".contains("s.csv:3: [R1] ID number 420102201603040018 is already registered as G420102201603040018 (张一)"),
                          "\(error)")
        }
        XCTAssertEqual(store.asked - asked, 1, "one question for the file's three ID numbers and their G numbers")
        XCTAssertEqual(scoped.registry.studentCount, 1, "all or nothing: the one fetched is forgotten with the rest")
        let fine = file.split(separator: "\n").enumerated().filter { $0.offset != 2 }.map(\.element).joined(separator: "\n")
        let result = try scoped.change { r in try Array(fine.utf8).withUnsafeBytes { try r.importStudents(csv: $0, file: "s.csv") } }
        XCTAssertEqual(result.imported, 2)
        try whole.refresh()
        XCTAssertEqual(whole.registry.studentCount, 5)
        XCTAssertTrue(whole.verify().ok)
    }

    func testAnLNumberIssuedOutsideTheScopeIsNotIssuedAgain() throws {
        let store = ScopedMemoryStore(today: today)
        let whole = try registry(store)
        let wuhanL = try XCTUnwrap(numbers(whole.registry).first { $0.hasPrefix("L") })
        let scoped = try countySession(store)
        let issued = try scoped.change { try $0.enrol(self.child("无证二", id: nil), at: Self.primary.code, grade: 2, on: self.enrolDay).number }
        XCTAssertNotEqual(issued.description, wuhanL, "R3: the server's L number is taken")
        XCTAssertEqual(issued.description, String(wuhanL.dropLast()) + "2")
        try whole.refresh()
        XCTAssertEqual(whole.registry.find(issued).map { whole.registry.student($0).name }, "无证二")
        XCTAssertTrue(whole.verify().ok)
    }

    func testAnLNumberThatBecameAGNumberIsNotIssuedAgain() throws {
        let store = ScopedMemoryStore(today: today)
        let whole = try registry(store)
        let wuhanL = RegistryNumber(try XCTUnwrap(numbers(whole.registry).first { $0.hasPrefix("L") }))!
        try whole.change { try $0.correct(wuhanL, set: [(.id_card, .text("420102201603040034"))], reason: "补录身份证号", on: self.today) }
        XCTAssertEqual(whole.registry.find(wuhanL).map { whole.registry.student($0).number.description }, "G420102201603040034")
        let scoped = try countySession(store)
        let issued = try scoped.change { try $0.enrol(self.child("无证二", id: nil), at: Self.primary.code, grade: 2, on: self.enrolDay).number }
        XCTAssertEqual(issued.description, String(wuhanL.description.dropLast()) + "2", "R3: an alias is never issued again")
        try whole.refresh()
        XCTAssertTrue(whole.verify().ok)
    }

    func testANationalSessionHoldsStudentsAsAskedAndItsEntryHoldsItsChangesOnly() throws {
        let store = ScopedMemoryStore(today: today)
        let whole = try registry(store)
        let db = try ChainDatabase(store: store, today: today, scope: national, readOnly: false)
        db.signer = (national, nationalKey)
        db.registry.scope = national
        XCTAssertEqual(db.registry.studentCount, 0, "holds no one until a statement names them")
        // In a transaction, every student held (a statement reading them all), then a change:
        // its entry holds the change alone, not the enrolments the students were loaded with.
        try db.begin()
        try db.holdStudents(of: national)
        XCTAssertEqual(db.registry.studentCount, 3)
        try db.change { _ = try $0.transfer(RegistryNumber("G420102201603040018")!, to: Self.primary.code, on: self.today, reason: "随父母迁居") }
        XCTAssertEqual(try db.commit(), 1)
        XCTAssertEqual(try JournalChain.recordedEvents(try XCTUnwrap(store.entries.last)).map(\.kind), [.transfer])
        try whole.refresh()
        XCTAssertEqual(numbers(db.registry), numbers(whole.registry))
        XCTAssertTrue(whole.verify().ok)
        XCTAssertTrue(db.verify().ok)
        // Held for good: a student another session registers is taken at the next catch-up.
        try whole.change { _ = try $0.enrol(self.child("赵六", id: Self.idCard(birth: self.birth, seq: 33), hukou: "410303"),
                                            at: Self.primary.code, grade: 2, on: self.enrolDay) }
        try db.refresh()
        XCTAssertEqual(numbers(db.registry), numbers(whole.registry))
    }

    func testAChangeNamingAStudentNotHeldFetchesItAndItsEntryHoldsTheChangeOnly() throws {
        let store = ScopedMemoryStore(today: today)
        let whole = try registry(store)
        let zhang = RegistryNumber("G420102201603040018")!
        let scoped = try countySession(store)
        // A transfer into the scope of a student from Wuhan: fetched, then moved.
        try scoped.change { _ = try $0.transfer(zhang, to: Self.primary.code, on: self.today, reason: "随父母迁居") }
        let last = try XCTUnwrap(store.entries.last)
        XCTAssertEqual(try JournalChain.recordedEvents(last).map(\.kind), [.transfer], "not the fetched student's enrolment")
        try whole.refresh()
        XCTAssertEqual(whole.registry.student(try XCTUnwrap(whole.registry.find(zhang))).schoolIndex, 0, "the whole session replays it")
        XCTAssertTrue(whole.verify().ok)
        XCTAssertTrue(scoped.verify().ok)
        // A new student's place is its entry's: the scoped session lists students in the whole one's order.
        let new = try scoped.change { try $0.enrol(self.child("赵六", id: Self.idCard(birth: self.birth, seq: 33), hukou: "410303"),
                                                   at: Self.primary.code, grade: 2, on: self.enrolDay).number }
        try whole.refresh()
        let held = Set(numbers(scoped.registry))
        XCTAssertEqual(numbers(scoped.registry), numbers(whole.registry).filter(held.contains))
        XCTAssertTrue(held.contains(new.description))
    }

    func testATransactionLeavesTheStudentsItFetchedOutOfItsEntryAndARollbackForgetsThem() throws {
        let store = ScopedMemoryStore(today: today)
        let whole = try registry(store)
        let wuhanL = RegistryNumber(try XCTUnwrap(numbers(whole.registry).first { $0.hasPrefix("L") }))!
        let scoped = try countySession(store)
        try scoped.begin()
        let a = try scoped.change { try $0.enrol(self.child("甲", id: Self.idCard(birth: self.birth, seq: 35), hukou: "410303"),
                                                 at: Self.primary.code, grade: 2, on: self.enrolDay).number }
        XCTAssertNotNil(scoped.registry.find(wuhanL), "fetched in the middle of the transaction")
        try scoped.change { _ = try $0.transfer(wuhanL, to: Self.primary.code, on: self.today, reason: "随父母迁居") }
        XCTAssertEqual(try scoped.rollback(), 2)
        XCTAssertNil(scoped.registry.find(a))
        XCTAssertEqual(numbers(scoped.registry), numbers(whole.registry).filter { $0.hasPrefix("G41") })
        try scoped.begin()
        _ = try scoped.change { try $0.enrol(self.child("甲", id: Self.idCard(birth: self.birth, seq: 35), hukou: "410303"),
                                             at: Self.primary.code, grade: 2, on: self.enrolDay) }
        XCTAssertNotNil(scoped.registry.find(wuhanL))
        try scoped.change { _ = try $0.transfer(wuhanL, to: Self.primary.code, on: self.today, reason: "随父母迁居") }
        _ = try scoped.commit()
        XCTAssertEqual(try JournalChain.recordedEvents(try XCTUnwrap(store.entries.last)).map(\.kind), [.enrol, .transfer])
        try whole.refresh()
        XCTAssertTrue(whole.verify().ok)
        XCTAssertEqual(whole.registry.student(try XCTUnwrap(whole.registry.find(wuhanL))).schoolIndex, 0)
        let held = Set(numbers(scoped.registry))
        XCTAssertEqual(numbers(scoped.registry), numbers(whole.registry).filter(held.contains))
        // A statement that only fetched writes nothing.
        let n = store.entries.count
        let other = try countySession(store)
        try other.change { XCTAssertNotNil($0.find(RegistryNumber("G420102201603040018")!)) }
        XCTAssertEqual(store.entries.count, n)
    }
}
