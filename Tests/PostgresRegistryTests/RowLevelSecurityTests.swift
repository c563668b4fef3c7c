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
    /// Two Luoyang schools and one in Wuhan, and 张一凡 at the first, on a registry of its own
    /// (the schema copied from the template: quicker than its migrations).
    func registry() throws -> (url: PostgresURL, session: Session) {
        let url = try newInitializedDatabase()
        let s = try session(url, today: "2025-11-01")
        ok(s, Self.luoyangAndWuhan)
        return (url, s)
    }

    func testAnActorConnectingWithPsqlSeesOnlyItsScope() throws {
        let (url, s) = try registry()
        ok(s, """
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

    /// WORKFLOW.md: a school keeps its former students read-only; in psql it reads their
    /// versions of the days they were there and their events up to the day they left.
    func testAFormerStudentIsReadUpToTheDayTheyLeft() throws {
        let (url, s) = try registry()
        ok(s, """
            record G41030320160315001X award "三好学生" on 2025-09-10
            transfer G41030320160315001X to 4103050001 on 2025-10-08 reason "随父母搬家"
            record G41030320160315001X award "涧西区优秀少先队员" on 2025-10-20
            """)
        try govern(s, adding: ["province:41", "county:410303", "county:410305", "school:4103030001", "school:4103050001"])
        let events = "SELECT string_agg(kind || ' ' || day, ',' ORDER BY day) FROM events"
        let versions = "SELECT string_agg(school || ' ' || lower(valid), ',' ORDER BY lower(valid)) FROM student_versions"
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM students", as: "school:4103030001"), "0")
        XCTAssertEqual(try Self.psql(url, events, as: "school:4103030001"), "enrol 2024-09-01,record 2025-09-10,transfer 2025-10-08")
        XCTAssertEqual(try Self.psql(url, versions, as: "school:4103030001"), "4103030001 2024-09-01,4103030001 2025-09-10")
        // The school that keeps the student now reads all of it, as before.
        XCTAssertEqual(try Self.psql(url, events, as: "school:4103050001"),
                       "enrol 2024-09-01,record 2025-09-10,transfer 2025-10-08,record 2025-10-20")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM student_versions", as: "school:4103050001"), "4")
        XCTAssertEqual(try Self.psql(url, events, as: "county:410305"), try Self.psql(url, events, as: "school:4103050001"))
        // Their reads are not JIT-compiled (compiling these policies' plans took seconds).
        XCTAssertEqual(try Self.psql(url, "SHOW jit", as: "school:4103030001"), "off")
    }
}
