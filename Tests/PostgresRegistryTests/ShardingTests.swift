import Foundation
@testable import PostgresRegistry
import RQL
import Registry
import XCTest

/// A registry sharded over the two shard clusters: each province's rows on its shard, national
/// questions answered on the coordinator through postgres_fdw, a transfer across shards
/// committed on both or neither (two-phase, decided by the coordinator's journal), and a shard
/// stopped between the phases finished from that decision when it is back.
final class ShardingTests: PostgresTestCase {
    static let setup = """
        add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
        add school 4201020001 name "武汉市江岸区第一小学" stage primary district 420102
        enrol name = "李思思", gender = F, birth = 2015-05-05, id_card = "410303201505050023" at 4103030001 grade 3 on 2023-09-01
        enrol name = "王五", gender = M, birth = 2015-06-06, id_card = "420102201506060017" at 4201020001 grade 4 on 2024-09-01
        """
    static let transfer = "transfer G410303201505050023 to 4201020001 on 2025-09-01 reason \"随父母务工迁入武汉\""

    /// Which shard holds a province (the assignment is the partitions' order, in turn).
    func shard(holding province: String, _ shards: [PostgresURL]) throws -> PostgresURL {
        let placed = try PostgresRegistry.shards(of: try XCTUnwrap(coordinatorURL))
        let i = try XCTUnwrap(placed.firstIndex { $0.partitions.contains(province) })
        return shards[i]
    }
    var coordinatorURL: PostgresURL?

    func rows(_ url: PostgresURL) throws -> String {
        try Self.psql(url, "SELECT coalesce(string_agg(province || ':' || number, ',' ORDER BY number), '') FROM students")
    }

    func testEachProvinceLivesOnItsShardAndATransferAcrossShardsMovesTheRows() throws {
        let (coordinator, shards) = try newShardedRegistry()
        coordinatorURL = coordinator
        let henan = try shard(holding: "41", shards), hubei = try shard(holding: "42", shards)
        XCTAssertNotEqual(henan, hubei, "the demo's two provinces are on different shards")
        let s = try session(coordinator, today: "2025-11-01")
        ok(s, Self.setup)
        XCTAssertEqual(try rows(henan), "41:G410303201505050023")
        XCTAssertEqual(try rows(hubei), "42:G420102201506060017")
        // A national question on the coordinator runs on both shards.
        XCTAssertEqual(try Self.psql(coordinator, "SELECT string_agg(province || '=' || n, ',' ORDER BY province) FROM (SELECT province, count(*) n FROM students GROUP BY 1) t"),
                       "41=1,42=1")

        ok(s, Self.transfer)
        XCTAssertEqual(try rows(henan), "")
        XCTAssertEqual(try rows(hubei), "42:G410303201505050023,42:G420102201506060017")
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM events WHERE number = 'G410303201505050023'"), "2", "its history moved too")
        XCTAssertEqual(try Self.psql(henan, "SELECT count(*) FROM events"), "0")
        for shard in shards { XCTAssertEqual(try Self.psql(shard, "SELECT count(*) FROM pg_prepared_xacts"), "0") }
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify())")

        // A write the coordinator refuses after the shard prepared its part (R1 by the key of
        // `id_numbers`, which a session replaying the journal does not ask first) leaves nothing.
        try Self.psql(coordinator, "INSERT INTO id_numbers (id_card, number) VALUES ('410303201601010013', 'G0')")
        let refused = Self.run(s, "enrol name = \"周一\", gender = M, birth = 2016-01-01, id_card = \"410303201601010013\" at 4103030001 grade 3 on 2025-09-01")
        XCTAssertEqual(refused?.rule, .r1)
        XCTAssertEqual(try rows(henan), "")
        for shard in shards { XCTAssertEqual(try Self.psql(shard, "SELECT count(*) FROM pg_prepared_xacts"), "0") }
        try Self.psql(coordinator, "DELETE FROM id_numbers WHERE number = 'G0'")

        // Sessions racing to move the same student between the shards: each write goes through
        // or is refused by a rule (one finishing its second phase meanwhile fails none of them).
        let racers = try (0..<6).map { _ in try session(coordinator, today: "2025-11-01") }
        for round in 0..<6 {
            let school = round % 2 == 0 ? "4103030001" : "4201020001"
            let outcomes = race(racers) { i in
                i % 2 == 0 ? "transfer G410303201505050023 to \(school) on 2025-10-0\(round + 1) reason \"搬家\""
                    : "transfer G420102201506060017 to \(school) on 2025-10-0\(round + 1) reason \"搬家\""
            }
            for case let d? in outcomes { XCTAssertNotNil(d.rule, "refused by a rule, not by the servers: \(d.message)") }
        }
        for shard in shards { XCTAssertEqual(try Self.psql(shard, "SELECT count(*) FROM pg_prepared_xacts"), "0") }
        XCTAssertEqual(try Self.psql(coordinator, "SELECT count(*), count(DISTINCT number) FROM students"), "2|2")
        XCTAssertTrue(racers[0].database.verify().ok, "\(racers[0].database.verify())")
    }

    /// Stops or starts one of the script's shard clusters (prepared transactions survive a stop).
    func cluster(_ url: PostgresURL, _ action: String) throws {
        let name = ["54341": "xj_shard1", "54342": "xj_shard2"]["\(url.port)"]!
        let version = try FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql").sorted { Int($0)! < Int($1)! }.last!
        // posix_spawn and waitpid: Foundation's Process, waited for inside the engine's write,
        // was seen never to notice this child's exit.
        let args = ["/usr/bin/pg_ctlcluster", version, name, action] + (action == "stop" ? ["-m", "fast"] : [])
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        XCTAssertEqual(posix_spawn(&pid, args[0], nil, nil, &argv, environ), 0)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        XCTAssertEqual(status, 0, "pg_ctlcluster \(name) \(action)")
    }

    func store(_ s: Session) throws -> PostgresStore {
        try XCTUnwrap((s.database as? ChainDatabase)?.store as? PostgresStore)
    }

    /// A sharded registry with the setup's two children, and a session whose next sharded write
    /// stops the receiving shard (Hubei's) at `step` (before the decision the write then fails).
    func stoppingTheReceivingShard(at step: PostgresStore.TwoPhaseStep) throws
        -> (coordinator: PostgresURL, henan: PostgresURL, hubei: PostgresURL, session: Session, stopped: Handoff<Bool>) {
        let (coordinator, shards) = try newShardedRegistry()
        coordinatorURL = coordinator
        let henan = try shard(holding: "41", shards), hubei = try shard(holding: "42", shards)
        let s = try session(coordinator, today: "2025-11-01")
        ok(s, Self.setup)
        let stopped = Handoff(false)
        try store(s).twoPhaseHook = { [self] at throws(StorageError) in
            guard at == step else { return }
            try? cluster(hubei, "stop")
            stopped.value = true
            if step == .prepared { throw StorageError(.io, .serverUnreachable(address: hubei.description, reason: "stopped by the test")) }
        }
        return (coordinator, henan, hubei, s, stopped)
    }

    func testAShardStoppedBeforeTheDecisionLosesTheTransferWhole() throws {
        let (coordinator, henan, hubei, s, stopped) = try stoppingTheReceivingShard(at: .prepared)
        defer { if stopped.value { try? cluster(hubei, "start") } }
        XCTAssertNotNil(run(s, Self.transfer), "the transfer fails")
        XCTAssertTrue(stopped.value)
        try store(s).twoPhaseHook = nil
        XCTAssertEqual(try Self.psql(coordinator, "SELECT count(*) FROM journal WHERE label = 'transfer'"), "0", "not decided")
        XCTAssertEqual(try rows(henan), "41:G410303201505050023", "the sending shard rolled back")
        try cluster(hubei, "start")
        stopped.value = false
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM pg_prepared_xacts"), "1", "the stopped shard still holds its half")

        // The next session finishes it from the decision (none): rolled back.
        let next = try session(coordinator, today: "2025-11-01")
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM pg_prepared_xacts"), "0")
        XCTAssertEqual(try rows(hubei), "42:G420102201506060017")
        XCTAssertTrue(next.database.verify().ok, "\(next.database.verify())")
        // And the transfer can be made again.
        ok(next, Self.transfer)
        XCTAssertEqual(try rows(hubei), "42:G410303201505050023,42:G420102201506060017")
    }

    func testAShardStoppedAfterTheDecisionGetsTheTransferWhenItIsBack() throws {
        let (coordinator, henan, hubei, s, stopped) = try stoppingTheReceivingShard(at: .decided)
        defer { if stopped.value { try? cluster(hubei, "start") } }
        XCTAssertNil(run(s, Self.transfer), "decided: the transfer is made")
        try store(s).twoPhaseHook = nil
        XCTAssertEqual(try Self.psql(coordinator, "SELECT count(*) FROM journal WHERE label = 'transfer'"), "1")
        XCTAssertEqual(try rows(henan), "", "the reachable shard committed")
        try cluster(hubei, "start")
        stopped.value = false
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM pg_prepared_xacts"), "1")

        // The session's next write (here: its next statement that changes anything) finishes it.
        ok(s, "correct G420102201506060017 set migrant = no reason \"核实\"")
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM pg_prepared_xacts"), "0")
        XCTAssertEqual(try rows(hubei), "42:G410303201505050023,42:G420102201506060017")
        XCTAssertTrue(s.database.verify().ok, "\(s.database.verify())")
    }
}
