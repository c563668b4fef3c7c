import Foundation
import PostgresRegistry
import RQL
import Registry
import XCTest

/// Issue 18: the journal on the server kept in chains by province (省级统筹) — each entry after
/// the anchor linked to the last entry of every province it is about, followable province by
/// province in psql (`province_chains`), checked by every session and by `verify`.
final class ProvinceChainServerTests: PostgresTestCase {
    static let story = PostgresBackendTests.schools + """

        enrol name = "张一", gender = M, birth = 2016-03-04, id_card = "410303201603040013" at 4103030001 grade 3 on 2025-09-01
        enrol name = "李二", gender = F, birth = 2016-03-04, id_card = "420102201603040026" at 4201020001 grade 3 on 2025-09-01
        transfer G410303201603040013 to 4201020001 on 2025-10-01 reason "随父母迁居"
        """

    /// Each province's chain as `province_chains` lists it: `41:1,3,5 42:2,4,5`.
    func chains(_ url: PostgresURL) throws -> String {
        try Self.psql(url, """
            SELECT string_agg(province || ':' || seqs, ' ' ORDER BY province)
            FROM (SELECT province, string_agg(seq::text, ',' ORDER BY seq) AS seqs FROM province_chains GROUP BY province) c
            """)
    }

    func testEachProvinceHasItsChainOnTheServerAndVerifyFollowsEach() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        ok(s, Self.story)
        XCTAssertEqual(try chains(url), "41:1,3,5 42:2,4,5")
        // Each link names the province's entry before (the anchor, the start, for the first).
        XCTAssertEqual(try Self.psql(url, """
            SELECT count(*) FROM province_chains c
            WHERE c.prev <> coalesce((SELECT p.hash FROM province_chains p WHERE p.province = c.province AND p.seq < c.seq
                                      ORDER BY p.seq DESC LIMIT 1), (SELECT hash FROM xueji_anchor))
            """), "0")
        let report = s.database.verify()
        XCTAssertTrue(report.ok, "\(report)")
        XCTAssertEqual(report.provinceChains, VerifyReport.ProvinceChains(anchor: 0, entries: [(41, 3), (42, 3)]))
        let said = try DemoParityTests.xueji([url.description, "--today", "2025-11-01", "-c", "verify"])
        XCTAssertTrue(said.out.contains("chains by province, from entry 0: 41 (3 entries), 42 (3 entries), each intact"), said.out)

        // Another session follows them and adds to one; governed entries (signed) link as well.
        let other = try session(today: "2025-11-01")
        try govern(other, adding: ["province:41"])
        ok(other, "enrol name = \"王三\", gender = M, birth = 2016-05-04, id_card = \"410303201605040017\" at 4103030001 grade 3 on 2025-09-01")
        XCTAssertEqual(try chains(url), "0:6,7 41:1,3,5,8 42:2,4,5")
        s.identity = try identity("national")
        ok(s, "count")
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify())")

        // An entry's link moved to another province's chain is found out by every reader.
        try Self.psql(url, """
            UPDATE journal SET links = set_byte(links, 0, 42) WHERE seq = 3
            """)
        XCTAssertThrowsError(try session(today: "2025-11-01")) { error in
            XCTAssertEqual((error as? StorageError)?.kind, .damaged, "\(error)")
        }
        XCTAssertFalse(s.database.verify().ok)
    }

    func testARegistryCopiedFromAServerKeepsItsChainsAndTheirAnchor() throws {
        try initializeURL()
        let s = try session(today: "2025-11-01")
        ok(s, Self.story)
        let target = try newDatabase()
        let copied = try DemoParityTests.xueji([url.description, "--copy-to", target.description])
        XCTAssertEqual(copied.status, 0, copied.err)
        XCTAssertTrue(copied.out.contains("chain head 5:") && copied.out.hasSuffix("on both\n"), copied.out)
        XCTAssertEqual(try Self.psql(target, "SELECT seq FROM xueji_anchor"), "0", "the chains start where the source's did")
        XCTAssertEqual(try chains(target), try chains(url))
        let there = try session(target, today: "2025-11-01")
        XCTAssertEqual(there.database.verify().provinceChains, VerifyReport.ProvinceChains(anchor: 0, entries: [(41, 3), (42, 3)]))
        ok(there, "enrol name = \"王三\", gender = M, birth = 2016-05-04, id_card = \"410303201605040017\" at 4103030001 grade 3 on 2025-09-01")
        XCTAssertEqual(try chains(target), "41:1,3,5,6 42:2,4,5")
        XCTAssertTrue(there.database.verify().ok)
    }

    func testARegistryWrittenBeforeTheChainsByProvinceIsAnchoredAtItsHeadOfThen() throws {
        try initializeURL()
        // Written as one chain (an anchor never reached), as a xueji before migration 9 wrote it…
        try Self.psql(url, "UPDATE xueji_anchor SET seq = 1000000")
        let s = try session(today: "2025-11-01")
        ok(s, Self.story)
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM journal WHERE links IS NULL"), "5")
        // …and left: no anchor, no links.
        try Self.psql(url, """
            DROP VIEW province_chains; DROP TABLE xueji_anchor; ALTER TABLE journal DROP COLUMN links;
            DELETE FROM xueji_migrations WHERE version >= 9
            """)
        let later = try session(today: "2025-11-01")
        XCTAssertEqual(try Self.psql(url, "SELECT seq FROM xueji_anchor"), "5")
        XCTAssertEqual(try Self.psql(url, "SELECT count(*) FROM journal WHERE links IS NOT NULL"), "0")
        ok(later, "enrol name = \"王三\", gender = M, birth = 2016-05-04, id_card = \"410303201605040017\" at 4103030001 grade 3 on 2025-09-01")
        XCTAssertEqual(try chains(url), "41:6")
        let report = later.database.verify()
        XCTAssertTrue(report.ok, "\(report)")
        XCTAssertEqual(report.provinceChains, VerifyReport.ProvinceChains(anchor: 5, entries: [(41, 1)]))
    }
}
