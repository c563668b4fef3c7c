import Foundation
import PostgresRegistry
import RQL
import Registry
import XCTest

/// R18 in the database itself: each actor of a governed registry is a PostgreSQL role, and
/// someone who connects with psql as a school sees only that school's students (a county its
/// district's, a province its own), never the partitions, the journal or the ID-number table;
/// a revoked actor sees nothing.
final class RowLevelSecurityTests: PostgresTestCase {
    func testAnActorConnectingWithPsqlSeesOnlyItsScope() throws {
        try PostgresRegistry.initialize(url)
        let s = try session(today: "2025-11-01")
        ok(s, """
            add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
            add school 4103050001 name "洛阳市涧西区第一小学" stage primary district 410305
            add school 4201020001 name "武汉市江岸区第一小学" stage primary district 420102
            enrol name = "张一凡", gender = M, birth = 2016-03-15, id_card = "41030320160315001X" at 4103030001 grade 3 on 2024-09-01
            enrol name = "李思思", gender = F, birth = 2015-05-05, id_card = "410303201505050023" at 4103050001 grade 4 on 2024-09-01
            enrol name = "王五", gender = M, birth = 2015-06-06, id_card = "420102201506060017" at 4201020001 grade 4 on 2024-09-01
            """)
        try govern(s, adding: ["province:41", "county:410303", "school:4103030001", "school:4103050001"])
        let names = "SELECT string_agg(name, ',' ORDER BY name) FROM students"
        XCTAssertEqual(try Self.psql(url, names, as: "school:4103030001"), "张一凡")
        XCTAssertEqual(try Self.psql(url, names, as: "school:4103050001"), "李思思")
        XCTAssertEqual(try Self.psql(url, names, as: "county:410303"), "张一凡")
        XCTAssertEqual(try Self.psql(url, names, as: "province:41"), "张一凡,李思思")
        XCTAssertEqual(try Self.psql(url, names, as: "national"), "张一凡,李思思,王五")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM events", as: "school:4103030001"), "1")
        let versions = "SELECT string_agg(name, ',' ORDER BY name) FROM student_versions"
        XCTAssertEqual(try Self.psql(url, versions, as: "school:4103030001"), "张一凡")
        XCTAssertEqual(try Self.psql(url, versions, as: "province:41"), "张一凡,李思思")
        XCTAssertEqual(try Self.psql(url, "SELECT string_agg(code::text, ',') FROM schools", as: "county:410303"), "4103030001")
        for forbidden in ["SELECT count(*) FROM students_41", "SELECT count(*) FROM journal", "SELECT count(*) FROM id_numbers"] {
            XCTAssertThrowsError(try Self.psql(url, forbidden, as: "school:4103030001"), forbidden) { error in
                XCTAssertTrue((error as? PSQLFailed)?.text.contains("permission denied") == true, "\(error)")
            }
        }
        // A revoked actor keeps its role (the cluster's) but loses what it could read here.
        ok(s, "revoke actor school:4103050001 reason \"撤销\"")
        XCTAssertThrowsError(try Self.psql(url, names, as: "school:4103050001"))
        XCTAssertThrowsError(try Self.psql(url, versions, as: "school:4103050001"))
        XCTAssertEqual(try Self.psql(url, names, as: "school:4103030001"), "张一凡")
    }
}
