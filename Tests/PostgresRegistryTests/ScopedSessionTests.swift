import Foundation
import PostgresRegistry
import PostgresRQL
import RQL
import Registry
import XCTest

/// A read-only session of an actor below the national level holds only its scope's students
/// (and its former students), fetching any other a statement names: it answers every
/// statement as a session holding the whole registry does.
final class ScopedSessionTests: PostgresTestCase {
    /// The governed demos' registries, each built by the binary on a database of its own.
    private func demoRegistry(_ demo: String) throws -> PostgresURL {
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("examples/keys").path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600],
                                                  ofItemAtPath: Self.packageRoot.appendingPathComponent("examples/keys/" + name).path)
        }
        let db = try newInitializedDatabase()
        let run = try DemoParityTests.xueji([db.description, "--today", "2025-11-01", "-f", demo])
        XCTAssertEqual(run.status, 1, "the demo shows refusals: \(run.err)")
        return db
    }

    /// What a session prints for a statement, or the refusal with its rule.
    private func answer(_ s: Session, _ text: String) -> String {
        let st = RQLParser.parse(text).statements[0]
        do throws(Diagnostic) { return try s.execute(st).map(\.dump).joined(separator: "\n") } catch {
            return "error[\(error.rule?.id ?? "")]: \(error.message)"
        }
    }

    func testEveryActorsScopedSessionAnswersAsAWholeSessionDoes() throws {
        for demo in ["examples/07-approvals.rql", "examples/08-across-provinces.rql"] {
            let db = try demoRegistry(demo)
            let whole = try PostgresRegistry.open(db, today: Day("2025-11-20")!, readOnly: true)
            defer { whole.close() }
            XCTAssertFalse(whole.isPartial)
            let numbers = whole.registry.allStudents.map { whole.registry.student($0).number.description }
            var statements = ["count", "find", "find where grade >= 3 order by name desc", "count by school", "count by status",
                              "find requests", "check pending", "check overdue", "check dropouts", "check zoning",
                              "check unconfirmed", "check duplicates", "find schools", "find actors",
                              "check zoning by school", "check dropouts by school.province", "check zoning by grade as of 2025-10-01",
                              "find where school = 4103030001 as of 2025-10-01 show no, name, grade"]
            for n in numbers { statements += ["show \(n)", "history \(n)", "show \(n) as of 2025-10-01"] }
            statements += ["show G110101201001010014", "history L41030320160101" + "0001"]
            for actor in whole.registry.registeredActors.map(\.name) {
                let scoped = try PostgresRegistry.open(db, today: Day("2025-11-20")!, readOnly: true, scope: actor)
                defer { scoped.close() }
                XCTAssertTrue(scoped.isPartial)
                let a = Session(database: whole, queryServer: SQLQueries(whole))
                let b = Session(database: scoped, queryServer: SQLQueries(scoped))
                let id = try identity("\(actor)")
                a.identity = id; b.identity = id
                let heldAtOpen = scoped.registry.studentCount
                // A national session holds the students named, until a statement reads them all.
                if actor.level == .national { XCTAssertEqual(heldAtOpen, 0) }
                for text in statements {
                    if actor.level == .national && text == "check dropouts" { XCTAssertLessThan(scoped.registry.studentCount, numbers.count) }
                    XCTAssertEqual(answer(b, text), answer(a, text), "\(demo) as \(actor): \(text)")
                    if ProcessInfo.processInfo.environment["XJ_SHOW"] != nil { print("== \(actor) \(text)\n\(answer(b, text))") }
                }
                XCTAssertTrue(scoped.verify().ok, "\(demo) as \(actor): \(scoped.verify().problemIDs)")
                if actor.level == .national { XCTAssertEqual(scoped.registry.studentCount, numbers.count) }
                print("\(demo) as \(actor): \(heldAtOpen) of \(numbers.count) students held at open, \(scoped.registry.studentCount) after")
            }
        }
    }

    /// Three schools in two provinces, two children at each Luoyang school and two in Wuhan; governed.
    private func registry(sharded: Bool = false) throws -> (url: PostgresURL, session: Session) {
        let url = sharded ? try newShardedRegistry().coordinator : try newInitializedDatabase()
        let s = try session(url, today: "2025-11-01")
        ok(s, Self.luoyangAndWuhan)
        ok(s, Self.fiveMoreChildren)
        try govern(s, adding: ["province:41", "county:410303", "county:410305", "school:4103030001", "school:4103050001"])
        return (url, s)
    }

    /// Each of `statements` answered alike by `scoped` and by a whole session opened now, both as `actor`.
    private func compare(_ scoped: Session, as actor: String, on url: PostgresURL, _ statements: [String],
                         file: StaticString = #filePath, line: UInt = #line) throws {
        let whole = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true)
        defer { whole.close() }
        let a = Session(database: whole, queryServer: SQLQueries(whole))
        a.identity = try identity(actor)
        var all = statements
        for n in whole.registry.allStudents.map({ whole.registry.student($0).number.description }) {
            all += ["show \(n)", "history \(n)", "show \(n) as of 2025-10-01"]
        }
        for text in all { XCTAssertEqual(answer(scoped, text), answer(a, text), "as \(actor): \(text)", file: file, line: line) }
    }

    func testAScopedSessionChecksTheLinksOfEveryProvinceAsAWholeSessionDoes() throws {
        let (url, s) = try registry()
        // Each province's last entry, kept on the server with each entry (and checked by `verify`).
        XCTAssertEqual(try Self.psql(url, "SELECT string_agg(province::text, ',' ORDER BY province) FROM province_heads"), "0,41,42")
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify().problemIDs)")
        // A registry made before migration 15 finds them in the journal's links when it is opened.
        try Self.psql(url, "DROP TABLE province_heads; DELETE FROM xueji_migrations WHERE version >= 15")
        _ = try session(url, today: "2025-11-01")
        XCTAssertEqual(try Self.psql(url, "SELECT string_agg(province::text, ',' ORDER BY province) FROM province_heads"), "0,41,42")
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify().problemIDs)")
        try Self.psql(url, "UPDATE province_heads SET hash = '\\x00'::bytea || substr(hash, 2) WHERE province = 42")
        XCTAssertEqual(s.database.verify().problemIDs,
                       [.tableDisagrees(table: "province_heads", what: "1 provinces' last entries are not the journal's")])
        // A session holding a Luoyang school's pupils, opened with that wrong head of Hubei, finds
        // that the next entry about Hubei does not link to it (it passed no Hubei entry itself).
        let scoped = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: ActorName("school:4103030001")!)
        defer { scoped.close() }
        ok(s, "record G420102201506060017 award \"三好学生\" on 2025-10-01")
        XCTAssertThrowsError(try scoped.refresh()) { error in
            XCTAssertEqual((error as? RegistryError)?.id, .storage(.brokenProvinceChain(province: 42)))
        }
    }

    func testAScopedSessionMakesChangesAsAWholeSessionDoes() throws {
        try makesChanges(sharded: false)
    }

    func testAScopedSessionMakesChangesOnAShardedRegistry() throws {
        try makesChanges(sharded: true)
    }

    private func makesChanges(sharded: Bool) throws {
        let (url, s) = try registry(sharded: sharded)
        ok(s, "enrol name = \"周八\", gender = F, birth = 2018-03-03 at 4201020001 grade 1 on 2025-09-01")
        let writer = try PostgresRegistry.open(url, today: Day("2025-11-01")!, scope: ActorName("county:410303")!)
        defer { writer.close() }
        XCTAssertTrue(writer.isPartial)
        XCTAssertFalse(writer.isReadOnly)
        let w = Session(database: writer, queryServer: SQLQueries(writer))
        w.identity = try identity("county:410303")
        // A registration voided at Wuhan keeps its ID number (R1 refuses it, as a whole session does).
        ok(s, """
            enrol name = "赵废", gender = F, birth = 2017-07-07, id_card = "420102201707070027" at 4201020001 grade 2 on 2025-09-01
            void G420102201707070027 reason "重复录入"
            """)
        XCTAssertEqual(try Self.psql(url, "SELECT number FROM id_numbers WHERE id_card = '420102201707070027'"), "G420102201707070027")
        let voided = answer(w, "enrol name = \"赵废\", gender = F, birth = 2017-07-07, id_card = \"420102201707070027\" at 4103030001 grade 2 on 2025-09-01")
        XCTAssertTrue(voided.hasPrefix("error[R1]: ID number 420102201707070027 is already registered as G420102201707070027 (赵废)"), voided)
        // R1 and R3 against students the session does not hold (王五 and 周八, at Wuhan).
        XCTAssertTrue(answer(w, """
            enrol name = "王五", gender = M, birth = 2015-06-06, id_card = "420102201506060017" at 4103030001 grade 4 on 2024-09-01
            """).hasPrefix("error[R1]: ID number 420102201506060017 is already registered as G420102201506060017 (王五)"))
        ok(w, """
            enrol name = "孙一", gender = M, birth = 2018-05-05, id_card = "410303201805050017" at 4103030001 grade 1 on 2025-09-01
            enrol name = "周九", gender = M, birth = 2018-03-03, hukou = 420102 at 4103030001 grade 1 on 2025-09-01
            record G41030320160415002X award "三好学生" on 2025-10-01
            """)
        XCTAssertEqual(try Self.psql(url, "SELECT name FROM students WHERE number = 'L420102201803030002'"), "周九")
        // A transaction: a pupil's ID number recorded (L → G), one transferred in from the other county.
        ok(w, """
            begin
            correct L420102201803030002 set id_card = "420102201803030017" reason "补录身份证号" on 2025-10-10
            transfer G410303201505050023 to 4103030001 on 2025-10-12 reason "就近入学"
            commit
            record G41030320160415002X award "优秀少先队员" on 2025-10-20
            record G420102201803030017 award "优秀少先队员" on 2025-10-20
            """)
        XCTAssertTrue(writer.verify().ok, "\(writer.verify().problemIDs)")
        // A whole session agrees: the same answers, the tables' rows in its order (`verify`).
        try compare(w, as: "county:410303", on: url, ["count", "find", "count by school", "find requests", "check duplicates",
                                                     "find where school = 4103030001 as of 2025-10-01 show no, name, grade"])
        // For the checks: a withdrawn pupil of nine (a dropout), and two senior students at
        // Zhengzhou, one with a Wuhan hukou, one transferred in from Wuhan (migration).
        ok(s, """
            add school 4101020001 name "郑州市第一中学" stage senior district 410102
            add school 4201020002 name "武汉市第一中学" stage senior district 420102
            enrol name = "吴辍", gender = M, birth = 2015-01-01, hukou = 420102 at 4201020001 grade 4 on 2024-09-01
            withdraw L420102201501010001 reason "随父母外出务工" on 2025-03-01
            enrol name = "高迁", gender = F, birth = 2009-05-05, hukou = 420102 at 4101020001 grade 10 on 2025-09-01
            enrol name = "高转", gender = M, birth = 2009-06-06, hukou = 410102 at 4201020002 grade 10 on 2024-09-01
            transfer L410102200906060001 to 4101020001 on 2025-03-01 reason "随迁"
            """)
        let whole = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true)
        defer { whole.close() }
        XCTAssertTrue(whole.verify().ok, "\(whole.verify().problemIDs)")
        XCTAssertEqual(try Self.psql(url, "SELECT students FROM xueji_head"), "\(whole.registry.studentCount)")
        // A national session holds only the students its statements name: a transfer across
        // provinces (national acts at once) fetches one; a bulk change reads them all, and a
        // rollback forgets them again; a check outside the transaction holds them for good.
        let national = try PostgresRegistry.open(url, today: Day("2025-11-01")!, scope: .national)
        defer { national.close() }
        XCTAssertTrue(national.isPartial)
        XCTAssertEqual(national.registry.studentCount, 0)
        XCTAssertEqual(national.registry.partial?.provinces, [], "it follows no province's entries yet")
        let n = Session(database: national, queryServer: SQLQueries(national))
        n.identity = try identity("national")
        ok(n, "transfer G420102201508080011 to 4103050001 on 2025-10-15 reason \"随迁\"")
        XCTAssertEqual(national.registry.studentCount, 1)
        XCTAssertEqual(national.registry.partial?.provinces, [41, 42], "fetched at Wuhan, now at Luoyang")
        // A check with `where` fetches the students the server says it selects.
        let v = Session(database: whole, queryServer: SQLQueries(whole))
        v.identity = try identity("national")
        // `find schools` counts each school's students: the server's count, not the held ones'.
        XCTAssertEqual(answer(n, "find schools"), answer(v, "find schools"))
        let zoning = answer(v, "check zoning where school = 4103030001")
        XCTAssertTrue(zoning.contains("G420102201803030017"), zoning)
        XCTAssertEqual(answer(n, "check zoning where school = 4103030001"), zoning)
        let selected = national.registry.studentCount
        XCTAssertGreaterThan(selected, 1)
        XCTAssertLessThan(selected, whole.registry.studentCount)
        // In a transaction: a bulk change fetches those it selects; `check duplicates`, which the
        // server does not answer there, reads every student; the rollback forgets both.
        ok(n, """
            begin
            promote where grade = 1 on 2025-10-16
            """)
        XCTAssertLessThan(national.registry.studentCount, whole.registry.studentCount)
        ok(n, "check duplicates")
        XCTAssertEqual(national.registry.studentCount, whole.registry.studentCount)
        ok(n, "rollback")
        XCTAssertEqual(national.registry.studentCount, selected)
        XCTAssertEqual(national.registry.partial?.scopes, [])
        // A bulk change it commits (compared below with a whole session's registry, student by student).
        let promoted = answer(n, "promote where school = 4103030001 and grade = 1 on 2025-10-20")
        XCTAssertTrue(promoted.hasPrefix("promoted 2 (journal entry "), promoted)
        XCTAssertLessThan(national.registry.studentCount, whole.registry.studentCount)
        // A check fetches those the server says it could find (zoning: pupils living outside the
        // school's district), then lists them as a whole session does.
        let held = national.registry.studentCount
        // With `by`, zoning and dropouts are counted by the server, which tests them itself.
        // (Compared with the check run in memory: a whole session without the server.)
        let memory = Session(database: whole)
        memory.identity = try identity("national")
        for text in ["check zoning by school.province", "check zoning by school, grade as of 2025-10-01",
                     "check dropouts by school.province", "check dropouts where gender = M by school",
                     "check unconfirmed by school.province", "check unconfirmed by school as of 2025-10-01"] {
            let expected = answer(memory, text)
            XCTAssertEqual(answer(v, text), expected, text)
            XCTAssertEqual(answer(n, text), expected, text)
            XCTAssertEqual(national.registry.studentCount, held, text)
            XCTAssertTrue(answer(n, "explain " + text).contains("s.status"), text)
        }
        XCTAssertTrue(answer(v, "check zoning by school.province").contains("41 "), answer(v, "check zoning by school.province"))
        XCTAssertEqual(answer(n, "check zoning"), answer(v, "check zoning"))
        let migration = answer(v, "check migration as of 2025-10-20")
        XCTAssertTrue(migration.contains("高迁") && migration.contains("高转"), migration)
        XCTAssertEqual(answer(n, "check migration as of 2025-10-20"), migration)
        XCTAssertEqual(answer(n, "check migration as of 2025-02-01"), answer(v, "check migration as of 2025-02-01"))
        let dropouts = answer(v, "check dropouts by school.province")
        XCTAssertTrue(dropouts.contains("42"), dropouts)
        XCTAssertEqual(answer(n, "check dropouts by school.province"), dropouts)
        XCTAssertEqual(answer(n, "check dropouts"), answer(v, "check dropouts"))
        XCTAssertLessThan(national.registry.studentCount, whole.registry.studentCount)
        XCTAssertGreaterThan(national.registry.studentCount, held)
        let explained = answer(n, "explain check zoning where school.province = 41")
        XCTAssertTrue(explained.contains("students: those the check could find, named by the server, then fetched"), explained)
        XCTAssertTrue(explained.contains("s.hukou <> c.district"), explained)
        // Every student here awaits a guardian's confirmation: the server names them all.
        // (The transaction above held every student; its rollback forgot them, and the session
        // follows again only the provinces of those it holds.)
        XCTAssertEqual(national.registry.partial.map { $0.provinces == nil }, false)
        XCTAssertEqual(answer(n, "check unconfirmed"), answer(memory, "check unconfirmed"))
        XCTAssertEqual(national.registry.studentCount, whole.registry.studentCount - 1, "all but the voided registration")
        XCTAssertTrue(national.verify().ok, "\(national.verify().problemIDs)")
        try compare(n, as: "national", on: url, ["count", "find", "count by school", "check duplicates", "check zoning",
                                                 "check zoning where school = 4103030001"])
        // And the whole session goes on writing after it.
        ok(s, "enrol name = \"钱十\", gender = M, birth = 2018-06-06, id_card = \"410303201806060014\" at 4103030001 grade 1 on 2025-09-01")
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify().problemIDs)")
        try writer.refresh()
        XCTAssertEqual(answer(w, "count"), "count\n5", "its four pupils and 钱十 (李思思 awaits approval)")
    }

    func testAScopedSessionListsDuplicatesAsAWholeSessionDoes() throws {
        let (url, s) = try registry()
        // 王五 entered again at a Luoyang school: one person under two numbers (the Wuhan copy not
        // held by the school's session), and a second 王五 there under the first's ID number's G.
        ok(s, """
            enrol name = "王五", gender = M, birth = 2015-06-06, id_card = "410303201506060012" at 4103030001 grade 4 on 2024-09-01
            """)
        let scoped = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: ActorName("school:4103030001")!)
        defer { scoped.close() }
        let b = Session(database: scoped, queryServer: SQLQueries(scoped))
        b.identity = try identity("school:4103030001")
        XCTAssertTrue(answer(b, "check duplicates").contains("G420102201506060017"), answer(b, "check duplicates"))
        try compare(b, as: "school:4103030001", on: url, ["check duplicates", "check duplicates as of 2025-10-01",
                                                          "check duplicates where name = \"王五\""])
    }

    func testAScopedSessionFollowsOtherSessionsAndHoldsWhoComesIntoItsScope() throws {
        let (url, s) = try registry()
        let scoped = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: ActorName("school:4103030001")!)
        defer { scoped.close() }
        XCTAssertEqual(scoped.registry.studentCount, 2, "its two pupils, no one else")
        let b = Session(database: scoped, queryServer: SQLQueries(scoped))
        b.identity = try identity("school:4103030001")
        XCTAssertEqual(answer(b, "count"), "count\n2")
        // Another session (national acts at once): a new pupil, one coming from Wuhan (the session
        // fetches him as he stood before), one leaving for another county (kept, a former pupil).
        ok(s, """
            enrol name = "孙一", gender = M, birth = 2018-05-05, id_card = "410303201805050017" at 4103030001 grade 1 on 2025-09-01
            record G420102201506060017 award "三好学生" on 2025-10-01
            transfer G420102201506060017 to 4103030001 on 2025-10-08 reason "随父母迁回洛阳"
            record G420102201506060017 award "优秀少先队员" on 2025-10-20
            transfer G41030320160415002X to 4103050001 on 2025-10-09 reason "搬家"
            enrol name = "周八", gender = F, birth = 2018-03-03 at 4201020001 grade 1 on 2025-09-01
            correct L420102201803030001 set id_card = "420102201803030025" reason "补录身份证号" on 2025-10-10
            """)
        XCTAssertEqual(answer(b, "count"), "count\n3")
        XCTAssertEqual(scoped.registry.studentCount, 4, "the new pupil and the one from Wuhan held; 李思思, 陈七 and 赵六 not")
        // An entry about Wuhan alone, before it held anyone there, came without its payload (王五's
        // award there); then it follows Wuhan too (王五 was fetched from there).
        XCTAssertEqual(scoped.registry.partial?.provinces, [41, 42])
        XCTAssertEqual(scoped.registry.partial?.entriesPassed, 1)
        // The L number stays an alias on the server too: the session finds by it a student it does
        // not hold (refused by R18 here, as a whole session refuses it).
        XCTAssertEqual(try Self.psql(url, "SELECT alias || ' ' || number FROM number_aliases"), "L420102201803030001 G420102201803030025")
        XCTAssertTrue(answer(b, "show L420102201803030001").hasPrefix("error[R18]"), answer(b, "show L420102201803030001"))
        // (Every student is shown below: the others are fetched, and refused by R18.)
        let statements = ["count", "find", "count by school", "find requests", "check dropouts", "check zoning", "check unconfirmed",
                          "find where school = 4103030001 as of 2025-10-01 show no, name, grade", "find schools",
                          "show L420102201803030001", "history L420102201803030001", "show L420102201803030002"]
        try compare(b, as: "school:4103030001", on: url, statements)
        XCTAssertTrue(scoped.verify().ok, "\(scoped.verify().problemIDs)")
        // Acting as another actor: its scope's students are held too.
        try scoped.hold(ActorName("county:410305")!)
        b.identity = try identity("county:410305")
        try compare(b, as: "county:410305", on: url, statements)
        // The shell: a read-only session as an actor says what it holds (`.show`), and `.as` adds to it.
        let run = try DemoParityTests.xueji([url.description, "--today", "2025-11-01", "--read-only", "--as", "school:4103030001",
                                             "--key", "examples/keys/school-4103030001.key", "--mode", "line", "-c", ".show", "-c", "count",
                                             "-c", ".as county:410305 key examples/keys/county-410305.key", "-c", "count", "-c", ".show"])
        XCTAssertEqual(run.status, 0, run.err)
        XCTAssertTrue(run.out.contains("holds      the students of school:4103030001 (4 held; others fetched when named)\n"), run.out)
        XCTAssertTrue(run.out.contains("holds      the students of school:4103030001, county:410305 (6 held; others fetched when named)\n"), run.out)
        XCTAssertEqual(run.out.components(separatedBy: "count = 3\n").count, 3, run.out)
        // Tables an older xueji wrote (no records, no `shared`) are filled in by a whole session's
        // first query; until then a scoped session is a whole one.
        try Self.psql(url, "INSERT INTO xueji_backfill VALUES ('shared')")
        let beforeFill = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: ActorName("school:4103030001")!)
        XCTAssertFalse(beforeFill.isPartial)
        let filler = Session(database: beforeFill, queryServer: SQLQueries(beforeFill))
        filler.identity = try identity("school:4103030001")
        XCTAssertEqual(answer(filler, "count"), "count\n3")
        beforeFill.close()
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM xueji_backfill"), "0")
        let afterFill = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: ActorName("school:4103030001")!)
        XCTAssertTrue(afterFill.isPartial)
        afterFill.close()
        // On an open registry there is no actor's scope: the session holds the students named.
        let open = try newInitializedDatabase()
        let o = try session(open)
        ok(o, "add school 4103030001 name \"洛阳市西工区第一小学\" stage primary district 410303")
        let named = try PostgresRegistry.open(open, today: Day("2025-11-01")!, readOnly: true, scope: ActorName("school:4103030001")!)
        defer { named.close() }
        XCTAssertTrue(named.isPartial)
        XCTAssertEqual(named.registry.partial?.actor, .national)
        // A held student goes to a province the session does not follow and changes there, in
        // the entries of one catch-up: it follows him there, and reads the entry that came
        // without its payload whole (`verify` checks his record against the journal's).
        ok(s, """
            add school 1101010001 name "北京市东城区第一小学" stage primary district 110101
            transfer G420102201506060017 to 1101010001 on 2025-10-21 reason "随父母迁居北京"
            record G420102201506060017 award "三好学生" on 2025-10-22
            """)
        try scoped.refresh()
        XCTAssertEqual(scoped.registry.partial?.provinces, [11, 41, 42])
        XCTAssertTrue(scoped.verify().ok, "\(scoped.verify().problemIDs)")
    }
}
