import XCTest
@testable import Registry

/// Export → import into an empty registry gives every student back as it stands: graduated,
/// withdrawn, suspended and voided ones included (a graduated student used to come back
/// active), L numbers as issued, classes, the reasons a re-import needs (R6, R12, R13), and the
/// family situation (issue 17: yes, no, or not known).
final class StatusRoundTripTests: StorageTestCase {
    override func setUp() {
        super.setUp()
        today = Day(year: 2025, month: 11, day: 1)!
    }

    static let primary2 = School(code: SchoolCode("4103030003")!, name: "洛阳市西工区第三小学", stage: .primary, district: DistrictCode("410303")!)
    static let juniorHere = School(code: SchoolCode("4103030101")!, name: "洛阳市第二十三中学", stage: .junior, district: DistrictCode("410303")!)
    static let senior = School(code: SchoolCode("4103030201")!, name: "洛阳市第一高级中学", stage: .senior, district: DistrictCode("410303")!)

    func d(_ s: String) -> Day { Day(s)! }

    /// A registry with a student in every status, and the ways students get there.
    func registryInEveryStatus() throws -> Registry {
        let reg = Registry(today: today)
        for s in [Self.primary, Self.primary2, Self.juniorHere, Self.senior] { try reg.addSchool(s) }
        let hukou = DistrictCode("410303")
        func child(_ name: String, _ birth: String, seq: Int, id: Bool = true, migrant: YesNo? = nil, leftBehind: YesNo? = nil) -> NewStudent {
            NewStudent(name: name, gender: seq % 2 == 1 ? .male : .female, birth: d(birth),
                       idCard: id ? Self.idCard(birth: d(birth), seq: seq) : nil, ethnicity: "汉族", hukou: hukou,
                       migrant: migrant, leftBehind: leftBehind)
        }
        // Active: promoted twice, in a class.
        let a = try reg.enrol(child("在读甲", "2016-05-01", seq: 1), at: Self.primary.code, grade: 1, class: 3, on: d("2023-09-01")).number
        try reg.promote(a, on: d("2024-09-01")); try reg.promote(a, on: d("2025-09-01"))
        // Active after a transfer (enrolled_on is the transfer's day).
        let b = try reg.enrol(child("转学乙", "2017-02-02", seq: 2), at: Self.primary.code, grade: 1, on: d("2023-09-01")).number
        try reg.transfer(b, to: Self.primary2.code, on: d("2024-03-01"), reason: "搬家")
        // Suspended; and suspended then resumed.
        let c = try reg.enrol(child("休学丙", "2012-04-04", seq: 3, migrant: .no, leftBehind: .yes), at: Self.juniorHere.code, grade: 7, class: 2, on: d("2024-09-01")).number
        try reg.suspend(c, reason: "病休", on: d("2025-03-01"))
        let e = try reg.enrol(child("复学丁", "2012-06-06", seq: 4), at: Self.juniorHere.code, grade: 7, on: d("2024-09-01")).number
        try reg.suspend(e, reason: "病休", on: d("2025-01-10")); try reg.resume(e, on: d("2025-02-20"))
        // Graduated from primary; graduated from senior five years ago (R6 judges the grade then).
        let f = try reg.enrol(child("毕业戊", "2013-03-03", seq: 5, migrant: .no, leftBehind: .no), at: Self.primary.code, grade: 6, class: 1, on: d("2024-09-01")).number
        try reg.graduate(f, on: d("2025-06-30"))
        let g = try reg.enrol(child("高三己", "2002-03-01", seq: 7), at: Self.senior.code, grade: 10, on: d("2017-09-01")).number
        try reg.promote(g, on: d("2018-09-01")); try reg.promote(g, on: d("2019-09-01")); try reg.graduate(g, on: d("2020-06-30"))
        // Graduated from primary, then next-stage enrolment under the same number.
        let h = try reg.enrol(child("升学庚", "2013-08-08", seq: 9), at: Self.primary.code, grade: 6, on: d("2024-09-01")).number
        try reg.graduate(h, on: d("2025-06-30")); try reg.enrol(h, at: Self.juniorHere.code, grade: 7, class: 5, on: d("2025-09-01"))
        // Withdrawn; voided; temporary numbers, one withdrawn.
        let i = try reg.enrol(child("退学辛", "2011-01-01", seq: 11), at: Self.juniorHere.code, grade: 8, on: d("2024-09-01")).number
        try reg.withdraw(i, reason: "随父母出国", on: d("2025-04-01"))
        let j = try reg.enrol(child("作废壬", "2018-01-01", seq: 12), at: Self.primary.code, grade: 1, on: d("2025-09-01")).number
        try reg.void(j, reason: "重复录入", on: d("2025-09-15"))
        try reg.enrol(child("临时癸", "2018-02-02", seq: 0, id: false), at: Self.primary.code, grade: 2, on: d("2025-09-01"))
        let k = try reg.enrol(child("临时子", "2012-02-02", seq: 0, id: false, migrant: .yes), at: Self.juniorHere.code, grade: 7, on: d("2024-09-01")).number
        try reg.withdraw(k, reason: "回原籍", on: d("2025-05-05"))
        // Over-age, let in with a reason (R6), in a class with a quoted name.
        try reg.enrol(NewStudent(name: "超龄,丑", gender: .male, birth: d("2015-01-01"), idCard: Self.idCard(birth: d("2015-01-01"), seq: 13),
                                 ethnicity: "回族", hukou: DistrictCode("410302"), migrant: .yes, leftBehind: .no),
                      at: Self.primary.code, grade: 1, class: 1, on: d("2025-09-01"), reason: "随迁子女，补录")
        return reg
    }

    /// Exports `reg`, imports the files into an empty registry, and returns it.
    func roundTrip(_ reg: Registry, bom: Bool = false) throws -> Registry {
        let copy = Registry(today: today)
        let schools = reg.exportSchoolsCSV(bom: bom), students = reg.exportStudentsCSV(bom: bom)
        _ = try schools.withUnsafeBytes { try copy.importSchools(csv: $0, file: "schools.csv") }
        _ = try students.withUnsafeBytes { try copy.importStudents(csv: $0, file: "students.csv") }
        return copy
    }

    func testExportThenImportRestoresEveryStudentAsItStands() throws {
        let reg = try registryInEveryStatus()
        XCTAssertEqual(Set(reg.allStudents.map { reg.student($0).status }), Set(Status.allCases))
        let copy = try roundTrip(reg)
        XCTAssertEqual(copy.studentCount, reg.studentCount)
        for id in reg.allStudents {
            let s = reg.student(id)
            let other = try XCTUnwrap(copy.find(s.number), "\(s.number)")
            // Every field the language reads, derived ones included.
            for field in StudentField.allCases {
                XCTAssertEqual(copy.value(field, of: other), reg.value(field, of: id), "\(s.name) \(field)")
            }
            // The day a status began (check dropouts reads it); an active student's status is
            // dated by its enrolment, the first event a re-import has (a resumption is history).
            let since = s.status == .active ? s.enrolledOn : s.statusSince
            XCTAssertEqual(copy.student(other).statusSince, since, s.name)
        }
        // Nothing lost in the file either: a second export is the first, byte for byte.
        XCTAssertEqual(copy.exportStudentsCSV(), reg.exportStudentsCSV())
        XCTAssertEqual(try roundTrip(copy).exportStudentsCSV(), reg.exportStudentsCSV())
    }

    func testARestoredStatusIsItsStatusChangeInTheHistory() throws {
        let copy = try roundTrip(try registryInEveryStatus())
        func history(_ name: String) throws -> [Event] {
            let id = try XCTUnwrap(copy.allStudents.first { copy.student($0).name == name })
            return copy.history(of: id)
        }
        let graduated = try history("高三己")
        XCTAssertEqual(graduated.map(\.kind), [.enrol, .graduate])
        XCTAssertEqual(graduated.map(\.effective), [d("2017-09-01"), d("2020-06-30")])
        let withdrawn = try history("退学辛")
        XCTAssertEqual(withdrawn.map(\.kind), [.enrol, .withdraw])
        XCTAssertEqual(withdrawn.last?.reason, "随父母出国")
        XCTAssertEqual(try history("作废壬").map(\.kind), [.enrol, .void])
        XCTAssertEqual(try history("休学丙").last?.changes, [FieldChange(.status, .text("active"), .text("suspended"))])
        XCTAssertEqual(try history("超龄,丑").first?.reason, "随迁子女，补录")
        // A graduate comes back able to go on to the next stage.
        let number = try XCTUnwrap(copy.allStudents.map { copy.student($0) }.first { $0.name == "毕业戊" }).number
        XCTAssertNoThrow(try copy.enrol(number, at: Self.juniorHere.code, grade: 7, on: d("2025-09-01")))
    }

    func testTheFileHoldsTheNewColumns() throws {
        let text = String(decoding: try registryInEveryStatus().exportStudentsCSV(), as: UTF8.self)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on,no,class,status,status_on,reason,"
                       + "migrant,left_behind")
        XCTAssertTrue(lines.contains { $0.hasSuffix(",休学丙,M,2012-04-04,汉族,410303,4103030101,7,2024-09-01,G\($0.prefix(18)),2,suspended,2025-03-01,病休,no,yes") },
                      text)
        XCTAssertTrue(lines.contains { $0 == ",临时子,F,2012-02-02,汉族,410303,4103030101,7,2024-09-01,L410303201202020001,,withdrawn,2025-05-05,回原籍,yes," },
                      text)
        XCTAssertTrue(lines.contains { $0.contains(",\"超龄,丑\",M,") && $0.hasSuffix(",active,,随迁子女，补录,yes,no") }, text)
        XCTAssertTrue(lines.contains { $0.contains(",毕业戊,") && $0.hasSuffix(",graduated,2025-06-30,,no,no") }, text)
        XCTAssertTrue(lines.contains { $0.contains(",在读甲,") && $0.hasSuffix(",active,,,,") }, "unknown: empty; \(text)")
    }

    /// The import is one journal entry holding the enrolments and the status changes; a reopen
    /// replays it into the same registry, and verify finds nothing wrong.
    func testAnImportWithStatusesIsOneEntryThatReplays() throws {
        let reg = try registryInEveryStatus()
        let schools = reg.exportSchoolsCSV(), students = reg.exportStudentsCSV()
        let store = try open()
        _ = try store.change(label: "import schools") { r in try schools.withUnsafeBytes { try r.importSchools(csv: $0, file: "schools.csv") } }
        let entries = store.journalEntries
        _ = try store.change(label: "import students") { r in try students.withUnsafeBytes { try r.importStudents(csv: $0, file: "students.csv") } }
        XCTAssertEqual(store.journalEntries, entries + 1)
        let imported = store.registry
        store.close()
        let again = try open()
        assertSame(again.registry, imported)
        XCTAssertEqual(again.registry.exportStudentsCSV(), students)
        XCTAssertTrue(again.verify().ok, again.verify().description)
    }

    func testBomExportStartsWithTheByteOrderMarkAndImportsBack() throws {
        let reg = try registryInEveryStatus()
        XCTAssertEqual(Array(reg.exportStudentsCSV(bom: true).prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(Array(reg.exportSchoolsCSV(bom: true).prefix(3)), [0xEF, 0xBB, 0xBF])
        XCTAssertEqual(Array(reg.exportStudentsCSV(bom: true).dropFirst(3)), reg.exportStudentsCSV())
        XCTAssertEqual(try roundTrip(reg, bom: true).exportStudentsCSV(), reg.exportStudentsCSV())
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/学生.csv"
        try reg.exportStudents(to: path, bom: true)
        XCTAssertEqual(Array(try Data(contentsOf: URL(fileURLWithPath: path)).prefix(4)), [0xEF, 0xBB, 0xBF, 0x69])   // then "id_card"
    }

    /// A file of the nine columns (an export of before, a school's own list) imports as it
    /// always did: every row a student in school.
    func testANineColumnFileImportsEveryoneActive() throws {
        let reg = try registryInEveryStatus()
        let nine = String(decoding: reg.exportStudentsCSV(), as: UTF8.self).split(separator: "\n")
            // R6 would refuse two of them: the over-age child without its reason, and the senior
            // graduate of 2020 judged in grade 12 today (status_on dates the grade he held).
            .filter { !$0.contains("超龄") && !$0.contains("高三己") }
            .map { line -> String in
                var cells: [Substring] = []
                var quoted = false, start = line.startIndex
                for i in line.indices {
                    if line[i] == "\"" { quoted.toggle() } else if line[i] == ",", !quoted { cells.append(line[start..<i]); start = line.index(after: i) }
                }
                cells.append(line[start...])
                return cells.prefix(9).joined(separator: ",")
            }.joined(separator: "\n") + "\n"
        let copy = Registry(today: today)
        _ = try reg.exportSchoolsCSV().withUnsafeBytes { try copy.importSchools(csv: $0, file: "schools.csv") }
        XCTAssertEqual(try Array(nine.utf8).withUnsafeBytes { try copy.importStudents(csv: $0, file: "nine.csv") }.imported, reg.studentCount - 2)
        XCTAssertEqual(Set(copy.allStudents.map { copy.student($0).status }), [.active])
    }
}
