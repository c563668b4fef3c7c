import XCTest
@testable import Registry

/// A students import parsed in several parts (one per core) must give exactly what one part
/// gives: the same registry, the same refusals in the same order, wherever the cuts fall.
final class ParallelImportTests: StorageTestCase {
    /// What an import left: the result and the registry's export, or the refusal's text.
    enum Outcome: Equatable {
        case imported(ImportResult, [UInt8], [Student])
        case refused(String)
    }

    func importing(_ text: String, parts: Int) -> Outcome {
        let reg = Registry(today: today)
        try! reg.addSchool(Self.primary)
        try! reg.addSchool(Self.junior)
        var bytes = Array(text.utf8)
        let r: Result<ImportResult, RegistryError> = bytes.withUnsafeMutableBytes { b in
            do throws(RegistryError) {
                return .success(try reg.importStudents(csv: UnsafeRawBufferPointer(b), file: "s.csv", progress: nil, parts: parts))
            } catch { return .failure(error) }
        }
        switch r {
        case .success(let result): return .imported(result, reg.exportStudentsCSV(), reg.allStudents.map { reg.student($0) })
        case .failure(let e):
            XCTAssertEqual(reg.studentCount, 0, "all or nothing")
            return .refused(e.message)
        }
    }

    /// Every part count from 2 to 9 against one part; returns the one-part outcome.
    @discardableResult
    func assertSameInParts(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> Outcome {
        let one = importing(text, parts: 1)
        for parts in 2...9 {
            XCTAssertEqual(importing(text, parts: parts), one, "\(parts) parts", file: file, line: line)
        }
        return one
    }

    /// A good row: pupil `i` in grade 1 of the primary school, with an ID number unless `id` is false.
    func row(_ i: Int, name: String? = nil, id: Bool = true, grade: Int = 1) -> String {
        let birth = Day(year: 2016, month: 1 + i % 12, day: 1 + i % 28)!
        let male = i % 2 == 0
        let idCard = id ? Self.idCard(birth: birth, seq: (male ? 1 : 2) + 2 * (i % 400)) : ""
        return "\(idCard),\(name ?? "学生\(i)"),\(male ? "M" : "F"),\(birth),汉族,410303,4103030001,\(grade),2023-09-01"
    }

    static let header = "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on"

    func testQuotedNewlinesAndCommasAcrossEveryCut() throws {
        var lines = [Self.header]
        for i in 0..<120 {
            switch i % 6 {
            case 0: lines.append(row(i, name: "\"学生,\(i)\""))                     // a comma inside quotes
            case 1: lines.append(row(i, name: "\"学\n生\n\n\(i)\""))                // newlines inside quotes: refused by the text rules
            case 2: lines.append(row(i, name: "\"学\"\"生\"\"\(i)\""))              // doubled quotes
            case 3: lines.append(row(i, name: "学\"生\(i)"))                         // a stray quote mid-field is data
            case 4: lines.append(row(i, id: false))
            default: lines.append(row(i))
            }
        }
        for sep in ["\n", "\r\n"] {
            let text = "\u{FEFF}" + lines.joined(separator: sep) + sep
            guard case .refused(let message) = assertSameInParts(text) else { return XCTFail("rows with newlines in names are refused") }
            XCTAssertTrue(message.contains("20 bad rows"), message)
            // Good rows only: imported the same in every split.
            let good = [Self.header] + lines.dropFirst().enumerated().filter { $0.offset % 6 != 1 }.map(\.element)
            guard case .imported(let r, _, let students) = assertSameInParts("\u{FEFF}" + good.joined(separator: sep) + sep) else {
                return XCTFail("the good rows import")
            }
            XCTAssertEqual(r.imported, 100)
            XCTAssertEqual(students.first?.name, "学生,0")
            XCTAssertEqual(students[1].name, "学\"生\"2")
            XCTAssertEqual(students[2].name, "学\"生3")
        }
    }

    func testBadRowsAndDuplicatesInBothHalvesInLineOrder() throws {
        var lines = [Self.header]
        for i in 0..<200 { lines.append(row(i)) }
        // Line numbers: a quoted line break in line 12 moves every later row one line down.
        lines[11] = row(10, name: "\"甲\n乙\"")                            // line 12: a control character
        lines[30] = ",张三,M,2016-02-30,汉族,,4103030001,1,2023-09-01"      // line 32: no such date
        lines[120] = row(10)                                            // line 122: line 12's ID, free since line 12 was refused
        lines[150] = row(5)                                             // line 152: R1, the ID of line 7
        lines[160] = row(5, grade: 6)                                   // line 162: R1 before R6
        lines[170] = row(170, grade: 6)                                 // line 172: R6
        lines[180] = ",王五,F,2016-05-05,汉族,,4103030001,9,2023-09-01"    // line 182: R5
        lines[190] = "\"unclosed,x"                                     // line 192: never closed, the rest is inside
        let text = lines.joined(separator: "\r\n") + "\r\n"
        guard case .refused(let message) = assertSameInParts(text) else { return XCTFail("refused") }
        let report = message.split(separator: "\n").map(String.init)
        XCTAssertEqual(report.count, 8, message)
        XCTAssertEqual(report.dropFirst().map { $0.split(separator: ":")[1] }, ["12", "32", "152", "162", "172", "182", "192"])
        XCTAssertTrue(report[3].contains("[R1]") && report[3].contains("is already registered"), report[3])
        XCTAssertTrue(report[4].contains("[R1]"), report[4])
        XCTAssertTrue(report[5].contains("[R6]"), report[5])
        XCTAssertTrue(report[7].hasSuffix("a quoted field is never closed"), report[7])
    }

    func testTinyFilesAndTheFiftyRowCap() throws {
        assertSameInParts("")
        assertSameInParts("\u{FEFF}")
        assertSameInParts(Self.header)
        assertSameInParts(Self.header + "\n")
        guard case .imported(let r, _, _) = assertSameInParts(Self.header + "\n" + row(1)) else { return XCTFail("one row imports") }
        XCTAssertEqual(r.imported, 1)
        assertSameInParts(Self.header + "\r\n\r\n" + row(1) + "\r\n\n\n" + row(2) + "\n\n")        // blank lines
        assertSameInParts(Self.header + "\r" + row(1) + "\r" + row(2) + "\r")                       // old Mac line ends
        let many = [Self.header] + (0..<90).map { i in i % 3 == 0 ? row(i) : ",x,M,bad,,,4103030001,1,2023-09-01" }
        guard case .refused(let message) = assertSameInParts(many.joined(separator: "\n")) else { return XCTFail("refused") }
        XCTAssertTrue(message.hasSuffix("… and 10 more"), message)
    }

    /// A Ctrl-C while parts are being read and enrolled: progress was reported, nothing stays.
    func testCancellationUndoesEverything() throws {
        let reg = Registry(today: today)
        try reg.addSchool(Self.primary)
        let text = ([Self.header] + (0..<10_000).map { row($0 % 400, id: $0 < 400) }).joined(separator: "\n")
        var calls = 0
        var bytes = Array(text.utf8)
        XCTAssertThrowsError(try bytes.withUnsafeMutableBytes { b in
            try reg.importStudents(csv: UnsafeRawBufferPointer(b), file: "s.csv", progress: { _, _ in
                calls += 1
                reg.cancellation.cancel()
            }, parts: 8)
        }) { XCTAssertEqual(($0 as! RegistryError).message, "interrupted") }
        XCTAssertEqual(calls, 1)
        XCTAssertEqual(reg.studentCount, 0)
        XCTAssertEqual(reg.eventCount, 0)
    }

    /// The cuts themselves: each part starts where one reader of the whole file starts a record.
    func testPartsStartAtRecordStarts() throws {
        var lines = [Self.header]
        for i in 0..<300 { lines.append(row(i, name: i % 2 == 0 ? "\"学,\n\"\"生\(i)\"" : "学\"生\(i)")) }
        let text = lines.joined(separator: "\n") + "\n"
        Array(text.utf8).withUnsafeBytes { b in
            var reader = CSVReader(b)
            _ = try? reader.next()
            let first = reader.offset
            var recordStarts: Set<Int> = [first]
            while true {
                guard let record = try? reader.next(), record > 0 else { break }
                recordStarts.insert(reader.offset)
            }
            for parts in 1...40 {
                let starts = Registry.partStarts(b, from: first, parts: parts)
                XCTAssertEqual(starts.count, parts, "\(parts) parts")           // records are short: every cut finds one
                XCTAssertEqual(starts, starts.sorted())
                for s in starts { XCTAssertTrue(recordStarts.contains(s), "\(parts) parts: \(s) is not a record start") }
            }
        }
    }
}
