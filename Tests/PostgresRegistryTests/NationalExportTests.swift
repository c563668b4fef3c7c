import Foundation
import PostgresRegistry
import PostgresRQL
import RQL
import Registry
import XCTest

/// A session holding only the students named (national, or any read-only session of an open
/// registry) exports a part at a time, the server naming each part in the registry's order:
/// the file is the one a session holding every student writes, and afterwards it holds what it
/// held before.
final class NationalExportTests: PostgresTestCase {
    private let statements = [
        "export students to \"all.csv\"",
        "export students to \"grade4.csv\" where grade = 4",
        "export students to \"henan.csv\" bom where school.province = 41",
        "export students to \"none.csv\" where name = \"无此人\"",
        "export students to \"all.xlsx\"",
    ]

    /// (Sharded: a part's statement about one province reads on its shard.)
    func testANationalSessionExportsPartByPartAsAWholeSessionDoes() throws {
        let url = try newShardedRegistry().coordinator
        let s = try session(url, today: "2025-11-01")
        ok(s, Self.luoyangAndWuhan)
        ok(s, Self.fiveMoreChildren)
        ok(s, """
            transfer G420102201506060017 to 4103030001 on 2025-09-01
            void G410305201507070012 reason "重复注册"
            """)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xj-export-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = Session(database: try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: nil,
                                                                idleTimeout: 300, namedOnly: false))
        let named = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true)
        XCTAssertTrue(named.isPartial)
        let national = Session(database: named, queryServer: SQLQueries(named))
        ok(national, "show G41030320160315001X")
        let held = named.registry.studentCount
        let followed = named.registry.partial?.provinces
        XCTAssertEqual(followed, [41])
        let part = Session.heldBySelection
        Session.heldBySelection = 2
        defer { Session.heldBySelection = part }
        for text in statements {
            let a = dir.appendingPathComponent("whole-" + file(text)).path, b = dir.appendingPathComponent("parts-" + file(text)).path
            ok(whole, text.replacingOccurrences(of: file(text), with: a))
            let said = try national.execute(RQLParser.parse(text.replacingOccurrences(of: file(text), with: b)).statements[0])
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: b)), try Data(contentsOf: URL(fileURLWithPath: a)), text)
            XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: b)[.posixPermissions] as? Int, 0o600)
            XCTAssertTrue(said.map(\.dump).joined().contains("exported"), "\(said.map(\.dump))")
            // Each part fetched was forgotten: the session holds, and follows, what it did before.
            XCTAssertEqual(named.registry.studentCount, held, text)
            XCTAssertEqual(named.registry.partial?.provinces, followed, text)
        }
        // The same counts in the acknowledgements as a whole session's.
        let text = "export students to \"\(dir.appendingPathComponent("again.csv").path)\" where grade = 4"
        XCTAssertEqual(try national.execute(RQLParser.parse(text).statements[0]).map(\.dump),
                       try whole.execute(RQLParser.parse(text).statements[0]).map(\.dump))
        XCTAssertTrue(named.verify().ok, "\(named.verify().problemIDs)")
        // Each part's students are asked of the shards directly; a student the shard its session
        // routes to lacks (moved meanwhile: here the `shards` table names the other shard for
        // every province) is asked of the coordinator, and the file is the same.
        let swap = """
            UPDATE shards SET provinces = o.provinces FROM shards o WHERE o.name <> shards.name
            """
        try Self.psql(url, swap)
        defer { _ = try? Self.psql(url, swap) }
        let misrouted = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true)
        let again = dir.appendingPathComponent("misrouted.csv").path
        ok(Session(database: misrouted, queryServer: SQLQueries(misrouted)), "export students to \"\(again)\"")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: again)), try Data(contentsOf: dir.appendingPathComponent("whole-all.csv")))
        misrouted.close()
    }

    /// A check that could find more students than a session fetches at once reads them a part
    /// at a time too, with and without `by`, now and as of a day: the table a whole session lists.
    func testANationalSessionChecksPartByPartAsAWholeSessionDoes() throws {
        let url = try newInitializedDatabase()
        let s = try session(url, today: "2025-11-01")
        ok(s, Self.luoyangAndWuhan)
        ok(s, """
            add school 4101020001 name "郑州市第一中学" stage senior district 410102
            add school 4201020002 name "武汉市第一中学" stage senior district 420102
            enrol name = "刘二", gender = F, birth = 2016-04-15, hukou = 420102 at 4103030001 grade 3 on 2024-09-01
            enrol name = "王五", gender = M, birth = 2015-06-06, hukou = 420102 at 4103030001 grade 4 on 2024-09-01
            enrol name = "吴辍", gender = M, birth = 2015-01-01, hukou = 420102 at 4201020001 grade 4 on 2024-09-01
            withdraw L420102201501010001 reason "随父母外出务工" on 2025-03-01
            enrol name = "钱辍", gender = F, birth = 2014-02-02, hukou = 410303 at 4103030001 grade 5 on 2024-09-01
            withdraw L410303201402020001 reason "外出" on 2024-10-01
            enrol name = "高迁", gender = F, birth = 2009-05-05, hukou = 420102 at 4101020001 grade 10 on 2025-09-01
            enrol name = "高转", gender = M, birth = 2009-06-06, hukou = 410102 at 4201020002 grade 10 on 2024-09-01
            transfer L410102200906060001 to 4101020001 on 2025-03-01 reason "随迁"
            enrol name = "高三", gender = M, birth = 2009-07-07, hukou = 420102 at 4201020002 grade 10 on 2024-09-01
            transfer L420102200907070001 to 4101020001 on 2025-04-01 reason "随迁"
            """)
        let whole = Session(database: try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true, scope: nil,
                                                                idleTimeout: 300, namedOnly: false))
        let named = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true)
        let national = Session(database: named, queryServer: SQLQueries(named))
        // (Each check below could find two students or more: each is read a part at a time.)
        let fetchedAtOnce = Session.heldBySelection
        Session.heldBySelection = 1
        defer { Session.heldBySelection = fetchedAtOnce }
        for text in ["check zoning", "check unconfirmed", "check dropouts", "check dropouts as of 2025-10-01",
                     "check migration", "check migration as of 2025-04-15", "check migration by school.province",
                     "check dropouts by school as of 2025-10-01", "check zoning where grade >= 3", "check unconfirmed as of 2025-01-01"] {
            let expected = try whole.execute(RQLParser.parse(text).statements[0]).map(\.dump)
            XCTAssertEqual(try national.execute(RQLParser.parse(text).statements[0]).map(\.dump), expected, text)
            XCTAssertEqual(named.registry.studentCount, 0, text)
            XCTAssertEqual(named.registry.partial?.provinces, [], text)
        }
        // `explain` says so, with the statement naming them in order, and holds none of them.
        let explained = try national.execute(RQLParser.parse("explain check zoning").statements[0]).map(\.dump).joined()
        XCTAssertTrue(explained.hasPrefix("check zoning\n  students: named by the server in the registry's order, read 1 student at a time (each part fetched, then forgotten)"), explained)
        XCTAssertTrue(explained.contains("ORDER BY s.row"), explained)
        let export = try national.execute(RQLParser.parse("explain export students to \"x.csv\" where grade = 4").statements[0])
            .map(\.dump).joined()
        XCTAssertTrue(export.hasPrefix("export students\n  students: named by the server in the registry's order"), export)
        XCTAssertTrue(export.contains("ORDER BY s.row"), export)
        XCTAssertEqual(named.registry.studentCount, 0)
        let language = Language.current
        Language.current = .zh
        defer { Language.current = language }
        let chinese = try national.execute(RQLParser.parse("explain check zoning").statements[0]).map(\.dump).joined()
        XCTAssertTrue(chinese.hasPrefix("检查 划片\n  学生：由服务器按学籍顺序列出，每次读取 1 名学生（取来，用后即释放）"), chinese)
        Language.current = language
        let migration = try national.execute(RQLParser.parse("check migration").statements[0]).map(\.dump).joined()
        XCTAssertTrue(migration.contains("高迁") && migration.contains("高转") && migration.contains("高三"), migration)
        let dropouts = try national.execute(RQLParser.parse("check dropouts").statements[0]).map(\.dump).joined()
        XCTAssertTrue(dropouts.contains("吴辍") && dropouts.contains("钱辍"), dropouts)
    }

    /// After a transaction that held every student rolls back, a national session follows again
    /// only the provinces of the students it still holds.
    func testARolledBackHoldOfEveryStudentFollowsTheHeldProvincesAgain() throws {
        let url = try newInitializedDatabase()
        let s = try session(url, today: "2025-11-01")
        ok(s, Self.luoyangAndWuhan)
        ok(s, "enrol name = \"王五\", gender = M, birth = 2015-06-06, id_card = \"420102201506060017\" at 4201020001 grade 4 on 2024-09-01")
        let named = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: false, scope: nil, idleTimeout: 300, namedOnly: true)
        let national = Session(database: named, queryServer: SQLQueries(named))
        ok(national, "show G420102201506060017")
        XCTAssertEqual(named.registry.partial?.provinces, [42])
        ok(national, "begin")
        try named.holdStudents(of: .national)
        XCTAssertNil(named.registry.partial?.provinces)
        XCTAssertEqual(named.registry.studentCount, 2)
        ok(national, "rollback")
        XCTAssertEqual(named.registry.studentCount, 1)
        XCTAssertEqual(named.registry.partial?.provinces, [42])
        // An entry about Henan alone now comes without its payload, as before the transaction.
        let passed = named.registry.partial?.entriesPassed ?? 0
        ok(s, "record G41030320160315001X award \"三好学生\" on 2025-10-01")
        try named.refresh()
        XCTAssertEqual(named.registry.partial?.entriesPassed, passed + 1)
        ok(national, "show G41030320160315001X")
    }

    private func file(_ statement: String) -> String {
        String(statement.split(separator: "\"")[1])
    }
}
