import XCTest
@testable import Registry

/// CSV import (all rows or none, one journal entry) and export → import round trips.
final class ImportExportTests: StorageTestCase {
    /// `n` valid student rows at the primary school, grade 1, enrolled 2023-09-01.
    func studentsCSV(_ n: Int, bad: [Int: String] = [:], header: String = "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on") -> String {
        var lines = [header]
        for i in 0..<n {
            let birth = Day(year: 2016, month: 1 + i % 12, day: 1 + i % 28)!
            let male = i % 2 == 0
            let id = i % 7 == 6 ? "" : Self.idCard(birth: birth, seq: (male ? 1 : 2) + 2 * (i % 400))
            let hukou = i % 3 == 0 ? "" : (i % 3 == 1 ? "410303" : "410305")
            lines.append(bad[i] ?? "\(id),\"学生,\(i)\",\(male ? "M" : "女"),\(birth),汉族,\(hukou),4103030001,1,2023-09-01")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    func write(_ text: String, _ name: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let p = dir + "/" + name
        try text.write(toFile: p, atomically: false, encoding: .utf8)
        return p
    }

    func testImportIsOneEntryAndExportRoundTrips() throws {
        let store = try open()
        let reg = store.registry
        let schools = try write("district,code,stage,name\n410303,4103030001,primary,第一小学\n410302,4103030002,初中,\"第二中学, 西校区\"\n", "schools.csv")
        XCTAssertEqual(try store.change(label: "import schools") { try $0.importSchools(fromFile: schools) }.imported, 2)
        let csv = try write("\u{FEFF}" + studentsCSV(300), "students.csv")
        var calls: [(Int, Int)] = []
        let n = store.journalEntries
        let result = try store.change(label: "import students") { try $0.importStudents(fromFile: csv) { calls.append(($0, $1)) } }
        XCTAssertEqual(result.imported, 300)
        XCTAssertEqual(result.flagged, 100)                      // hukou 410305 ≠ the school's 410303 (R15)
        XCTAssertEqual(store.journalEntries, n + 1)
        XCTAssertEqual(calls.last?.0, 300)
        XCTAssertEqual(reg.student(reg.allStudents[1]).name, "学生,1")
        // Export, import into a fresh registry, export again: the same bytes and records.
        // Beside the registry, not in it: an export into a registry directory is refused.
        let out = dir + "-out.csv", outSchools = dir + "-out-schools.csv"
        defer { for p in [out, outSchools] { try? FileManager.default.removeItem(atPath: p) } }
        try reg.exportStudents(to: out); try reg.exportSchools(to: outSchools)
        let mode = (try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as! NSNumber).intValue
        XCTAssertEqual(mode, 0o600)
        let copy = Registry(today: today)
        _ = try copy.importSchools(fromFile: outSchools)
        _ = try copy.importStudents(fromFile: out)
        XCTAssertEqual(copy.exportStudentsCSV(), reg.exportStudentsCSV())
        XCTAssertEqual(copy.exportSchoolsCSV(), reg.exportSchoolsCSV())
        XCTAssertEqual(copy.allStudents.map { copy.student($0) }, reg.allStudents.map { reg.student($0) })
        store.close()
        let again = try open()
        XCTAssertEqual(again.registry.allStudents.map { again.registry.student($0) }, reg.allStudents.map { reg.student($0) })
        XCTAssertEqual(again.registry.event(at: 0).kind, .enrol)
        XCTAssertTrue(again.verify().ok)
    }

    func testBadRowsWriteNothingAndAreReportedByLine() throws {
        let store = try open()
        try store.change { try $0.addSchool(Self.primary) }
        let n = store.journalEntries, size = fileSize(journalPath)
        // Line numbers: the header is line 1, row i is on line i + 2.
        let text = studentsCSV(1000, bad: [
            99: ",张三,M,2016-02-30,汉族,,4103030001,1,2023-09-01",
            499: "410303201601010019,李四,M,2016-01-01,汉族,,4103030001,1,2023-09-01",
            899: ",王五,F,2016-05-05,汉族,,4103030001,9,2023-09-01",
        ])
        let p = try write(text, "students.csv")
        XCTAssertThrowsError(try store.change { try $0.importStudents(fromFile: p) }) { error in
            let lines = (error as! RegistryError).message.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 4, lines.joined(separator: "\n"))
            XCTAssertTrue(lines[0].contains("3 bad rows; nothing was imported"))
            XCTAssertTrue(lines[1].hasPrefix("\(p):101: birth_date '2016-02-30'"), lines[1])
            XCTAssertTrue(lines[2].hasPrefix("\(p):501: [R2] "), lines[2])
            XCTAssertTrue(lines[3].hasPrefix("\(p):901: [R5] "), lines[3])
        }
        XCTAssertEqual(store.registry.studentCount, 0)
        XCTAssertEqual(store.journalEntries, n)
        XCTAssertEqual(fileSize(journalPath), size)
        XCTAssertTrue(store.verify().ok)
    }

    func testManyBadRowsAreCappedAndHeaderIsChecked() throws {
        let reg = Registry(today: today)
        try reg.addSchool(Self.primary)
        var bad: [Int: String] = [:]
        for i in 0..<60 { bad[i] = ",x,M,bad,,,4103030001,1,2023-09-01" }
        let text = studentsCSV(60, bad: bad)
        XCTAssertThrowsError(try text.utf8CString.withUnsafeBytes { b in
            try reg.importStudents(csv: UnsafeRawBufferPointer(rebasing: b.dropLast()), file: "s.csv")
        }) { error in
            let lines = (error as! RegistryError).message.split(separator: "\n")
            XCTAssertEqual(lines.count, 52)
            XCTAssertEqual(lines.last, "… and 10 more")
        }
        for (header, expect) in [("id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on,nickname", "unknown column 'nickname'"),
                                 ("name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on", "missing column id_card")] {
            let t = studentsCSV(2, header: header)
            XCTAssertThrowsError(try t.utf8CString.withUnsafeBytes { b in
                try reg.importStudents(csv: UnsafeRawBufferPointer(rebasing: b.dropLast()), file: "s.csv")
            }) { XCTAssertTrue("\($0)".contains(expect), "\($0)") }
        }
        XCTAssertEqual(reg.studentCount, 0)
    }

    func testColumnsInAnyOrder() throws {
        let reg = Registry(today: today)
        try reg.addSchool(Self.primary)
        let t = "school,grade,enrolled_on,name,gender,birth_date,id_card,ethnicity,hukou\n4103030001,1,2024-09-01,赵六,F,2018-03-03,,,\n"
        let r = try t.utf8CString.withUnsafeBytes { b in
            try reg.importStudents(csv: UnsafeRawBufferPointer(rebasing: b.dropLast()), file: "s.csv")
        }
        XCTAssertEqual(r.imported, 1)
        XCTAssertEqual(reg.student(reg.allStudents[0]).number.kind, .l)
    }

    /// A promoted pupil re-imports: R6 judges the grade he is in now, not the grade he
    /// entered with on `enrolled_on`.
    func testPromotedStudentsRoundTripThroughExport() throws {
        let reg = Registry(today: Day(year: 2026, month: 11, day: 1)!)
        try reg.addSchool(Self.primary)
        let enrolDay = Day(year: 2023, month: 9, day: 1)!
        let birth = Day(year: 2017, month: 3, day: 15)!
        try reg.enrol(NewStudent(name: "张三", gender: .male, birth: birth, idCard: Self.idCard(birth: birth, seq: 1),
                                 hukou: DistrictCode("410303")), at: Self.primary.code, grade: 1, on: enrolDay)
        for year in 2024...2026 { _ = try reg.promote(reg.allStudents, on: Day(year: year, month: 9, day: 1)!) }
        let csv = reg.exportStudentsCSV()
        let copy = Registry(today: reg.today)
        try copy.addSchool(Self.primary)
        let result = try csv.withUnsafeBytes { try copy.importStudents(csv: $0, file: "out.csv") }
        XCTAssertEqual(result.imported, 1)
        XCTAssertEqual(copy.student(copy.allStudents[0]).grade, 4)
        XCTAssertEqual(copy.exportStudentsCSV(), csv)
    }
}
