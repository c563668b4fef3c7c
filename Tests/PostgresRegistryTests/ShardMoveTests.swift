import Foundation
@testable import PostgresRegistry
import PostgresRQL
import RQL
import Registry
import Shell
import XCTest

/// `xueji pg move`: a province's rows moved to another shard (or to a new server) while
/// sessions are open. Writes wait for the copy; every session, opened before the move or
/// after it, then reads and writes the province on its new shard; the old shard forwards it.
final class ShardMoveTests: PostgresTestCase {
    /// Henan's school and child on one shard, Hubei's on the other (as `ShardingTests` has them).
    static let setup = ShardingTests.setup

    /// Each shard's name, address and partitions.
    func placed(_ coordinator: PostgresURL) throws -> [String: (address: String, partitions: [String])] {
        Dictionary(uniqueKeysWithValues: try PostgresRegistry.shards(of: coordinator).map { ($0.name, ($0.address, $0.partitions)) })
    }

    /// The name of the shard holding `partition`.
    func holder(of partition: String, _ coordinator: PostgresURL) throws -> String {
        try XCTUnwrap(try placed(coordinator).first { $0.value.partitions.contains(partition) }?.key)
    }

    /// The kind of a province's table on a server: `r` (its own rows) or `f` (a forward).
    func kind(_ table: String, on url: PostgresURL) throws -> String {
        try Self.psql(url, "SELECT relkind FROM pg_class WHERE relname = '\(table)'")
    }

    func url(of shard: String, _ coordinator: PostgresURL) throws -> PostgresURL {
        try XCTUnwrap(PostgresURL(try XCTUnwrap(try placed(coordinator)[shard]).address))
    }

    func testAProvinceMovesToTheOtherShardAndOpenSessionsFollowIt() throws {
        let (coordinator, shardURLs) = try newShardedRegistry()
        let writer = try session(coordinator, today: "2025-11-01")
        ok(writer, Self.setup)
        let reader = try session(coordinator, today: "2025-11-01")
        XCTAssertEqual(Self.run(reader, "count"), nil)
        let from = try holder(of: "41", coordinator), to = try holder(of: "42", coordinator)
        XCTAssertNotEqual(from, to)
        let henan = try url(of: from, coordinator), hubei = try url(of: to, coordinator)

        // The move waits for a write in progress (a transaction), and carries its rows.
        ok(writer, "begin")
        ok(writer, """
            enrol name = "张三", gender = M, birth = 2015-03-03, id_card = "410303201503030010" at 4103030001 grade 3 on 2025-09-01
            """)
        let done = DispatchSemaphore(value: 0)
        let result = Handoff<Result<PostgresRegistry.MovedProvince, StorageError>?>(nil)
        Thread {
            do throws(StorageError) { result.value = .success(try PostgresRegistry.move(coordinator, partition: "41", to: to)) } catch {
                result.value = .failure(error)
            }
            done.signal()
        }.start()
        XCTAssertEqual(done.wait(timeout: .now() + 1), .timedOut, "the move waits for the open transaction")
        ok(writer, "commit")
        XCTAssertEqual(done.wait(timeout: .now() + 120), .success)
        let moved = try XCTUnwrap(result.value).get()
        XCTAssertEqual(moved, PostgresRegistry.MovedProvince(from: from, to: to, students: 2, events: 2, versions: 2, leftOn: nil))
        XCTAssertEqual(try holder(of: "41", coordinator), to)
        XCTAssertFalse(try placed(coordinator)[from]!.partitions.contains("41"))
        // The rows are the new shard's own; the old shard's tables forward there.
        let both = "G410303201503030010,G410303201505050023"
        XCTAssertEqual(try Self.psql(hubei, "SELECT string_agg(number, ',' ORDER BY number) FROM ONLY students_41"), both)
        XCTAssertEqual(try kind("students_41", on: hubei), "r")
        for table in ["students_41", "events_41", "student_versions_41"] { XCTAssertEqual(try kind(table, on: henan), "f", table) }
        XCTAssertEqual(try Self.psql(coordinator, "SELECT count(*) FROM students"), "3")
        // A statement that routed by what it read just before the move reads the rows through the forward.
        XCTAssertEqual(try Self.psql(henan, "SELECT string_agg(number, ',' ORDER BY number) FROM students_41"), both)

        // A session opened before the move writes the province on its new shard.
        ok(writer, """
            enrol name = "赵六", gender = M, birth = 2015-04-04, id_card = "410303201504040034" at 4103030001 grade 3 on 2025-09-01
            """)
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM ONLY students_41"), "3")
        let store = try XCTUnwrap((writer.database as? ChainDatabase)?.store as? PostgresStore)
        XCTAssertEqual(store.link(province: 41).name, to, "the writer routes the province anew")
        // And a reader opened before it reads there (a find by number goes to the student's shard).
        reader.queryServer = try XCTUnwrap(SQLQueries(reader.database))
        let point = "find where no = \"G410303201504040034\" show name"
        let explained = try reader.execute(RQLParser.parse("explain " + point).statements[0]).map(\.dump).joined()
        XCTAssert(explained.contains("answered by: PostgreSQL \(to) "), explained)
        let found = try reader.execute(RQLParser.parse(point).statements[0]).map(\.dump).joined()
        XCTAssert(found.contains("赵六"), found)
        ok(reader, "transfer G410303201505050023 to 4201020001 on 2025-10-01 reason \"随父母务工迁入武汉\"")
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM ONLY students_42"), "2")
        for s in [writer, reader, try session(coordinator, today: "2025-11-01")] {
            try s.database.refresh()
            let report = s.database.verify()
            XCTAssertTrue(report.ok, "\(report.problemIDs)")
        }
        // Moved again, back, while a session writes: a child enrolled and one transferred out of
        // the province after the copy are copied again under the lock (the copy is not).
        let back = try PostgresRegistry.move(coordinator, partition: "41", to: from, afterCopy: { [self] in
            ok(writer, """
                enrol name = "孙七", gender = F, birth = 2015-04-04, id_card = "410303201504040026" at 4103030001 grade 3 on 2025-09-01
                transfer G410303201504040034 to 4201020001 on 2025-10-10 reason "随父母务工迁入武汉"
                """)
        })
        XCTAssertEqual([back.students, back.events, back.versions], [2, 2, 2])
        XCTAssertEqual(try kind("students_41", on: henan), "r")
        XCTAssertEqual(try kind("students_41", on: hubei), "f")
        XCTAssertEqual(try Self.psql(henan, "SELECT string_agg(number, ',' ORDER BY number) FROM ONLY students_41"),
                       "G410303201503030010,G410303201504040026")
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM ONLY events_42 WHERE number = 'G410303201504040034'"), "2",
                       "the transferred child's history went with it")
        ok(writer, "promote G410303201503030010 on 2025-10-15")
        XCTAssertEqual(try Self.psql(henan, "SELECT grade FROM ONLY students_41 WHERE number = 'G410303201503030010'"), "4")
        for shard in [henan, hubei] { XCTAssertEqual(try Self.psql(shard, "SELECT count(*) FROM pg_prepared_xacts"), "0") }

        // To a new server, which becomes a shard (a new database on the first shard's server stands for it).
        let fresh = shardURLs[0].with(database: coordinator.database + "_new")
        try Self.psql(fresh.with(database: "postgres"), "CREATE DATABASE \(fresh.database)")
        addTeardownBlock { _ = try? Self.psql(fresh.with(database: "postgres"), "DROP DATABASE IF EXISTS \(fresh.database) WITH (FORCE)") }
        let added = try PostgresRegistry.move(coordinator, partition: "42", to: fresh.description)
        XCTAssertEqual([added.from, added.to], [to, "shard3"])
        XCTAssertEqual(added.students, 3)
        XCTAssertEqual(try placed(coordinator)["shard3"]?.partitions, ["42"])
        XCTAssertEqual(try placed(coordinator)["shard3"]?.address, fresh.description)
        // The last move's forward has served its turn: hubei's partition of 41 is its own again, empty.
        XCTAssertEqual(try kind("students_41", on: hubei), "r")
        XCTAssertEqual(try Self.psql(hubei, "SELECT count(*) FROM students_41"), "0")
        // The sessions opened before it reach the new server.
        ok(reader, "promote G420102201506060017 on 2025-10-15")
        XCTAssertEqual(try Self.psql(fresh, "SELECT string_agg(number || ':' || grade, ',' ORDER BY number) FROM students"),
                       "G410303201504040034:3,G410303201505050023:3,G420102201506060017:5")
        XCTAssertEqual(try Self.psql(coordinator, "SELECT string_agg(province || '=' || n, ',' ORDER BY province) FROM (SELECT province, count(*) n FROM students GROUP BY 1) t"),
                       "41=2,42=3")
        // Named by its address, a shard is that shard; moved to where it is, nothing moves.
        let again = try PostgresRegistry.move(coordinator, partition: "42", to: fresh.description)
        XCTAssertEqual([again.from, again.to], ["shard3", "shard3"])
        XCTAssertEqual(again.students, 0)
        for s in [writer, reader] {
            try s.database.refresh()
            XCTAssertTrue(s.database.verify().ok)
        }
    }

    func testWhatCannotBeMovedIsRefusedAndTheCommandSaysWhatMovedInBothLanguages() throws {
        let (coordinator, _) = try newShardedRegistry()
        let s = try session(coordinator, today: "2025-11-01")
        ok(s, Self.setup)
        let before = try placed(coordinator).mapValues(\.partitions)
        func refusal(_ partition: String, _ target: String, in registry: PostgresURL? = nil) -> StorageMessage? {
            do throws(StorageError) {
                _ = try PostgresRegistry.move(registry ?? coordinator, partition: partition, to: target)
                return nil
            } catch { return error.id }
        }
        XCTAssertEqual(refusal("99", "shard1"), .unknownPartition("99"))
        XCTAssertEqual(refusal("41", "shard9"), .unknownShard("shard9"))
        // A server whose database holds students is no new shard.
        let other = try newInitializedDatabase()
        ok(try session(other, today: "2025-11-01"), Self.setup)
        XCTAssertEqual(refusal("41", other.description), .shardNotEmpty(address: other.description))
        // A registry on one server has no shards to move between.
        XCTAssertEqual(refusal("41", "shard1", in: other), .notSharded(address: other.description))
        XCTAssertEqual(try placed(coordinator).mapValues(\.partitions), before)
        try s.database.refresh()
        XCTAssertTrue(s.database.verify().ok)

        // `xueji pg move` as the shell runs it: what it prints, in English and in Chinese, and its status.
        let to = try holder(of: "42", coordinator)
        let backend = RegistryBackend(
            handles: { PostgresURL.looksLikeOne($0) },
            open: { (_: String, _: Day, _: Bool, _: Bool, _: ActorName?) throws(StorageError) -> any RegistryDatabase in
                throw StorageError(.refused, .badServerAddress("unused"))
            },
            copyIn: { (_: [ChainedEntry], _: String, _: Day) throws(StorageError) -> Int in 0 },
            initialize: { (_: String, _: [String]) throws(StorageError) -> (applied: [String], version: Int, shards: [(String, String, [String])]) in
                ([], 0, [])
            },
            move: { (address: String, partition: String, target: String) throws(StorageError) -> RegistryBackend.ProvinceMove in
                let m = try PostgresRegistry.move(PostgresURL(address)!, partition: partition, to: target)
                return RegistryBackend.ProvinceMove(from: m.from, to: m.to, students: m.students, events: m.events, versions: m.versions,
                                                    leftOn: m.leftOn, shards: [])
            })
        let (status, text) = ShellRunner.pg(["move", coordinator.description, "41", "--to", to], backend: backend, language: .en)
        XCTAssertEqual(status, 0)
        XCTAssertTrue(text.hasPrefix("moved province 41 from "), text)
        XCTAssertTrue(text.hasSuffix(" to \(to): 1 student, 1 event, 1 version; sessions follow it at their next statement"), text)
        let (again, zh) = ShellRunner.pg(["move", coordinator.description, "41", "--to", to], backend: backend, language: .zh)
        XCTAssertEqual(again, 0)
        XCTAssertEqual(zh, "省份 41 已在 \(to)；未迁移")
        let (bad, refused) = ShellRunner.pg(["move", coordinator.description, "41", "--to", "shard9"], backend: backend, language: .en)
        XCTAssertEqual(bad, 2)
        XCTAssertTrue(refused.hasPrefix("xueji: there is no shard named shard9"), refused)
        let (usage, _) = ShellRunner.pg(["move", coordinator.description, "41"], backend: backend, language: .en)
        XCTAssertEqual(usage, 2)
    }

}
