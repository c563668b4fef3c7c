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

    func testANationalSessionExportsPartByPartAsAWholeSessionDoes() throws {
        try exports(sharded: false)
    }

    func testANationalSessionExportsPartByPartOnAShardedRegistry() throws {
        try exports(sharded: true)
    }

    private func exports(sharded: Bool) throws {
        let url = sharded ? try newShardedRegistry().coordinator : try newInitializedDatabase()
        let s = try session(url, today: "2025-11-01")
        ok(s, Self.luoyangAndWuhan)
        ok(s, """
            enrol name = "刘二", gender = F, birth = 2016-04-15, id_card = "41030320160415002X" at 4103030001 grade 3 on 2024-09-01
            enrol name = "李思思", gender = F, birth = 2015-05-05, id_card = "410303201505050023" at 4103050001 grade 4 on 2024-09-01
            enrol name = "王五", gender = M, birth = 2015-06-06, id_card = "420102201506060017" at 4201020001 grade 4 on 2024-09-01
            enrol name = "陈七", gender = M, birth = 2015-07-07, id_card = "410305201507070012" at 4103050001 grade 4 on 2024-09-01
            enrol name = "赵六", gender = M, birth = 2015-08-08, id_card = "420102201508080011" at 4201020001 grade 4 on 2024-09-01
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
        let part = Session.exportPart
        Session.exportPart = 2
        defer { Session.exportPart = part }
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
