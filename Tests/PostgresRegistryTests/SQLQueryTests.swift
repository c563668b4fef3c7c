import Foundation
import Generator
import PostgresRegistry
import PostgresRQL
import RQL
import Registry
import XCTest

/// Finds and counts compiled to SQL answer exactly what the registry in memory answers: the
/// same rows in the same order, the same groups, for every field and operator, with missing
/// values, `not`, Chinese text and ties; point statements go to the shard holding the student.
final class SQLQueryTests: PostgresTestCase {
    /// Schools in seven provinces, 1,500 students, then changes that move and mark some of them.
    private func populate(_ s: Session) throws {
        var options = RegistryGenerator.Options(students: 1_500, seed: 18)
        options.perSchool = 60
        options.districts = Regions.elsewhere + Regions.luoyang
        var g = RegistryGenerator(options)
        let schools = g.schools()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xjsql-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try RegistryGenerator.schoolsCSV(schools).write(to: dir.appendingPathComponent("schools.csv"), atomically: true, encoding: .utf8)
        try Data(g.studentsCSV(schools: schools)).write(to: dir.appendingPathComponent("students.csv"))
        ok(s, """
            import schools from "\(dir.path)/schools.csv"
            import students from "\(dir.path)/students.csv"
            """)
        // A few students of each kind the answers must agree on: moved to another province,
        // withdrawn, without a class, with a class.
        let numbers = students(s).prefix(40).map(\.number.description)
        let beijing = schools.first { $0.district == 110105 && $0.stage == .primary } ?? schools.first { $0.district / 10_000 == 11 }!
        for (i, n) in numbers.enumerated() {
            switch i % 4 {
            case 0:
                let st = try s.registry.student(RegistryNumber(n)!)
                if st.grade <= 6, s.registry.school(at: st.schoolIndex).stage == .primary {
                    _ = run(s, "transfer \(n) to \(beijing.code) on 2025-10-02 reason \"随父母工作调动\"")
                }
            case 1: ok(s, "withdraw \(n) on 2025-10-02 reason \"出国\"")
            case 2: _ = run(s, "correct \(n) set class = \(i % 7 + 1) reason \"分班\"")
            default: break
            }
        }
        let now = students(s)
        XCTAssertGreaterThanOrEqual(now.filter { $0.status == .withdrawn }.count, 10)
        XCTAssertGreaterThanOrEqual(now.filter { $0.klass != nil }.count, 10)
        XCTAssertGreaterThanOrEqual(now.filter { s.registry.school(at: $0.schoolIndex).code.description == beijing.code }.count,
                                    options.perSchool + 1)
    }

    private func students(_ s: Session) -> [Student] {
        (0..<s.registry.studentCount).map { s.registry.student(StudentID(Int32($0))) }
    }

    /// Statements over every field and operator; each must be answered by the server.
    static let queries: [String] = [
        "find", "count",
        "find where grade = 3 order by name",
        "find where grade between 7 and 9 and gender = \"F\" order by birth desc limit 20",
        "find where name like \"王%\" order by name, birth",
        "find where name like \"_明\"",
        "find where not (name like \"李%\") and grade > 10 order by no limit 30",
        "find where class = 3", "find where not (class = 3) and grade = 2 limit 50", "find where class is null limit 10",
        "find where class is not null order by class desc, name",
        "find where ethnicity != \"汉族\" order by ethnicity, name",
        "find where not (ethnicity = \"汉族\") limit 40",
        "find where hukou = 110105", "find where hukou.name like \"%区\" and grade = 1 limit 25",
        "find where not (hukou in (410303, 410304)) and grade = 4 limit 30",
        "find where school.district.name = \"洛阳市西工区\" and grade in (1, 2) order by school, name",
        "find where school.province = 11", "find where school.city = 4103 and status = \"active\" limit 30",
        "find where status = \"withdrawn\"", "find where status != \"active\"",
        "find where age >= 15 order by age desc, birth limit 15",
        "find where birth between 2012-01-01 and 2012-06-30 order by birth",
        "find where enrolled_on > 2025-01-01 order by enrolled_on desc limit 10",
        "find where migrant = \"yes\" order by name limit 30", "find where not (left_behind = \"yes\") and grade = 5 limit 40",
        "find where left_behind is null", "find where migrant = \"no\" or left_behind = \"yes\" limit 40",
        "find where id_card like \"41030%\" order by id_card limit 10",
        "find where school.stage = \"senior\" order by school.name, name limit 30",
        "find where (grade = 1 or grade = 12) and not (gender = \"M\") order by grade desc, no limit 25",
        "find show no, name, hukou, hukou.name, school.name, school.district, school.city, school.province, class, age, migrant, left_behind where grade = 6 order by hukou.name, no",
        "count by grade", "count by school.province", "count by school.district.name, gender",
        "count by hukou.name", "count by migrant, left_behind", "count where grade > 6 by school.stage, age",
        "count by status", "count by class", "count where not (class = 1) by class",
        "count by ethnicity", "count by school.city", "count where name like \"张%\" by school.name",
        "count by enrolled_on", "count where school.province = 41 by school.district",
        "count by grade order by count desc limit 3", "count by school.stage show share",
        // As of a day: the versions that held then.
        "count by grade as of 2025-09-15", "count by status as of 2025-10-01", "count by status as of 2025-10-02",
        "count by school.province as of 2025-10-01", "count by school.province, class as of 2025-10-02",
        "find where school.province = 11 as of 2025-10-01", "find where school.province = 11 and grade = 3 as of 2025-10-02",
        "find where status = \"withdrawn\" or class is not null as of 2025-10-02",
        "find where age = 10 order by birth, name as of 2025-06-01", "count by age as of 2020-09-01",
        "find show no, name, age, school.name, school.district.name where grade = 2 order by age, no as of 2025-10-01",
        // Duplicate groups, formed by the server over every student.
        "check duplicates", "check duplicates where school.province = 41", "check duplicates by school.province",
        "check duplicates as of 2025-10-01",
    ]

    private func compare(_ s: Session, _ server: SQLQueries, _ statements: [String],
                         file: StaticString = #filePath, line: UInt = #line) {
        for text in statements {
            let parsed = RQLParser.parse(text)
            guard let st = parsed.statements.first, parsed.diagnostics.isEmpty else {
                XCTFail("\(text): \(parsed.diagnostics.map(\.message))", file: file, line: line); continue
            }
            s.queryServer = nil
            let memory = Result { () throws(Diagnostic) in try s.execute(st) }
            s.queryServer = server
            let sql = Result { () throws(Diagnostic) in try s.execute(st) }
            switch (memory, sql) {
            case (.success(let a), .success(let b)):
                XCTAssertEqual(a.map(\.dump), b.map(\.dump), text, file: file, line: line)
                XCTAssertGreaterThan(a.map(\.dump).joined().count, 0, text, file: file, line: line)
            default:
                XCTFail("\(text): memory \(memory), server \(sql)", file: file, line: line)
            }
            // And it was the server that answered.
            let explained = (try? s.execute(RQLParser.parse("explain " + text).statements[0]))?.map(\.dump).joined() ?? ""
            XCTAssert(explained.contains("answered by: PostgreSQL"), "\(text): \(explained)", file: file, line: line)
        }
    }

    func testEveryQueryAnswersAsInMemoryOnOneServer() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        try populate(s)
        let server = try XCTUnwrap(SQLQueries(s.database))
        compare(s, server, Self.queries)
        // The generator plants duplicates: there are groups to agree on.
        let duplicates = try s.execute(RQLParser.parse("check duplicates").statements[0]).map(\.dump).joined()
        XCTAssert(duplicates.contains("\n1 | G") && duplicates.contains("\n2 | G"), duplicates)
        // A point statement by number, and by an old L number's G.
        let n = students(s)[5].number.description
        compare(s, server, ["find where no = \"\(n)\"", "count where no = \"\(n)\" by school"])
    }

    func testPointStatementsGoToTheShardAndNationalOnesToEveryShard() throws {
        let (coordinator, _) = try newShardedRegistry()
        // As a registry sharded before the shards read at once (migration 8 sets it; 9 came later)
        // and before they read 10,000 rows a trip (migration 18; shard 2 kept it, as a server made since).
        try Self.psql(coordinator, """
            DROP POLICY xueji_scope ON student_versions; ALTER TABLE student_versions DISABLE ROW LEVEL SECURITY;
            ALTER SERVER xueji_shard1 OPTIONS (DROP async_capable, DROP fetch_size);
            DROP VIEW province_chains; DROP TABLE xueji_anchor; ALTER TABLE journal DROP COLUMN links;
            DELETE FROM xueji_migrations WHERE version >= 8
            """)
        let s = try session(coordinator, today: "2025-11-01")
        try populate(s)
        let server = try XCTUnwrap(SQLQueries(s.database))
        compare(s, server, Array(Self.queries.prefix(12)) + ["count by school.province", "count by hukou.name",
                                                             "count by school.province as of 2025-10-01",
                                                             "find where school.province = 11 as of 2025-10-01",
                                                             "check duplicates"])
        // A student of Beijing (province 11) is read on the shard holding 11, the national count
        // on the coordinator, over every shard.
        let moved = try XCTUnwrap(students(s).first { s.registry.school(at: $0.schoolIndex).district.rawValue / 10_000 == 11 })
        let point = "find where no = \"\(moved.number)\""
        compare(s, server, [point, point + " as of 2025-09-15"])
        // Its history from the events its shard holds (moved there with it).
        compareHistories(s, server, [moved.number.description] + students(s).prefix(6).map(\.number.description))
        let history = try s.execute(RQLParser.parse("explain history \(moved.number)").statements[0]).map(\.dump).joined()
        XCTAssert(history.contains("answered by: PostgreSQL shard") && history.contains("(province 11)"), history)
        let explained = try s.execute(RQLParser.parse("explain " + point).statements[0]).map(\.dump).joined()
        XCTAssert(explained.contains("answered by: PostgreSQL shard"), explained)
        XCTAssert(explained.contains("(province 11)"), explained)
        let national = try s.execute(RQLParser.parse("explain count by school.province").statements[0]).map(\.dump).joined()
        XCTAssert(national.contains("answered by: PostgreSQL postgres://"), national)
        XCTAssert(national.contains("Foreign Scan"), national)
        XCTAssertEqual(try Self.psql(coordinator, "SELECT count(*) FROM pg_foreign_server WHERE 'async_capable=true' = ANY(srvoptions)"), "2")
        XCTAssertEqual(try Self.psql(coordinator, "SELECT count(*) FROM pg_foreign_server WHERE 'fetch_size=10000' = ANY(srvoptions)"), "2")
    }

    func testAStudentsPartitionIsTakenFromMemoryAndAskedAgainWhenItMovedMeanwhile() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        try populate(s)
        s.queryServer = try XCTUnwrap(SQLQueries(s.database))
        let st = try XCTUnwrap(students(s).first { s.registry.school(at: $0.schoolIndex).district.rawValue / 10_000 == 41 })
        let point = "find where no = \"\(st.number)\""
        let explained = try s.execute(RQLParser.parse("explain " + point).statements[0]).map(\.dump).joined()
        XCTAssert(explained.contains("FROM students_41 s"), "the partition named, no lookup in homes: \(explained)")
        XCTAssertFalse(explained.contains("homes"), explained)
        // As if another session had moved the student's rows to another province after this
        // session last caught up: the partition memory names is empty, the tables are asked.
        try Self.psql(url, "UPDATE students SET province = 42 WHERE number = '\(st.number)'; UPDATE homes SET province = 42 WHERE number = '\(st.number)'")
        let found = try s.execute(RQLParser.parse(point).statements[0]).map(\.dump).joined()
        XCTAssert(found.contains(st.number.description) && found.contains("1 student"), found)
        let counted = try s.execute(RQLParser.parse("count where no = \"\(st.number)\"").statements[0]).map(\.dump).joined()
        XCTAssert(counted.contains("1"), counted)
        try Self.psql(url, "UPDATE events SET province = 42 WHERE number = '\(st.number)'")
        let history = try s.execute(RQLParser.parse("history \(st.number)").statements[0]).map(\.dump).joined()
        XCTAssert(history.contains("enrol"), history)
    }

    func testTablesWrittenBeforeTheQueryMigrationsAreFilledInAtTheFirstQuery() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        try populate(s)
        try addRecords(s)
        // As a registry written by a xueji before migrations 4, 5, 7 and 12 has them (migration 7
        // notes in `xueji_backfill` what is to be filled).
        try Self.psql(url, """
            UPDATE students SET row = NULL; DELETE FROM student_versions;
            UPDATE events SET actor = NULL, reason = NULL, growth = NULL, note = NULL, relation = NULL;
            UPDATE events SET changes = '[]' WHERE kind = 'enrol'; UPDATE events SET record = NULL;
            INSERT INTO xueji_backfill VALUES ('rows'), ('versions'), ('events')
            """)
        let fresh = try session(url, today: "2025-11-01")
        let server = try XCTUnwrap(SQLQueries(fresh.database))
        compare(fresh, server, ["find where grade = 3 order by name", "find where class is not null", "count by status as of 2025-10-02"])
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students WHERE row IS NULL"), "0")
        XCTAssertEqual(try Self.psql(url, "SELECT count(DISTINCT row) FROM student_versions"), "\(s.registry.studentCount)")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events WHERE actor IS NULL"), "0")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events WHERE record IS NULL"), "0")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM xueji_backfill"), "0")
        XCTAssertTrue(fresh.database.verify().ok, "each student rebuilds from the records filled in")
        // A district table older than this xueji's is brought up to date when a session opens.
        try Self.psql(url, "UPDATE districts SET name = '旧名' WHERE code = 410303; DELETE FROM districts WHERE code = 110105")
        let later = try session(url, today: "2025-11-01")
        compare(later, try XCTUnwrap(SQLQueries(later.database)), ["count by hukou.name", "find where school.district.name = \"洛阳市西工区\" limit 5"])
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM districts WHERE code IN (410303, 110105) AND name <> '旧名'"), "2")
        compareHistories(fresh, server, students(fresh).prefix(48).map(\.number.description))
    }

    /// Growth records, a guardian's confirmation and a correction with its reason for some students.
    private func addRecords(_ s: Session) throws {
        for (i, st) in students(s).prefix(12).enumerated() {
            ok(s, i % 2 == 0 ? "record \(st.number) award \"三好学生\" on 2025-11-01"
                             : "confirm \(st.number) guardian \"张建国\" relation 父亲 on 2025-11-01")
        }
    }

    /// `history` and `show` (now and as of a day) of each student, in memory and from the events
    /// table, must print the same; the server must be the one that answered.
    private func compareHistories(_ s: Session, _ server: SQLQueries, _ numbers: [String],
                                  file: StaticString = #filePath, line: UInt = #line) {
        for n in numbers {
            for text in ["history \(n)", "show \(n)", "show \(n) as of 2025-10-01"] {
                let st = RQLParser.parse(text).statements[0]
                s.queryServer = nil
                let memory = (try? s.execute(st))?.map(\.dump)
                s.queryServer = server
                var sql: [String]? = nil
                let asked = PostgresRegistry.capturingSQL { sql = (try? s.execute(st))?.map(\.dump) }
                XCTAssertNotNil(memory, text, file: file, line: line)
                XCTAssertEqual(memory, sql, text, file: file, line: line)
                XCTAssert(asked.contains { $0.contains("FROM events") }, "\(text): \(asked)", file: file, line: line)
            }
        }
    }

    func testHistoryIsReadFromTheEventsTableAsInMemory() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        try populate(s)
        try addRecords(s)
        let server = try XCTUnwrap(SQLQueries(s.database))
        // Moved across provinces, withdrawn, corrected, with records, untouched.
        compareHistories(s, server, students(s).prefix(48).map(\.number.description))
        let n = students(s)[0].number
        for text in ["explain history \(n)", "explain show \(n)"] {
            let explained = try s.execute(RQLParser.parse(text).statements[0]).map(\.dump).joined()
            XCTAssert(explained.contains("history: read by the server from its events table"), explained)
            XCTAssert(explained.contains("FROM events_"), "the partition named: \(explained)")
            XCTAssert(explained.contains("server's plan:"), explained)
        }
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events WHERE kind = 'record' AND growth = 'award' AND note = '三好学生'"), "6")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events WHERE kind = 'confirm' AND relation = '父亲'"), "6")
    }

    func testVerifyFindsAStudentWithoutItsCurrentVersion() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        try populate(s)
        XCTAssertTrue(s.database.verify().ok)
        try Self.psql(url, "DELETE FROM student_versions WHERE row = 3 AND upper_inf(valid)")
        let report = s.database.verify()
        XCTAssertFalse(report.ok)
        XCTAssert(report.problemIDs.contains { "\($0)".contains("student_versions") }, "\(report.problemIDs)")
    }

    func testInsideATransactionTheRegistryInMemoryAnswersAndAsOfReadsVersions() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        try populate(s)
        s.queryServer = try XCTUnwrap(SQLQueries(s.database))
        let n = students(s)[7].number.description
        ok(s, "begin\ncorrect \(n) set class = 9 reason \"分班\"")
        // The change is only the session's until commit: the server's tables do not have it yet.
        let inBlock = try s.execute(RQLParser.parse("find where class = 9").statements[0]).map(\.dump).joined()
        XCTAssert(inBlock.contains(n), inBlock)
        let explained = try s.execute(RQLParser.parse("explain find where class = 9").statements[0]).map(\.dump).joined()
        XCTAssert(explained.contains("answered in memory"), explained)
        ok(s, "commit")
        let after = try s.execute(RQLParser.parse("explain find where class = 9").statements[0]).map(\.dump).joined()
        XCTAssert(after.contains("answered by: PostgreSQL"), after)
        let asOf = try s.execute(RQLParser.parse("explain count by grade as of 2025-09-15").statements[0]).map(\.dump).joined()
        XCTAssert(asOf.contains("student_versions s") && asOf.contains("s.valid @> DATE '2025-09-15'"), asOf)
    }
}
