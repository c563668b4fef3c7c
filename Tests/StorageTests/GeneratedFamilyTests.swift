import XCTest
import Generator
@testable import Registry

/// `xueji generate`'s family situation (issue 17): shares by kind of district within tolerance
/// for a seed, the two answers never both yes, a migrant child's hukou elsewhere and a
/// left-behind child's at home, the same bytes for the same seed, and a file that imports with
/// every answer kept.
final class GeneratedFamilyTests: StorageTestCase {
    /// One generated row's family cells and what the shares are counted by.
    struct Row {
        var migrant: String, leftBehind: String
        var hukouHere: Bool, county: Bool, capital: Bool, compulsory: Bool
    }

    /// Per-cent shares of `rows` where `test` holds.
    func share(_ rows: [Row], _ test: (Row) -> Bool) -> Double { Double(rows.filter(test).count) * 100 / Double(max(rows.count, 1)) }

    func testSharesForASeed() throws {
        today = Day(year: 2025, month: 11, day: 1)!
        var options = RegistryGenerator.Options(students: 20_000, seed: 42)
        options.perSchool = 200      // a hundred schools: every district of Henan, counties included
        var generator = RegistryGenerator(options)
        let schools = generator.schools()
        let csv = generator.studentsCSV(schools: schools)
        var again = RegistryGenerator(options)
        XCTAssertEqual(again.studentsCSV(schools: again.schools()), csv, "the same seed, the same file")

        let stage = Dictionary(uniqueKeysWithValues: schools.map { ($0.code, $0.stage) })
        let lines = String(decoding: csv, as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(lines[0], "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on,migrant,left_behind")
        let rows = lines.dropFirst().map { line -> Row in
            let c = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let district = UInt32(c[6].prefix(6))!
            return Row(migrant: c[9], leftBehind: c[10], hukouHere: c[5] == String(district), county: district % 100 >= 21,
                       capital: district / 100 % 100 == 1, compulsory: stage[c[6]]!.isCompulsory)
        }
        XCTAssertEqual(rows.count, 20_000)
        for r in rows {
            XCTAssertTrue(["yes", "no", ""].contains(r.migrant) && ["yes", "no", ""].contains(r.leftBehind), "\(r)")
            XCTAssertEqual(r.migrant.isEmpty, r.leftBehind.isEmpty, "both known or neither")
            XCTAssertFalse(r.migrant == "yes" && r.leftBehind == "yes", "never both")
            if r.migrant == "yes" { XCTAssertFalse(r.hukouHere, "a migrant child's hukou is elsewhere") }
            if r.leftBehind == "yes" { XCTAssertTrue(r.hukouHere, "a left-behind child stays at its hukou") }
        }
        let pupils = rows.filter(\.compulsory)
        let city = pupils.filter { !$0.county && !$0.capital }, capital = pupils.filter { !$0.county && $0.capital }
        let county = pupils.filter(\.county)
        XCTAssertGreaterThan(county.count, 1500, "enough county pupils to measure")
        XCTAssertGreaterThan(capital.count, 1000, "enough pupils in the capital's districts to measure")
        let unknown = share(rows) { $0.migrant.isEmpty }
        let migrant = (all: share(pupils) { $0.migrant == "yes" }, city: share(city) { $0.migrant == "yes" },
                       capital: share(capital) { $0.migrant == "yes" }, county: share(county) { $0.migrant == "yes" })
        let left = (all: share(pupils) { $0.leftBehind == "yes" }, city: share(city) { $0.leftBehind == "yes" },
                    capital: share(capital) { $0.leftBehind == "yes" }, county: share(county) { $0.leftBehind == "yes" })
        print("generated family shares (seed 42, 20,000 students, compulsory stage, %): unknown \(unknown); migrant \(migrant); left behind \(left)")
        XCTAssertEqual(unknown, 2, accuracy: 0.5)
        // Expected: 98% known × ~9.7% hukou elsewhere × 95% (60% in a county) migrant; 98% × ~90.3%
        // at home × 6% (22% in a county, 2% in the capital) left behind.
        XCTAssertEqual(migrant.all, 8.3, accuracy: 1.5)
        XCTAssertEqual(migrant.city, 9.0, accuracy: 1.5)
        XCTAssertEqual(migrant.capital, 9.0, accuracy: 2)
        XCTAssertEqual(migrant.county, 5.7, accuracy: 1.5)
        XCTAssertEqual(left.all, 8.0, accuracy: 1.5)
        XCTAssertEqual(left.city, 5.3, accuracy: 1.5)
        XCTAssertEqual(left.capital, 1.8, accuracy: 1.2)
        XCTAssertEqual(left.county, 19.5, accuracy: 3)
        XCTAssertGreaterThan(left.county, 3 * left.city, "counties send the parents out")

        // The file imports, every answer kept.
        let reg = Registry(today: today)
        _ = try Array(RegistryGenerator.schoolsCSV(schools).utf8).withUnsafeBytes { try reg.importSchools(csv: $0, file: "schools.csv") }
        XCTAssertEqual(try csv.withUnsafeBytes { try reg.importStudents(csv: $0, file: "students.csv") }.imported, 20_000)
        func count(_ field: StudentField, _ answer: String) -> Int {
            reg.allStudents.lazy.filter { reg.value(field, of: $0) == (answer.isEmpty ? .null : .text(answer)) }.count
        }
        for answer in ["yes", "no", ""] {
            XCTAssertEqual(count(.migrant, answer), rows.filter { $0.migrant == answer }.count, answer)
            XCTAssertEqual(count(.leftBehind, answer), rows.filter { $0.leftBehind == answer }.count, answer)
        }
    }
}
