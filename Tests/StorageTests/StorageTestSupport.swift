import XCTest
@testable import Registry

/// Shared fixtures: a fresh directory per test, a fixed today and clock, and a small registry.
class StorageTestCase: XCTestCase {
    var dir = ""
    /// The registry's today (a test of later changes moves it on: no event is dated after it, R16).
    var today = Day(year: 2024, month: 9, day: 1)!
    var tick: Int64 = 1_725_148_800

    override func setUp() {
        super.setUp()
        dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("xueji-storage-\(UUID().uuidString)").path
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: dir)
        super.tearDown()
    }

    func open(readOnly: Bool = false, options: StoreOptions = StoreOptions(), file: StaticString = #filePath,
              line: UInt = #line) throws -> DiskDatabase {
        do {
            return try DiskDatabase.open(at: dir, readOnly: readOnly, today: today, options: options,
                                          clock: { [unowned self] in self.tick += 7; return self.tick })
        } catch {
            XCTFail("open failed: \(error)", file: file, line: line)
            throw error
        }
    }

    static let primary = School(code: SchoolCode("4103030001")!, name: "洛阳市西工区第一小学", stage: .primary,
                                district: DistrictCode("410303")!)
    static let junior = School(code: SchoolCode("4103030002")!, name: "洛阳市第二中学", stage: .junior,
                               district: DistrictCode("410302")!)

    /// A valid ID number for district 410303, the birth date and a 3-digit sequence (odd = male).
    static func idCard(birth: Day, seq: Int) -> String {
        let head = "410303" + birth.compact + String(seq).leftPadded(3)
        return head + String(IDCardNumber.checkCharacter(for: UInt64(head)!))
    }

    /// A registry with two schools, `n` pupils, and a mix of later events; each change is one
    /// write (one journal entry), as each statement is.
    func populate(_ db: RegistryDatabase, students n: Int = 20) throws {
        let reg = db.registry
        try db.change { try $0.addSchool(Self.primary) }
        try db.change { try $0.addSchool(Self.junior) }
        let enrolDay = Day(year: 2023, month: 9, day: 1)!
        for i in 0..<n {
            let birth = Day(year: 2016, month: 1 + i % 12, day: 1 + i % 28)!
            let male = i % 2 == 0
            let id: String? = i % 5 == 4 ? nil : Self.idCard(birth: birth, seq: male ? 2 * i + 1 : 2 * i + 2)
            try db.change { try $0.enrol(NewStudent(name: "学生\(i)", gender: male ? .male : .female, birth: birth, idCard: id,
                                     ethnicity: i % 3 == 0 ? "回族" : "汉族", hukou: DistrictCode("410303")),
                          at: Self.primary.code, grade: 1, class: 1 + i % 3, on: enrolDay) }
        }
        let all = reg.allStudents
        _ = try db.change { try $0.promote(all, on: Day(year: 2024, month: 7, day: 1)!) }
        let s0 = reg.student(all[0]).number, s1 = reg.student(all[1]).number
        try db.change { try $0.suspend(s0, reason: "生病", on: Day(year: 2024, month: 7, day: 10)!) }
        try db.change { try $0.resume(s0, on: Day(year: 2024, month: 8, day: 10)!) }
        try db.change { try $0.correct(s1, set: [(.name, .text("王小明"))], reason: "户口本为准", on: Day(year: 2024, month: 8, day: 12)!) }
        try db.change { try $0.record(s1, .award, "三好学生", on: Day(year: 2024, month: 8, day: 20)!) }
        try db.change { try $0.withdraw(reg.student(all[2]).number, reason: "出国", on: Day(year: 2024, month: 8, day: 21)!) }
    }

    /// Every student and event, as values to compare.
    func image(_ reg: Registry) -> ([Student], [Event], [School]) {
        (reg.allStudents.map { reg.student($0) }, (0..<reg.eventCount).map { reg.event(at: $0) }, reg.schools)
    }

    func assertSame(_ a: Registry, _ b: Registry, file: StaticString = #filePath, line: UInt = #line) {
        let x = image(a), y = image(b)
        XCTAssertEqual(x.0, y.0, "students", file: file, line: line)
        XCTAssertEqual(x.1, y.1, "events", file: file, line: line)
        XCTAssertEqual(x.2, y.2, "schools", file: file, line: line)
        for id in a.allStudents { XCTAssertEqual(a.history(of: id), b.history(of: id), file: file, line: line) }
    }

    var journalPath: String { dir + "/journal.xj" }
    var headPath: String { dir + "/head" }

    /// Byte offsets where each journal entry starts (frames read by their length fields).
    func entryOffsets() throws -> [Int] {
        let b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: journalPath)))
        var at = 16, out: [Int] = []
        while at + 48 <= b.count {
            out.append(at)
            let n = Int(b[at + 4]) | Int(b[at + 5]) << 8 | Int(b[at + 6]) << 16 | Int(b[at + 7]) << 24
            at += 48 + n + 32
        }
        return out
    }

    /// Sets the head file back to `head`, as a crash in the middle of writing the next entry
    /// leaves it (the head file is written only after an entry's fsync).
    func crashHead(_ head: ChainHead) throws {
        try HeadFile.write(head, directory: dir)
    }
    var snapshotPath: String { dir + "/snapshot.xjs" }

    func fileSize(_ path: String) -> Int { (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1 }
}

extension RegistryDatabase {
    /// `write` for a test's closure, whose thrown type Swift infers as `any Error`.
    @discardableResult
    func change<T>(label: String? = nil, _ body: (Registry) throws -> T) throws -> T {
        try write(label: label) { r throws(RegistryError) in
            do { return try body(r) } catch let e as RegistryError { throw e } catch { throw RegistryError(nil, .external("\(error)")) }
        }
    }
}
