import Foundation
@testable import PostgresRegistry
import PostgresRQL
import RQL
import Registry
import XCTest

/// The PostgreSQL backend against a real server: the schema and its migrations, the tables the
/// entries are mirrored into (by province), catching up with other sessions, the writer lock,
/// transactions and their idle timeout, verify.
final class PostgresBackendTests: PostgresTestCase {
    static let schools = """
        add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
        add school 4201020001 name "武汉市江岸区第一小学" stage primary district 420102
        """

    func testInitCreatesTheSchemaOnceAndOpenRefusesADatabaseWithout() throws {
        XCTAssertThrowsError(try PostgresRegistry.open(url, today: Day("2025-09-01")!)) { error in
            XCTAssertEqual((error as? StorageError)?.id, .schemaMissing(address: url.description))
        }
        let applied = try PostgresRegistry.initialize(url)
        XCTAssertEqual(applied.map(\.version), Array(1...PostgresRegistry.schemaVersion))
        XCTAssertEqual(try PostgresRegistry.initialize(url), [], "a second init applies nothing")
        XCTAssertEqual(try Self.psql(url, "SELECT max(version) FROM xueji_migrations"), "\(PostgresRegistry.schemaVersion)")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'students'::regclass"), "35",
                       "34 provinces and a default partition")
        // A newer schema than this xueji knows is refused, not used.
        try Self.psql(url, "INSERT INTO xueji_migrations (version, description) VALUES (99, 'from the future')")
        XCTAssertThrowsError(try PostgresRegistry.open(url, today: Day("2025-09-01")!)) { error in
            XCTAssertEqual((error as? StorageError)?.id, .schemaTooNew(address: url.description, found: 99, known: PostgresRegistry.schemaVersion))
        }
    }

    func testAnUnreachableServerIsSaidSo() {
        let nowhere = PostgresURL("postgres://xueji@127.0.0.1:1/xueji")!
        XCTAssertThrowsError(try PostgresRegistry.open(nowhere, today: Day("2025-09-01")!)) { error in
            guard case .serverUnreachable(let address, _)? = (error as? StorageError)?.id else { return XCTFail("\(error)") }
            XCTAssertEqual(address, "postgres://xueji@127.0.0.1:1/xueji")
        }
    }

    func testAddressesParseAsUsersTypeThem() {
        let u = PostgresURL("postgresql://admin:p%40ss@db.example:6543/henan?sslmode=disable")!
        XCTAssertEqual([u.user, u.password, u.host, "\(u.port)", u.database], ["admin", "p@ss", "db.example", "6543", "henan"])
        XCTAssertEqual(u.description, "postgres://admin@db.example:6543/henan", "the password is never shown")
        XCTAssertEqual(PostgresURL("postgres://localhost")?.database, "postgres")
        XCTAssertNil(PostgresURL("postgres://:5432/x"))
        XCTAssertNil(PostgresURL("postgres://h:99999/x"))
        XCTAssertNil(PostgresURL("luoyang.xj"))
    }

    func testEveryChangeIsMirroredIntoTheProvincesTablesAndATransferAcrossProvincesMovesTheRows() throws {
        try initializeURL()
        let s = try session()
        ok(s, Self.schools)
        ok(s, """
            enrol name = "李思思", gender = F, birth = 2015-05-05, id_card = "410303201505050023" at 4103030001 grade 3 on 2023-09-01
            correct G410303201505050023 set migrant = yes reason "随父母务工"
            """)
        XCTAssertEqual(try Self.psql(url, "SELECT number, name, grade, migrant FROM students_41"), "G410303201505050023|李思思|3|t")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events_41"), "2")
        XCTAssertEqual(try Self.psql(url, "SELECT id_card FROM id_numbers"), "410303201505050023")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM schools"), "2")
        XCTAssertEqual(try Self.psql(url, "SELECT changes->0->>'field' FROM events WHERE kind = 'correct'"), "migrant")
        // A first enrolment keeps the record as enrolled, as one object (migrant was not known then).
        XCTAssertEqual(try Self.psql(url, "SELECT (changes->>'name') || ',' || (changes->>'school') || ',' || (changes ? 'migrant')::text FROM events WHERE kind = 'enrol'"),
                       "李思思,4103030001,false")

        ok(s, "transfer G410303201505050023 to 4201020001 on 2025-09-01 reason \"随父母迁入武汉\"")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students_41"), "0")
        XCTAssertEqual(try Self.psql(url, "SELECT school FROM students_42"), "4201020001")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events_42"), "3", "the history moved with the student")
        XCTAssertEqual(try Self.psql(url, "SELECT seq FROM xueji_head"), try Self.psql(url, "SELECT max(seq) FROM journal"))
        XCTAssertNil(run(s, "verify"))
    }

    /// The statements a write sends under the writer lock (PostgresNIO waits for each one's answer).
    private func writeStatements(_ s: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let sql = PostgresRegistry.capturingSQL { () throws(Never) in ok(s, text, file: file, line: line) }
        guard let lock = sql.firstIndex(where: { $0.contains("xueji_lock(") }) else { XCTFail("no lock: \(sql)", file: file, line: line); return [] }
        return Array(sql[(lock + 1)...])
    }

    /// What the tables say of every student against what the engine says: the row (number, ID
    /// number, school, grade, status), the ID numbers the R1 coordinator holds, the current versions.
    private func assertTablesAgree(_ s: Session, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = s.registry
        var rows: [String] = [], ids: [String] = []
        for i in 0..<r.studentCount {
            let st = r.student(StudentID(Int32(i)))
            rows.append("\(st.number)|\(st.idCard?.description ?? "")|\(r.school(at: st.schoolIndex).code)|\(st.grade)|\(st.status.rawValue)")
            if let card = st.idCard { ids.append("\(card)|\(st.number)") }
        }
        XCTAssertEqual(try Self.psql(url, "SELECT number, coalesce(id_card, ''), lpad(school::text, 10, '0'), grade, status FROM students ORDER BY number COLLATE \"C\""),
                       rows.sorted().joined(separator: "\n"), file: file, line: line)
        XCTAssertEqual(try Self.psql(url, "SELECT id_card, number FROM id_numbers ORDER BY id_card COLLATE \"C\""),
                       ids.sorted().joined(separator: "\n"), file: file, line: line)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM student_versions WHERE upper_inf(valid)"), "\(r.studentCount)", file: file, line: line)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students s JOIN homes h USING (number) WHERE h.province = s.province"),
                       "\(r.studentCount)", "every student's home names its partition", file: file, line: line)
        XCTAssertTrue(s.database.verify().ok, file: file, line: line)
    }

    func testAWriteIsOneStatementUnlessItChangesANumberAnIDNumberOrAStatus() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        ok(s, Self.schools + "\nadd school 4103030002 name \"洛阳市西工区第二小学\" stage primary district 410303")
        ok(s, "enrol name = \"王一\", gender = M, birth = 2018-01-01, id_card = \"410303201801010018\" at 4103030001 grade 1 on 2025-09-01")
        // An enrolment, a transfer within the province and one across: the rows, the versions,
        // the events, the entry and the head in one statement, which commits as it ends (no
        // BEGIN, no COMMIT) and releases the writer lock.
        for write in ["enrol name = \"李二\", gender = F, birth = 2017-02-02, id_card = \"410303201702020026\" at 4103030001 grade 2 on 2025-09-01",
                      "transfer G410303201801010018 to 4103030002 on 2025-09-02 reason \"搬家\"",
                      "transfer G410303201801010018 to 4201020001 on 2025-09-03 reason \"随父母迁入武汉\""] {
            let sent = try writeStatements(s, write)
            XCTAssertEqual(sent.count, 1, "\(write): \(sent)")
            XCTAssert(sent.last?.hasSuffix("RETURNING pg_advisory_unlock(7462), set_config('idle_session_timeout', '0', false)") == true, "\(sent)")
            try assertTablesAgree(s)
            XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0", "the lock is released")
        }
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events_42"), "3", "the history moved with the student")
        // A status change and a number given to a child without an ID number: the old rows go in
        // a statement of their own, the two in one transaction.
        let void = try writeStatements(s, "void G410303201702020026 reason \"重复录入\"")
        XCTAssertEqual(void.count, 5, "\(void)")
        XCTAssertEqual([void.first, void[3], void.last], ["BEGIN", "COMMIT", "SELECT pg_advisory_unlock_all(), set_config('idle_session_timeout', '0', false)"])
        try assertTablesAgree(s)
        // A write the rules refuse sends nothing and releases the lock too.
        XCTAssertEqual(run(s, "enrol name = \"李二\", gender = F, birth = 2017-02-02, id_card = \"410303201702020026\" at 4103030001 grade 2 on 2025-09-01")?.rule, .r1)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0")
        ok(s, "enrol name = \"无证\", gender = M, birth = 2018-03-15, hukou = 410303 at 4103030001 grade 1 on 2025-09-01")
        XCTAssertGreaterThan(try writeStatements(s, "correct L410303201803150001 set id_card = \"410303201803150014\" reason \"补办身份证\"").count, 2)
        try assertTablesAgree(s)
        // A transaction's students, some new, some changed, some moved: one entry.
        ok(s, """
            begin
            enrol name = "赵三", gender = M, birth = 2016-06-06, id_card = "410303201606060036" at 4103030002 grade 3 on 2025-09-01
            transfer G410303201803150014 to 4201020001 on 2025-11-01 reason "搬家"
            transfer G410303201801010018 to 4103030001 on 2025-11-01 reason "回原籍"
            commit
            """)
        try assertTablesAgree(s)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0")
    }

    func testASecondSessionSeesTheFirstsChangesAndTheRulesHoldAcrossThem() throws {
        try initializeURL()
        let a = try session(), b = try session()
        ok(a, Self.schools)
        ok(a, "enrol name = \"王一\", gender = M, birth = 2018-01-01, id_card = \"410303201801010018\" at 4103030001 grade 1 on 2025-09-01")
        // b opened before a's changes: it catches up before each statement.
        XCTAssertEqual(b.registry.studentCount, 0)
        let again = run(b, "enrol name = \"王一\", gender = M, birth = 2018-01-01, id_card = \"410303201801010018\" at 4103030001 grade 1 on 2025-09-01")
        XCTAssertEqual(again?.rule, .r1)
        XCTAssertEqual(b.registry.studentCount, 1)
        ok(b, "transfer G410303201801010018 to 4201020001 on 2025-09-01 reason \"搬家\"")
        ok(a, "count")
        XCTAssertEqual(try a.registry.student(RegistryNumber("G410303201801010018")!).schoolIndex, 1)
        // A writer of an open registry past `replayedUpTo` students holds those named only, and
        // the rules hold as in a whole session; up to it, it replays the journal.
        let whole = try PostgresRegistry.open(url, today: Day("2025-09-01")!)
        XCTAssertFalse(whole.isPartial)
        whole.close()
        let limit = PostgresRegistry.replayedUpTo
        PostgresRegistry.replayedUpTo = 0
        defer { PostgresRegistry.replayedUpTo = limit }
        let named = try PostgresRegistry.open(url, today: Day("2025-09-10")!)
        XCTAssertTrue(named.isPartial)
        let c = Session(database: named, queryServer: SQLQueries(named))
        XCTAssertEqual(named.registry.studentCount, 0)
        let third = run(c, "enrol name = \"王一\", gender = M, birth = 2018-01-01, id_card = \"410303201801010018\" at 4103030001 grade 1 on 2025-09-01")
        XCTAssertEqual(third?.rule, .r1)
        ok(c, "transfer G410303201801010018 to 4103030001 on 2025-09-02 reason \"回迁\"")
        ok(a, "count")
        XCTAssertEqual(try a.registry.student(RegistryNumber("G410303201801010018")!).schoolIndex, 0)
        XCTAssertTrue(named.verify().ok, "\(named.verify().problemIDs)")
    }

    /// A session reads the journal part by part (at open, catching up, verifying): each part's
    /// payloads fit in the bound the session gives, and a part holds at least one entry.
    func testTheJournalIsReadPartByPart() throws {
        try initializeURL()
        let a = try session()
        ok(a, Self.schools)
        for i in 1...3 {
            ok(a, "enrol name = \"王\(i)\", gender = M, birth = 2018-01-0\(i), hukou = 410303 at 4103030001 grade 1 on 2025-09-01")
        }
        let store = try PostgresStore(url)
        defer { store.close() }
        let all = try store.entries(after: 0)
        XCTAssertEqual(all.count, 5)
        func part(_ after: UInt64, _ bytes: Int) throws -> String {
            let p = try store.entries(after: after, atMost: bytes)
            return p.entries.map { "\($0.sequence)" }.joined(separator: ",") + (p.more ? " and more" : "")
        }
        XCTAssertEqual(try part(0, 1), "1 and more", "a part holds at least one entry")
        let two = all[1].payload.count + all[2].payload.count
        XCTAssertEqual(try part(1, two), "2,3 and more")
        XCTAssertEqual(try part(1, two - 1), "2 and more")
        XCTAssertEqual(try part(3, 1 << 30), "4,5")
        XCTAssertEqual(try part(5, 1 << 30), "")
        // A session opened on it, and its verify, read it so.
        let b = try session()
        XCTAssertEqual(b.registry.studentCount, 3)
        XCTAssertTrue(b.database.verify().ok)
    }

    func testATransactionHoldsTheWriterLockAndIsOneEntry() throws {
        try initializeURL()
        let a = try session(), b = try session()
        ok(a, Self.schools)
        ok(a, """
            begin
            enrol name = "赵一", gender = F, birth = 2018-02-02, id_card = "410303201802020023" at 4103030001 grade 1 on 2025-09-01
            """)
        // b's change waits for a's commit, then sees a's student and is refused by R1.
        let done = expectation(description: "b's enrol ran")
        let refusal = Handoff<Diagnostic?>(nil), other = Handoff(b)
        let thread = Thread {
            refusal.value = Self.run(other.value, "enrol name = \"赵一\", gender = F, birth = 2018-02-02, id_card = \"410303201802020023\" at 4103030001 grade 1 on 2025-09-01")
            done.fulfill()
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students"), "0", "nothing is visible before commit")
        ok(a, "enrol name = \"赵二\", gender = F, birth = 2018-03-03, id_card = \"410303201803030020\" at 4103030001 grade 1 on 2025-09-01")
        ok(a, "commit")
        wait(for: [done], timeout: 30)
        XCTAssertEqual(refusal.value?.rule, .r1)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students"), "2")
        XCTAssertEqual(try Self.psql(url, "SELECT label FROM journal ORDER BY seq DESC LIMIT 1"), "transaction")
    }

    func testAnIdleTransactionTimesOutAndLeavesNothing() throws {
        try initializeURL()
        let a = try session(idleTimeout: 1)
        ok(a, Self.schools)
        ok(a, """
            begin
            enrol name = "钱一", gender = M, birth = 2018-04-04, id_card = "41030320180404001X" at 4103030001 grade 1 on 2025-09-01
            """)
        Thread.sleep(forTimeInterval: 2.5)
        XCTAssertNotNil(run(a, "commit"), "the server ended the idle transaction")
        XCTAssertEqual(a.registry.studentCount, 0, "memory holds nothing the server does not")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students"), "0")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM journal"), "2", "only the two schools")
        // The session goes on: a new connection is not needed for reads of what it holds.
        let b = try session()
        XCTAssertEqual(b.registry.studentCount, 0)
    }

    func testASessionThatStopsHoldingTheWriterLockIsEndedAndOthersGoOn() throws {
        try initializeURL()
        let a = try session(idleTimeout: 1)
        ok(a, Self.schools)
        // A one-statement write holds the lock outside a transaction; its session stops in the
        // middle (suspended, hung): the server ends it after the idle timeout.
        let holding = DispatchSemaphore(value: 0)
        let other = try session()
        let refused = Handoff<RegistryError?>(nil)
        let database = Handoff(a.database)
        let thread = Thread {
            do throws(RegistryError) {
                try database.value.write(label: "enrol") { (r: Registry) throws(RegistryError) in
                    _ = try r.enrol(NewStudent(name: "钱一", gender: .male, birth: Day("2018-04-04")!, idCard: "41030320180404001X"),
                                    at: SchoolCode("4103030001")!, grade: 1, on: Day("2025-09-01")!)
                    holding.signal()
                    Thread.sleep(forTimeInterval: 3)
                }
            } catch { refused.value = error }
        }
        thread.start()
        holding.wait()
        // Meanwhile another session writes once the server has ended the stopped one.
        ok(other, "enrol name = \"孙一\", gender = M, birth = 2018-05-05, id_card = \"410303201805050017\" at 4103030001 grade 1 on 2025-09-01")
        while !thread.isFinished { Thread.sleep(forTimeInterval: 0.1) }
        XCTAssertNotNil(refused.value, "the stopped session's write is lost, not written over the other's")
        XCTAssertEqual(try Self.psql(url, "SELECT string_agg(name, ',') FROM students"), "孙一")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"), "0")
        XCTAssertTrue(other.database.verify().ok)
    }

    func testVerifyFindsATableThatDisagreesWithTheJournalAndAnAlteredEntry() throws {
        try initializeURL()
        let s = try session()
        ok(s, Self.schools)
        ok(s, "enrol name = \"孙一\", gender = M, birth = 2018-05-05, id_card = \"410303201805050017\" at 4103030001 grade 1 on 2025-09-01")
        XCTAssertTrue(s.database.verify().ok)
        try Self.psql(url, "UPDATE students SET grade = 5")
        let report = s.database.verify()
        XCTAssertEqual(report.problemIDs, [.tableDisagrees(table: "students", what: "G410303201805050017 differs from the journal")])
        try Self.psql(url, "UPDATE students SET grade = 1")
        XCTAssertTrue(s.database.verify().ok)
        // Each event's record rebuilds the student as the journal does: one altered (the time it
        // was recorded, at byte 14), or missing, is found.
        try Self.psql(url, "UPDATE events SET record = set_byte(record, 14, get_byte(record, 14) # 1)")
        XCTAssertEqual(s.database.verify().problemIDs,
                       [.tableDisagrees(table: "events", what: "G410303201805050017 rebuilt from the records differs from the journal")])
        try Self.psql(url, "UPDATE events SET record = NULL")
        XCTAssertEqual(s.database.verify().problemIDs, [.tableDisagrees(table: "events", what: "an event without its journal record")])
        try Self.psql(url, "UPDATE journal SET payload = payload || '\\x00'::bytea WHERE seq = 2")
        XCTAssertFalse(s.database.verify().ok, "an altered entry breaks its hash")
    }

    func testAnLNumberReplacedByAGNumberLeavesNoRowUnderTheOldOne() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        ok(s, Self.schools)
        ok(s, """
            enrol name = "无证", gender = M, birth = 2018-03-15, hukou = 410303 at 4103030001 grade 1 on 2025-09-01
            correct L410303201803150001 set id_card = "410303201803150014" reason "补办身份证"
            """)
        XCTAssertEqual(try Self.psql(url, "SELECT number FROM students"), "G410303201803150014")
        XCTAssertEqual(try Self.psql(url, "SELECT string_agg(DISTINCT number, ',') FROM events"), "G410303201803150014")
        XCTAssertEqual(try Self.psql(url, "SELECT id_card || '=' || number FROM id_numbers"), "410303201803150014=G410303201803150014")
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify())")
        // The L number stays an alias, on the server too (`number_aliases`, migration 14).
        let alias = "L410303201803150001=G410303201803150014"
        XCTAssertEqual(try Self.psql(url, "SELECT alias || '=' || number FROM number_aliases"), alias)
        // A registry made before migration 14 finds its aliases in the events when it is opened.
        try Self.psql(url, "DROP TABLE number_aliases; DELETE FROM xueji_migrations WHERE version >= 14")
        _ = try session(today: "2025-11-01")
        XCTAssertEqual(try Self.psql(url, "SELECT alias || '=' || number FROM number_aliases"), alias)
        // A copy to another server carries them.
        let other = try newInitializedDatabase()
        let copied = try DemoParityTests.xueji([url.description, "--copy-to", other.description])
        XCTAssertEqual(copied.status, 0, copied.err)
        XCTAssertEqual(try Self.psql(other, "SELECT alias || '=' || number FROM number_aliases"), alias)
        let verified = try DemoParityTests.xueji([other.description, "-c", "verify"])
        XCTAssertEqual(verified.status, 0, verified.out + verified.err)
    }

    func testCheckpointIsRefusedWithItsReason() throws {
        try initializeURL()
        let s = try session()
        XCTAssertThrowsError(try s.database.checkpoint()) { error in
            XCTAssertEqual((error as? RegistryError)?.id, .storage(.nothingToCheckpointInStore))
        }
    }
}
