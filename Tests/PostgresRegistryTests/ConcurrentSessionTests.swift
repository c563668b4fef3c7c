import Foundation
import PostgresRegistry
import RQL
import Registry
import XCTest

/// Sixteen sessions, each with its own connection, race to register the same children, to
/// re-enrol the same student and to start a transfer of the same student: the writer lock
/// and catching up under it let exactly one of each through (R1, R4, R20).
final class ConcurrentSessionTests: PostgresTestCase {
    static let sessions = 16

    static let idNumbers = ["410303201601010013", "410303201602020010", "410303201603030018", "410303201604040015"]

    func testSixteenSessionsNeverRegisterAChildTwiceNorPutAStudentInTwoSchools() throws {
        try initializeURL()
        let setup = try session(today: "2025-11-01")
        ok(setup, """
            add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
            add school 4103050001 name "洛阳市涧西区第一小学" stage primary district 410305
            add school 4201020001 name "武汉市江岸区第一小学" stage primary district 420102
            """)
        // Half replay the whole journal; half hold only the students named (read-only sessions
        // of an open registry do), their rules asking the server under the writer lock.
        let sessions = try (0..<Self.sessions).map { i in try session(today: "2025-11-01", namedOnly: i % 2 == 1) }
        XCTAssertEqual(sessions.filter { ($0.database as? ChainDatabase)?.isPartial == true }.count, Self.sessions / 2)
        let schools = ["4103030001", "4103050001", "4201020001"]

        // R1: every session registers the same four children, each at a school of its own choosing.
        for id in Self.idNumbers {
            let outcomes = race(sessions) { i in
                "enrol name = \"同名\(i)\", gender = M, birth = \(id.dropFirst(6).prefix(4))-\(id.dropFirst(10).prefix(2))-\(id.dropFirst(12).prefix(2)), "
                    + "id_card = \"\(id)\" at \(schools[i % 3]) grade 4 on 2025-09-01"
            }
            XCTAssertEqual(outcomes.filter { $0 == nil }.count, 1, "one registration of \(id)")
            XCTAssertEqual(Set(outcomes.compactMap { $0?.rule }), [.r1])
        }
        XCTAssertEqual(try Self.psql(url, "SELECT count(*), count(DISTINCT id_card) FROM students"), "4|4")

        // R4: a withdrawn student re-enrolled by every session at once is enrolled once.
        let first = "G" + Self.idNumbers[0]
        ok(setup, "withdraw \(first) reason \"随父母返乡\" on 2025-10-01")
        let again = race(sessions) { i in "enrol \(first) at \(schools[i % 3]) grade 4 on 2025-10-08 reason \"返回\"" }
        XCTAssertEqual(again.filter { $0 == nil }.count, 1)
        XCTAssertEqual(Set(again.compactMap { $0?.rule }), [.r4])

        // Transfers of the same students racing: each student ends in exactly one school, once.
        for id in Self.idNumbers.dropFirst() {
            _ = race(sessions) { i in "transfer G\(id) to \(schools[(i + 1) % 3]) on 2025-10-20 reason \"搬家\"" }
        }
        XCTAssertEqual(try Self.psql(url, "SELECT count(*), count(DISTINCT number) FROM students"), "4|4")
        ok(setup, "count")
        for s in sessions + [setup] {
            ok(s, "count")
            XCTAssertEqual(s.registry.studentCount, 4)
            XCTAssertTrue(s.database.verify().ok, "every session holds what the chain says: \(s.database.verify().problemIDs)")
        }
        XCTAssertTrue(setup.database.verify().ok, "\(setup.database.verify())")
    }

    func testSixteenSessionsStartingTheSameTransferOpenOneRequest() throws {
        try initializeURL()
        let setup = try session(today: "2025-11-01")
        ok(setup, """
            add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
            add school 4103050001 name "洛阳市涧西区第一小学" stage primary district 410305
            enrol name = "张一凡", gender = M, birth = 2016-03-15, id_card = "41030320160315001X" at 4103030001 grade 3 on 2024-09-01
            """)
        try govern(setup, adding: ["county:410303", "county:410305", "school:4103050001"])
        let school = try identity("school:4103050001")
        let sessions = try (0..<Self.sessions).map { _ in try session(today: "2025-11-01") }
        for s in sessions { s.identity = school }
        let outcomes = race(sessions) { i in "transfer G41030320160315001X to 4103050001 reason \"随父母搬家\(i)\"" }
        XCTAssertEqual(outcomes.filter { $0 == nil }.count, 1, "one request: \(outcomes.compactMap { $0?.message })")
        XCTAssertEqual(Set(outcomes.compactMap { $0?.rule }), [.r20])
        ok(setup, "count")
        XCTAssertEqual(setup.registry.requests.filter { $0.status == .open }.count, 1)
        XCTAssertTrue(setup.database.verify().ok, "signed entries verify: \(setup.database.verify())")
    }

    func testSixteenSessionsHoldingTwoCountiesNeverRegisterAChildTwiceNorIssueAnLNumberTwice() throws {
        try initializeURL()
        let setup = try session(today: "2025-11-01")
        ok(setup, Self.luoyangAndWuhan)
        try govern(setup, adding: ["county:410303", "county:410305"])
        // Each session holds one county's students only (张一凡, or no one).
        let counties = ["county:410303", "county:410305"], schools = ["4103030001", "4103050001"]
        let sessions = try (0..<Self.sessions).map { i in
            let db = try PostgresRegistry.open(url, today: Day("2025-11-01")!, scope: ActorName(counties[i % 2])!)
            XCTAssertTrue(db.isPartial)
            let s = Session(database: db)
            s.identity = try identity(counties[i % 2])
            return s
        }
        // R1: each registers the same child at its own county's school.
        let outcomes = race(sessions) { i in
            "enrol name = \"同名\(i)\", gender = M, birth = 2016-01-01, id_card = \"410303201601010013\" at \(schools[i % 2]) grade 4 on 2025-09-01"
        }
        XCTAssertEqual(outcomes.filter { $0 == nil }.count, 1, "one registration: \(outcomes.compactMap { $0?.message })")
        XCTAssertEqual(Set(outcomes.compactMap { $0?.rule }), [.r1])
        // R3: children without an ID number, born the same day, of one hukou district: sixteen L numbers.
        let unnumbered = race(sessions) { i in
            "enrol name = \"无证\(i)\", gender = F, birth = 2016-02-02, hukou = 420102 at \(schools[i % 2]) grade 4 on 2025-09-01"
        }
        XCTAssertEqual(unnumbered.compactMap { $0?.message }, [])
        XCTAssertEqual(try Self.psql(url, "SELECT count(DISTINCT number) FROM students WHERE number LIKE 'L42010220160202%'"), "16")
        let whole = try PostgresRegistry.open(url, today: Day("2025-11-01")!, readOnly: true)
        defer { whole.close() }
        XCTAssertEqual(whole.registry.studentCount, 18)
        XCTAssertTrue(whole.verify().ok, "\(whole.verify().problemIDs)")
        // (Each catches up first: the tables hold what the others wrote since its last statement.)
        for s in sessions { XCTAssertTrue(s.database.verify().ok, "\(s.database.verify().problemIDs)") }
    }
}
