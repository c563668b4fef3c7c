import XCTest
@testable import Registry
@testable import RQL

/// Issue 13, item 3 (first part): in a governed registry every statement is held to the
/// session actor's scope — changes (R18) and what queries answer (privacy).
final class GovernedSessionTests: XCTestCase {
    let nationalKey = SigningKey(), countyKey = SigningKey(), schoolKey = SigningKey()

    /// Two counties' schools with pupils; then national, county:410303 and school:4103030001.
    func governed() throws -> Session {
        let s = Session(database: MemoryDatabase(Registry(today: Day("2025-11-01")!)))
        try run(s, """
            add school 4103030001 name "西工区第一小学" stage primary district 410303
            add school 4103030002 name "西工区第二小学" stage primary district 410303
            add school 4103050001 name "涧西区第一小学" stage primary district 410305
            enrol name = "甲", gender = M, birth = 2017-03-15, id_card = "410303201703150017" at 4103030001 grade 2 on 2024-09-01
            enrol name = "乙", gender = F, birth = 2017-05-05, id_card = "410303201705050028" at 4103030002 grade 2 on 2024-09-01
            enrol name = "丙", gender = M, birth = 2017-07-07, id_card = "410305201707070017" at 4103050001 grade 2 on 2024-09-01
            """)
        s.identity = (.national, nationalKey)
        try run(s, """
            add actor national name "教育部" key "\(nationalKey.publicKey)"
            add actor county:410303 name "西工区教育局" key "\(countyKey.publicKey)"
            add actor school:4103030001 name "西工区第一小学" key "\(schoolKey.publicKey)"
            """)
        return s
    }

    @discardableResult
    func run(_ s: Session, _ text: String) throws -> [OutputItem] { try s.run(text) }

    func refusal(_ s: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Diagnostic? {
        do { try run(s, text); XCTFail("\(text) was not refused", file: file, line: line); return nil } catch let d as Diagnostic { return d } catch {
            XCTFail("\(error)", file: file, line: line); return nil
        }
    }

    func count(_ s: Session, _ text: String = "count") throws -> String { try s.rows(text) }

    func testQueriesAnswerFromTheScopeOnly() throws {
        let s = try governed()
        XCTAssertEqual(try count(s), "3")
        s.identity = (ActorName("county:410303")!, countyKey)
        XCTAssertEqual(try count(s), "2", "a county counts its schools' students")
        XCTAssertEqual(try count(s, "count where grade = 2"), "2")
        XCTAssertEqual(try count(s, "count by school"), "4103030001 1; 4103030002 1")
        XCTAssertEqual(try count(s, "count where school = 4103050001"), "0")
        guard case .table(let schools) = try run(s, "find schools").first else { return XCTFail() }
        XCTAssertEqual(schools.rows.count, 2)
        XCTAssertEqual(refusal(s, "show G410305201707070017")?.rule, .r18)
        XCTAssertEqual(refusal(s, "history G410305201707070017")?.rule, .r18)
        // explain estimates, checks and exports answer from the scope too.
        let plan = try run(s, "explain count where grade = 2").map { item -> String in
            if case .message(let m) = item { return m }
            return ""
        }.joined(separator: "\n")
        XCTAssertTrue(plan.contains("410303") && !plan.contains("3 students"), "the plan counts only the scope:\n\(plan)")
        XCTAssertEqual(try count(s, "check dropouts"), "")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-gov-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try run(s, "export students to \"\(dir.path)/s.csv\"")
        try run(s, "export schools to \"\(dir.path)/k.csv\"")
        let students = try String(contentsOf: dir.appendingPathComponent("s.csv"), encoding: .utf8)
        let schoolsCSV = try String(contentsOf: dir.appendingPathComponent("k.csv"), encoding: .utf8)
        XCTAssertEqual(students.split(separator: "\n").count, 3, students)
        XCTAssertFalse(students.contains("410305201707070017"), students)
        XCTAssertEqual(schoolsCSV.split(separator: "\n").count, 3, schoolsCSV)
        XCTAssertFalse(schoolsCSV.contains("4103050001"), schoolsCSV)
        s.identity = (ActorName("school:4103030001")!, schoolKey)
        XCTAssertEqual(try count(s), "1", "a school counts its own students")
        XCTAssertEqual(refusal(s, "show G410303201705050028")?.rule, .r18)
        s.identity = nil
        XCTAssertEqual(refusal(s, "count")?.rule, .r18, "no actor: nothing but verify")
        XCTAssertNoThrow(try run(s, "verify"))
    }

    func testChangesReachTheScopeOnly() throws {
        let s = try governed()
        s.identity = (ActorName("school:4103030001")!, schoolKey)
        XCTAssertEqual(refusal(s, "record G410303201705050028 award \"三好\"")?.rule, .r18, "another school's student")
        XCTAssertEqual(refusal(s, "add school 4103030003 name \"新校\" stage primary district 410303")?.rule, .r18, "a school adds no school")
        try run(s, "record G410303201703150017 award \"三好学生\"")
        // A school may take a student from outside its scope by a transfer into itself: a
        // request, awaiting its county, then the sending side (no school or county actor
        // there: national).
        guard case .message(let opened) = try run(s, "transfer G410305201707070017 to 4103030001 reason \"随父母搬家\"").first else { return XCTFail() }
        XCTAssertEqual(opened, "request #1 transfer G410305201707070017 4103050001 → 4103030001: awaiting county:410303 by 2025-11-14")
        XCTAssertEqual(try count(s), "1", "nothing changed yet")
        XCTAssertEqual(refusal(s, "approve #1")?.rule, .r19)
        // A party to the request sees the student's basic fields, not the hukou, nor the history.
        let basic = try run(s, "show G410305201707070017")
        guard case .table(let record) = basic.first else { return XCTFail() }
        XCTAssertEqual(record.columns.map(\.name), ["no", "name", "gender", "birth", "school", "school.name", "grade", "status"])
        XCTAssertEqual(refusal(s, "history G410305201707070017")?.rule, .r18)
        s.identity = (ActorName("county:410303")!, countyKey)
        XCTAssertEqual(try count(s, "check pending"), "#1 transfer transfer G410305201707070017 4103050001 → 4103030001 open county:410303 2025-11-14 school:4103030001 2025-11-01")
        try run(s, "approve #1")
        s.identity = (.national, nationalKey)
        guard case .message(let done) = try run(s, "approve #1 reason \"同意\"").first else { return XCTFail() }
        XCTAssertTrue(done.hasSuffix(": done"), done)
        s.identity = (ActorName("school:4103030001")!, schoolKey)
        XCTAssertEqual(try count(s), "2")
        // The student's history lists every step of the request: who, when, what.
        guard case .table(let steps) = try run(s, "history G410305201707070017").last else { return XCTFail() }
        XCTAssertEqual(steps.rows.map { $0[2].description + " " + $0[3].description },
                       ["school:4103030001 started", "county:410303 approved", "national approved: 同意"])
        XCTAssertEqual(refusal(s, "transfer G410303201705050028 to 4103050001")?.rule, .r18, "but not out of it into another's")
        s.identity = (ActorName("county:410303")!, countyKey)
        XCTAssertEqual(refusal(s, "add school 4103050002 name \"涧西区第二小学\" stage primary district 410305")?.rule, .r18)
        try run(s, "add school 4103030003 name \"西工区第三小学\" stage primary district 410303")
        guard case .message(let m) = try run(s, "promote where grade = 2").first else { return XCTFail() }
        XCTAssertTrue(m.hasPrefix("promoted 3"), m)
        s.identity = (.national, nationalKey)
        XCTAssertEqual(try count(s, "count where grade = 3"), "3")
    }

    /// WORKFLOW.md: a school keeps its former students read-only, as they stood on the day they
    /// left; `as of` a day they were there answers with them; nothing after they left shows.
    func testAFormerStudentStaysVisibleReadOnlyAsOnTheDayTheyLeft() throws {
        let s = try governed()
        try run(s, """
            record G410303201703150017 award "三好学生" on 2025-09-10
            transfer G410303201703150017 to 4103050001 on 2025-10-08 reason "随父母搬家"
            record G410303201703150017 award "涧西区优秀少先队员" on 2025-10-20
            """)
        for actor in ["school:4103030001", "county:410303"] {
            s.identity = (ActorName(actor)!, actor.hasPrefix("school") ? schoolKey : countyKey)
            let here = actor.hasPrefix("school") ? "school = 4103030001" : "school.district = 410303"
            XCTAssertEqual(try count(s, "count where \(here)"), actor.hasPrefix("school") ? "0" : "1", actor)
            XCTAssertEqual(try count(s, "find where \(here) and name = \"甲\" as of 2025-10-01 show no"), "G410303201703150017", actor)
            XCTAssertEqual(try count(s, "find where name = \"甲\" as of 2025-10-08 show no"), "", actor)
            let shown = try run(s, "show G410303201703150017")
            guard case .table(let record) = shown.first, case .table(let events) = shown.dropFirst().first,
                  case .message(let said) = shown.last else { return XCTFail("\(shown)") }
            let field = Dictionary(uniqueKeysWithValues: zip(record.columns.map(\.name), record.rows[0].map(\.description)))
            XCTAssertEqual([field["school"], field["grade"], field["status"]], ["4103030001", "2", "active"], actor)
            XCTAssertEqual(events.rows.map { $0[3].description }, ["enrol", "record", "transfer"], "nothing after they left")
            XCTAssertEqual(said, "(a former student of your scope: as they stood when they left, on 2025-10-08; read-only)")
            let history = try run(s, "history G410303201703150017")
            guard case .table(let listed) = history.first else { return XCTFail() }
            XCTAssertEqual(listed.rows, events.rows)
            XCTAssertEqual(history.count, 2, "no request steps: \(history)")
            XCTAssertTrue(try count(s, "show G410303201703150017 as of 2025-10-01").hasPrefix("G410303201703150017 "), "as they were then")
            XCTAssertEqual(refusal(s, "show G410303201703150017 as of 2025-10-20")?.rule, .r18)
            XCTAssertEqual(refusal(s, "record G410303201703150017 award \"三好学生\"")?.rule, .r18, "read-only")
            XCTAssertEqual(refusal(s, "show G410305201707070017")?.rule, .r18, "never in the scope")
            XCTAssertEqual(refusal(s, "history G410305201707070017")?.rule, .r18)
        }
    }
}
