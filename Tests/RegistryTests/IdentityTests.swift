import Foundation
import XCTest
@testable import Registry

/// GB 11643 ID numbers, registry numbers (R2, R3) and the code types.
final class IdentityTests: XCTestCase {
    /// Real published examples of GB 11643 numbers (the standard's own example, and a
    /// well-known sample) — these pin the independent check function before it is trusted.
    let realExamples = ["11010519491231002X", "440524188001010014"]

    func testIndependentCheckFunctionAgreesWithRealExamples() {
        for ex in realExamples {
            XCTAssertEqual(gbCheck(String(ex.prefix(17))), ex.last!, ex)
        }
    }

    func testEngineCheckCharacterAgreesWithRealExamplesAndIndependentFunction() {
        for ex in realExamples {
            XCTAssertEqual(IDCardNumber.checkCharacter(for: UInt64(ex.prefix(17))!), ex.last!, ex)
        }
        // Every check value 0…10 is reached; compare with the independent function over a spread.
        var seen = Set<Character>()
        for i in 0..<2000 {
            let first17 = "410303" + "20190315" + String(format: "%03d", i % 1000)
            let alt = "4103052012022" + String(format: "%04d", i)
            for f in [first17, alt] {
                let c = IDCardNumber.checkCharacter(for: UInt64(f)!)
                XCTAssertEqual(c, gbCheck(f), f)
                seen.insert(c)
            }
        }
        XCTAssertEqual(seen, Set("10X98765432"))
    }

    func testValidIDParsesAndExposesParts() throws {
        let id = try IDCardNumber(validating: "11010519491231002X")
        XCTAssertEqual(id.description, "11010519491231002X")
        XCTAssertEqual(id.birth, day("1949-12-31"))
        XCTAssertEqual(id.gender, .female)      // 17th digit 2 is even
        XCTAssertEqual(id.district, "110105")
        let m = try IDCardNumber(validating: "440524188001010014")
        XCTAssertEqual(m.gender, .male)         // 17th digit 1 is odd
        XCTAssertEqual(m.birth, day("1880-01-01"))
        // lowercase x is accepted and printed upper-case
        XCTAssertEqual(IDCardNumber("11010519491231002x")?.description, "11010519491231002X")
    }

    func testInvalidCheckCharacterRefusedR2() {
        for bad in ["110105194912310021", "440524188001010015", "11010519491231002Y"] {
            XCTAssertThrowsError(try IDCardNumber(validating: bad), bad) { e in
                XCTAssertEqual((e as? RegistryError)?.rule, .r2)
            }
            XCTAssertNil(IDCardNumber(bad))
        }
    }

    func testInvalidBirthDateRefusedR2() {
        // digits 7–14 = 20130230: 30 February does not exist (check character made valid)
        for date in ["20130230", "20190229", "20191301", "20190000", "00000101"] {
            let text = idNumber("410303", date, order: 11)
            XCTAssertThrowsError(try IDCardNumber(validating: text), text) { e in
                let err = e as? RegistryError
                XCTAssertEqual(err?.rule, .r2)
                XCTAssertTrue(err?.message.contains("birth date") ?? false, "\(String(describing: err))")
            }
        }
        // 29 February of a leap year is real
        XCTAssertNotNil(IDCardNumber(idNumber("410303", "20200229", order: 11)))
    }

    /// Issue 15: full-width digits and `Ｘ`, as a Chinese input method types them, are read as
    /// ASCII (R2); the length message counts characters, not bytes.
    func testFullWidthDigitsAreReadAsASCII() throws {
        let valid = idNumber("410303", "20190315", order: 11)
        let wide = String(valid.unicodeScalars.map { s in
            Character(Unicode.Scalar(s.value >= 48 && s.value <= 57 ? s.value - 48 + 0xFF10 : s.value == 88 ? 0xFF38 : s.value)!)
        })
        XCTAssertEqual(try IDCardNumber(validating: wide).description, valid)
        XCTAssertEqual(try IDCardNumber(validating: "11010519491231002ｘ").description, "11010519491231002X")
        XCTAssertThrowsError(try IDCardNumber(validating: String(wide.dropLast()))) { e in
            XCTAssertEqual((e as? RegistryError)?.message,
                           "ID number '\(String(wide.dropLast()))' has 17 characters; it needs 18 (17 digits and a check character)")
        }
        XCTAssertThrowsError(try IDCardNumber(validating: "41030320190315001中")) { e in
            XCTAssertEqual((e as? RegistryError)?.id, .identity(.idWrongCheckCharacter(text: "41030320190315001中", found: "中",
                                                                                       expected: IDCardNumber.checkCharacter(for: 41030320190315001))))
        }
    }

    func testWrongLengthAndNonDigitsRefusedR2() {
        let valid = idNumber("410303", "20190315", order: 11)
        for bad in ["", String(valid.dropLast()), valid + "1", "41030320190315001", "4103032019031500110",
                    "41030A201903150011", "４１０３０３２０１９０３１５００１", "41030320190315001中"] {
            XCTAssertThrowsError(try IDCardNumber(validating: bad), bad) { e in
                XCTAssertEqual((e as? RegistryError)?.rule, .r2, bad)
            }
        }
    }

    func testRegistryNumberForms() throws {
        let id = try IDCardNumber(validating: idNumber("410303", "20190315", order: 11))
        let g = RegistryNumber(idCard: id)
        XCTAssertEqual(g.description, "G" + id.description)
        XCTAssertEqual(g.description.count, 19)
        XCTAssertEqual(g.kind, .g)
        XCTAssertEqual(g.idCard, id)
        XCTAssertEqual(RegistryNumber(g.description), g)
        // G numbers with an X check character survive the round trip
        let x = RegistryNumber(idCard: IDCardNumber("11010519491231002X")!)
        XCTAssertEqual(x.description, "G11010519491231002X")
        XCTAssertEqual(RegistryNumber("G11010519491231002X"), x)

        let l = RegistryNumber(temporaryFor: District.xigong, birth: day("2019-03-15"), sequence: 7)
        XCTAssertEqual(l.description, "L410303201903150007")
        XCTAssertEqual(l.kind, .l)
        XCTAssertNil(l.idCard)
        XCTAssertEqual(RegistryNumber("L410303201903150007"), l)
        XCTAssertEqual(RegistryNumber("J410303201903150007")?.kind, .j)

        for bad in ["G110105194912310021",   // invalid ID inside a G number
                    "G11010519491231002",    // 18 characters
                    "X11010519491231002X", "L41030320190315000X1", "L4103032019031500X7", ""] {
            XCTAssertNil(RegistryNumber(bad), bad)
        }
    }

    func testCodes() {
        XCTAssertEqual(DistrictCode("410303")?.description, "410303")
        XCTAssertEqual(DistrictCode("410303")?.city, "4103")
        XCTAssertEqual(DistrictCode("410303")?.province, "41")
        XCTAssertNil(DistrictCode("041030"))
        XCTAssertNil(DistrictCode("41030"))
        XCTAssertNil(DistrictCode("41030a"))
        XCTAssertEqual(SchoolCode("0103030001")?.description, "0103030001") // leading zero kept
        XCTAssertNil(SchoolCode("410303001"))
        XCTAssertEqual(Grade(7)?.stage, .junior)
        XCTAssertNil(Grade(0)); XCTAssertNil(Grade(13))
        XCTAssertEqual(Stage.primary.finalGrade, 6)
        XCTAssertEqual(Stage.junior.finalGrade, 9)
        XCTAssertEqual(Stage.senior.finalGrade, 12)
        XCTAssertEqual(Stage.primary.next, .junior)
        XCTAssertNil(Stage.senior.next)
        XCTAssertNil(Day("2013-02-30"))
        XCTAssertEqual(Day("2020-02-29")?.description, "2020-02-29")
        XCTAssertEqual(day("2019-03-15").age(on: day("2025-03-14")), 5)
        XCTAssertEqual(day("2019-03-15").age(on: day("2025-03-15")), 6)
        XCTAssertEqual(Rule(id: "R16"), .r16)
        XCTAssertEqual(Rule.r4.description, "R4")
    }
}
