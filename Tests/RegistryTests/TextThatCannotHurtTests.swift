import XCTest
@testable import Registry

/// Issue 11, item 2.4 "Text that cannot hurt": the engine refuses control characters and
/// over-long text in every text field, on every path (operations and CSV import).
final class TextThatCannotHurtTests: XCTestCase {
    /// Each kind of refused character, as it appears in a name at character 3.
    static let badCharacters: [(String, String)] = [
        ("\u{1B}", "the control character U+001B; names hold no control characters"),
        ("\u{07}", "the control character U+0007; names hold no control characters"),
        ("\u{00}", "the control character U+0000; names hold no control characters"),
        ("\t", "a tab (U+0009); names hold no control characters"),
        ("\r", "a carriage return (U+000D); names hold no control characters"),
        ("\n", "a line break (U+000A); a name is one line (only reasons and growth-record texts may have several)"),
        ("\u{7F}", "the control character U+007F (DEL); names hold no control characters"),
        ("\u{9B}", "the control character U+009B; names hold no control characters"),
        ("\u{85}", "the control character U+0085; names hold no control characters"),
        ("\u{2028}", "the line separator U+2028; names hold no line or paragraph separators"),
        ("\u{2029}", "the paragraph separator U+2029; names hold no line or paragraph separators"),
        ("\u{202A}", "the bidirectional control U+202A; names hold no bidirectional controls"),
        ("\u{202E}", "the bidirectional control U+202E; names hold no bidirectional controls"),
        ("\u{2066}", "the bidirectional control U+2066; names hold no bidirectional controls"),
        ("\u{2069}", "the bidirectional control U+2069; names hold no bidirectional controls"),
    ]

    func testTextThatCannotHurt_EveryKindOfBadCharacterInANameIsRefusedWithItsPosition() {
        let fx = Fixture()
        for (bad, what) in Self.badCharacters {
            let e = assertRefused(nil, fx.registry, "name with \(what)") {
                try fx.registry.enrol(fx.person("张三" + bad + "丰", .male, born: "2019-03-15"), at: SchoolFx.xigongPrimary1, grade: 1)
            }
            XCTAssertEqual(e?.message, "name: character 3 is " + what)
            XCTAssertEqual(e?.textPosition, TextPosition(field: .name, character: 3))
        }
    }

    func testTextThatCannotHurt_TheOtherCharactersOfTheRangesAreAllowed() throws {
        // Neighbours of the refused ranges: U+00A0, U+2027, U+202F, U+2065, U+206A, and the
        // marks U+200E/U+200F (not embedding controls) are stored as given.
        let fx = Fixture()
        for (i, ok) in ["A\u{A0}B", "A\u{2027}B", "A\u{202F}B", "A\u{2065}B", "A\u{206A}B", "A\u{200F}B", "Renée", "e\u{301}e"].enumerated() {
            let n = fx.enrol(fx.person(ok, .male, born: "2019-03-15", serial: i + 1))
            XCTAssertEqual(fx.student(n).name, ok)
        }
    }

    func testTextThatCannotHurt_LengthLimitsCountGraphemes() throws {
        let fx = Fixture()
        // 100 CJK characters (300 bytes) and 100 combining-mark graphemes (e + U+0301) are fine.
        let cjk100 = String(repeating: "张", count: 100)
        XCTAssertEqual(fx.student(fx.enrol(fx.person(cjk100, .male, born: "2019-03-15", serial: 1))).name, cjk100)
        let marks100 = String(repeating: "e\u{301}", count: 100)
        XCTAssertEqual(marks100.count, 100)
        fx.enrol(fx.person(marks100, .male, born: "2019-03-15", serial: 2))
        let e = assertRefused(nil, fx.registry, "101 characters") {
            try fx.registry.enrol(fx.person(cjk100 + "丰", .male, born: "2019-03-15", serial: 3), at: SchoolFx.xigongPrimary1, grade: 1)
        }
        XCTAssertEqual(e?.message, "name: character 101 is past the limit: a name holds at most 100 characters (this one has 101)")
        XCTAssertEqual(e?.textPosition?.character, 101)
        assertRefused(nil, fx.registry, "101 graphemes of combining marks") {
            try fx.registry.enrol(fx.person(marks100 + "e\u{301}", .male, born: "2019-03-15", serial: 3), at: SchoolFx.xigongPrimary1, grade: 1)
        }
        // Reasons and growth-record texts: 500 is fine, 501 is not.
        let n = fx.firstGrader("李四", serial: 9)
        let r500 = String(repeating: "因", count: 499) + "\n"
        try fx.registry.record(n, .award, r500)
        let r = assertRefused(nil, fx.registry, "501-character reason") {
            try fx.registry.suspend(n, reason: r500 + "a")
        }
        XCTAssertEqual(r?.message, "reason: character 501 is past the limit: a reason holds at most 500 characters (this one has 501)")
        try fx.registry.suspend(n, reason: String(repeating: "病", count: 500))
        // School names: 100 too.
        assertRefused(nil, fx.registry, "101-character school name") {
            try fx.registry.addSchool(School(code: SchoolCode("4103039999")!, name: String(repeating: "校", count: 101), stage: .primary, district: District.xigong))
        }
    }

    func testTextThatCannotHurt_NewlineOnlyInReasonsAndTexts() throws {
        let fx = Fixture()
        let n = fx.firstGrader()
        try fx.registry.record(n, .award, "第一名\n第二行")
        try fx.registry.suspend(n, reason: "生病\n住院")
        try fx.registry.resume(n, reason: "痊愈\n返校")
        let e = assertRefused(nil, fx.registry, "ESC in a reason") { try fx.registry.withdraw(n, reason: "出国\u{1B}[31m") }
        XCTAssertEqual(e?.message, "reason: character 3 is the control character U+001B; reasons hold no control characters other than line breaks")
        assertRefused(nil, fx.registry, "CR in a text") { try fx.registry.record(n, .health, "a\r\nb") }
        assertRefused(nil, fx.registry, "newline in a corrected name") {
            try fx.registry.correct(n, set: [(.name, .text("张\n三"))], reason: "更正")
        }
        let c = assertRefused(nil, fx.registry, "bidi in a corrected ethnicity") {
            try fx.registry.correct(n, set: [(.ethnicity, .text("汉\u{202E}族"))], reason: "更正")
        }
        XCTAssertEqual(c?.message, "ethnicity: character 2 is the bidirectional control U+202E; ethnicities hold no bidirectional controls")
        assertRefused(nil, fx.registry, "bad correction reason") {
            try fx.registry.correct(n, set: [(.name, .text("张山"))], reason: "\u{9B}31m")
        }
        assertRefused(nil, fx.registry, "ESC in a transfer reason") {
            try fx.registry.transfer(n, to: SchoolFx.xigongPrimary2, reason: "\u{1B}]0;pwned\u{07}")
        }
        assertRefused(nil, fx.registry, "newline in an ethnicity") {
            try fx.registry.enrol(fx.person("王五", .male, born: "2019-03-15", serial: 5, ethnicity: "汉\n族"), at: SchoolFx.xigongPrimary1, grade: 1)
        }
        assertRefused(nil, fx.registry, "ESC in an enrolment reason") {
            try fx.registry.enrol(fx.person("王五", .male, born: "2019-03-15", serial: 5), at: SchoolFx.xigongPrimary1, grade: 1, reason: "\u{1B}")
        }
        let s = assertRefused(nil, fx.registry, "ESC in a school name") {
            try fx.registry.addSchool(School(code: SchoolCode("4103039999")!, name: "第\u{1B}小学", stage: .primary, district: District.xigong))
        }
        XCTAssertEqual(s?.message, "name: character 2 is the control character U+001B; school names hold no control characters")
    }

    // MARK: CSV import

    func importStudents(_ fx: Fixture, _ rows: [[UInt8]]) -> RegistryError? {
        let header = Array("id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on\n".utf8)
        let bytes = header + rows.flatMap { $0 + [0x0A] }
        return assertRefused(nil, fx.registry, "import") {
            _ = try bytes.withUnsafeBytes { try fx.registry.importStudents(csv: $0, file: "s.csv") }
        }
    }

    func row(name: [UInt8], ethnicity: [UInt8] = Array("汉族".utf8), serial: Int) -> [UInt8] {
        Array(",".utf8) + name + Array(",M,2019-03-15,".utf8) + ethnicity + Array(",410303,4103030001,1,2025-09-01".utf8)
    }

    func testTextThatCannotHurt_CSVControlCharactersAreBadRows() {
        let fx = Fixture()
        let e = importStudents(fx, [
            row(name: Array("张三".utf8), serial: 1),
            row(name: Array("赵\u{1B}[31m六".utf8), serial: 5),
            row(name: Array("\"孙\n七\"".utf8), serial: 6),                 // a quoted newline
            row(name: Array("周\u{202E}八".utf8), serial: 7),
        ])
        XCTAssertEqual(e?.message, """
            import of s.csv refused: 3 bad rows; nothing was imported
            s.csv:3: name: character 2 is the control character U+001B; names hold no control characters
            s.csv:4: name: character 2 is a line break (U+000A); a name is one line (only reasons and growth-record texts may have several)
            s.csv:6: name: character 2 is the bidirectional control U+202E; names hold no bidirectional controls
            """)
    }

    /// A file that is not UTF-8 (and not GB18030 either: these are UTF-8 files with a broken
    /// byte) is refused whole, at the line and byte of its first bad byte: none of its text
    /// can be trusted to be what was meant.
    func testTextThatCannotHurt_CSVInvalidUTF8RefusesTheFileAtItsFirstBadByte() {
        let cases: [(row: [UInt8], byte: Int, value: String)] = [
            (row(name: [0xD5, 0xC5, 0xC8, 0xFD], serial: 2), 2, "D5"),                         // 张三 in GBK
            (row(name: Array("李".utf8) + [0xE5, 0x9B], serial: 3), 5, "E5"),                  // a cut sequence at the end
            (row(name: Array("王五".utf8), ethnicity: [0x68, 0xC0, 0xAF], serial: 4), 23, "C0"), // overlong
            (row(name: Array("吴".utf8) + [0xED, 0xA0, 0x80], serial: 8), 5, "ED"),            // an encoded surrogate
        ]
        for c in cases {
            let fx = Fixture()
            let e = importStudents(fx, [row(name: Array("张三".utf8), serial: 1), c.row, row(name: Array("赵六".utf8), serial: 5)])
            XCTAssertEqual(e?.message, "s.csv:3: invalid UTF-8 at byte \(c.byte) of the line (0x\(c.value)), and the file is not GB18030 "
                           + "with a known header either; save it as UTF-8 (Excel: CSV UTF-8)")
        }
    }

    func testTextThatCannotHurt_CSVSchoolNamesAreChecked() {
        let fx = Fixture(schools: [])
        let csv = Array("code,name,stage,district\n4103030001,第一\u{1B}小学,primary,410303\n4103030002,第二小学,primary,410303\n".utf8)
        let e = assertRefused(nil, fx.registry, "schools import") {
            _ = try csv.withUnsafeBytes { try fx.registry.importSchools(csv: $0, file: "k.csv") }
        }
        XCTAssertEqual(e?.message, """
            import of k.csv refused: 1 bad row; nothing was imported
            k.csv:2: name: character 3 is the control character U+001B; school names hold no control characters
            """)
        let broken = Array("code,name,stage,district\n4103030001,第一小学,primary,410303\n4103030002,".utf8) + [0xB5, 0xDA] + Array(",primary,410303\n".utf8)
        let f = assertRefused(nil, fx.registry, "schools import") {
            _ = try broken.withUnsafeBytes { try fx.registry.importSchools(csv: $0, file: "k.csv") }
        }
        XCTAssertEqual(f?.message, "k.csv:3: invalid UTF-8 at byte 12 of the line (0xB5), and the file is not GB18030 with a known header either; save it as UTF-8 (Excel: CSV UTF-8)")
    }

    func testTextThatCannotHurt_UTF8ValidatorAgreesWithSwift() {
        // Every 1-, 2- and 3-byte pattern over interesting bytes: the byte-level check accepts
        // exactly what Swift's validating decoder accepts.
        let interesting: [UInt8] = [0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
        var cases: [[UInt8]] = interesting.map { [$0] }
        for a in interesting { for b in interesting { cases.append([a, b]); for c in [0x80, 0xBF, 0x41] as [UInt8] { cases.append([a, b, c]); cases.append([a, b, c, 0x80]) } } }
        for bytes in cases {
            let swift = String(validating: bytes, as: UTF8.self) != nil
            let ours = bytes.withUnsafeBytes { CSVField.invalidUTF8($0) } == nil
            XCTAssertEqual(ours, swift, "\(bytes.map { String($0, radix: 16) })")
        }
    }

    // MARK: escaping

    func testTextThatCannotHurt_EscapingShowsEveryControl() {
        XCTAssertEqual("红\u{1B}[31m\u{1B}]0;pwned\u{07}".escapingControls(), "红\\u{1B}[31m\\u{1B}]0;pwned\\u{7}")
        XCTAssertEqual("a\nb\tc\rd".escapingControls(), "a\\nb\\tc\\rd")
        XCTAssertEqual("a\nb\tc\rd\u{1B}".escapingControls(keepingLineBreaks: true), "a\nb\tc\\rd\\u{1B}")
        XCTAssertEqual("\u{7F}\u{85}\u{9B}\u{2028}\u{2029}\u{202E}\u{2067}".escapingControls(),
                       "\\u{7F}\\u{85}\\u{9B}\\u{2028}\\u{2029}\\u{202E}\\u{2067}")
        XCTAssertEqual("张三 Renée e\u{301} \u{A0}".escapingControls(), "张三 Renée e\u{301} \u{A0}")
    }
}
