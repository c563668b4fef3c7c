import PostgresNIO
import Registry

/// Moving a province's rows to another shard while the registry is in use (`xueji pg move`).
/// The new shard copies the rows from the old one while sessions go on writing; then, under the
/// writer lock, it copies again the students the entries written meanwhile touched, and the
/// coordinator routes the province there in the lock's own transaction. The old shard then
/// forwards the province to the new one (its partitions become foreign tables on it), so a
/// statement that read the routing just before the move still reads the rows; every session
/// routes anew at its next statement (`entries(after:)`).
extension PostgresStore {
    /// What a move did.
    struct Moved {
        var from: String
        var to: String
        var students = 0, events = 0, versions = 0
        /// The old shard still holds its copy (its forward failed); the next move of the province clears it.
        var leftOn: String?
    }

    /// Moves partition `p` (`41`, `other`) to the shard named `target`, or to the server at the
    /// address `target` (a shard already, or a new one, whose database must hold no students).
    /// `afterCopy` runs between the copy and the lock that finishes it (tests write there).
    func move(partition p: String, to target: String, afterCopy: (() -> Void)? = nil) throws(StorageError) -> Moved {
        guard Schema.partitions.contains(p) else { throw StorageError(.refused, .unknownPartition(p)) }
        guard !shards.isEmpty else { throw StorageError(.refused, .notSharded(address: url.description)) }
        let (destination, added) = try shard(named: target)
        // (A new server's connection is this move's own; sessions connect to it as they route.)
        defer { if added != nil { destination.db.close() } }
        // A moment under the writer lock: the last move's forwards have served (every session
        // has routed anew since), every decided write is finished on the shards (`lock`), and the
        // journal's head is where the copy will be brought up to date from.
        _ = try lock(after: .max, forTransaction: true)
        let start: UInt64
        do throws(PGError) {
            for shard in shards { try unforward(on: shard) }
            let head = try db.query("SELECT seq FROM xueji_head")
            start = UInt64((try? head.first?.decode(Int64.self)) ?? 0)
        } catch {
            try? unlock(commit: false)
            throw error.storage(url)
        }
        let source = link(province: Int(p) ?? 0)
        try unlock(commit: true)
        guard source !== destination || added != nil else { return Moved(from: source.name, to: destination.name) }
        // The copy, while sessions go on writing.
        do throws(PGError) { _ = try copy(p, from: source.db.url, into: destination.db) } catch { throw error.storage(url) }
        afterCopy?()
        // Then under the lock: the students the entries written meanwhile touched are copied
        // again, and the coordinator routes the province to its new shard (the decision).
        let newer = try lock(after: start, forTransaction: true)
        var moved = Moved(from: source.name, to: destination.name)
        do throws(PGError) {
            guard link(province: Int(p) ?? 0) === source else {
                throw PGError(sqlState: "40001", text: "province \(p) was moved meanwhile by another session; nothing was moved")
            }
            (moved.students, moved.events, moved.versions) = try copy(p, from: source.db.url, into: destination.db,
                                                                      only: Self.students(touchedBy: newer))
            if let added {
                try Sharding.createServer(db, "xueji_\(added.name)", for: destination.db.url, unlessThere: true)
                try db.query("INSERT INTO shards (name, address, provinces) VALUES (\(added.name), \(added.url.description), \([String]()))")
            }
            try Sharding.attach(db, partition: p, to: "xueji_\(destination.name)")
            try db.query("UPDATE shards SET provinces = array_remove(provinces, \(p)) WHERE name = \(source.name)")
            try db.query("UPDATE shards SET provinces = array_append(provinces, \(p)) WHERE name = \(destination.name)")
        } catch {
            try? unlock(commit: false)
            throw error.storage(url)
        }
        try unlock(commit: true)
        do throws(PGError) { try forward(p, on: source.db, to: destination) } catch { moved.leftOn = source.name }
        return moved
    }

    /// The registry numbers entries' events are about, old and new when a number changed (L → G).
    static func students(touchedBy entries: [ChainedEntry]) -> [String] {
        var numbers = Set<String>()
        for e in entries {
            for r in (try? JournalChain.recordedEvents(e)) ?? [] {
                numbers.insert(r.student.description)
                for c in r.changes where c.field == .no {
                    for v in [c.before, c.after] { if let n = RegistryNumber(v.description) { numbers.insert(n.description) } }
                }
            }
        }
        return numbers.sorted()
    }

    /// The shard a move goes to: one named so, or at that address; or a new one at that address.
    private func shard(named target: String) throws(StorageError) -> (ShardLink, added: (name: String, url: PostgresURL)?) {
        if let named = shards.first(where: { $0.name == target }) { return (named, nil) }
        guard PostgresURL.looksLikeOne(target), var address = PostgresURL(target) else {
            throw StorageError(.refused, .unknownShard(target))
        }
        if address.password == nil { address.password = url.password }
        if let same = shards.first(where: { $0.db.url.host == address.host && $0.db.url.port == address.port
                                              && $0.db.url.database == address.database }) {
            return (same, nil)
        }
        let client = try PGClient(address)
        do throws(StorageError) {
            try Schema.migrate(client)
            let n: Int
            do throws(PGError) {
                let rows = try client.query("SELECT count(*) FROM students")
                n = Int((try? rows.first?.decode(Int64.self)) ?? 0)
            } catch { throw error.storage(address) }
            guard n == 0 else { throw StorageError(.refused, .shardNotEmpty(address: address.description)) }
        } catch {
            client.close()
            throw error
        }
        let taken = Set(shards.map(\.name))
        var number = shards.count + 1
        while taken.contains("shard\(number)") { number += 1 }
        return (ShardLink(name: "shard\(number)", db: client, isCoordinator: false), ("shard\(number)", address))
    }

    /// Copies partition `p`'s rows from the server at `source` into `db`, in one transaction on
    /// `db`, through a postgres_fdw server made for the copy and dropped after it: all of them
    /// (what `db` held of the province before, a copy left by an earlier move or a forward, is
    /// replaced), or `only` those students' rows again. Returns the rows `db` then holds.
    private func copy(_ p: String, from source: PostgresURL, into db: PGClient, only: [String]? = nil) throws(PGError) -> (Int, Int, Int) {
        let sourceDB = try? PGClient(source)
        defer { sourceDB?.close() }
        let schema = (try? sourceDB?.query("SELECT current_schema()").first?.decode(String.self)) ?? "public"
        // (Registry numbers: letters and digits only.)
        let chosen = only.map { " WHERE number = ANY(ARRAY[" + $0.map { "'\($0)'" }.joined(separator: ", ") + "]::text[])" }
        var counts: [Int] = []
        try db.transaction { () throws(PGError) in
            try db.run("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
            try db.run("DROP SCHEMA IF EXISTS xueji_move CASCADE")
            try db.run("DROP SERVER IF EXISTS xueji_move_source CASCADE")
            try Sharding.createServer(db, "xueji_move_source", for: source)
            try db.run("CREATE SCHEMA xueji_move")
            let names = Sharding.tables.map { "\($0)_\(p)" }
            try db.run("""
                IMPORT FOREIGN SCHEMA "\(schema.replacingOccurrences(of: "\"", with: "\"\""))" LIMIT TO (\(names.joined(separator: ", ")))
                FROM SERVER xueji_move_source INTO xueji_move
                """)
            if let chosen {
                for name in names { try db.run("DELETE FROM ONLY \(name)" + chosen) }
            } else {
                try Sharding.makeOwn(db, partition: p)
            }
            for name in names {
                let columns = try db.query("""
                    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute
                    WHERE attrelid = \(name)::regclass AND attnum > 0 AND NOT attisdropped
                    """)
                let list = (try? columns.first?.decode(String.self)) ?? "*"
                try db.run("INSERT INTO \(name) (\(list)) SELECT \(list) FROM xueji_move.\(name)" + (chosen ?? ""))
                let n = try db.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM ONLY \(name)"))
                counts.append(Int((try? n.first?.decode(Int64.self)) ?? 0))
            }
            try db.run("DROP SCHEMA xueji_move CASCADE")
            try db.run("DROP SERVER xueji_move_source CASCADE")
            if only == nil { try db.run("ANALYZE " + names.joined(separator: ", ")) }
        }
        return (counts[0], counts[1], counts[2])
    }

    /// Makes the partitions a shard forwards to another (an earlier move's) its own again, empty:
    /// psql on the shard then sees only the provinces it holds.
    private func unforward(on shard: ShardLink) throws(PGError) {
        let rows = try shard.db.query("""
            SELECT DISTINCT substring(relname from '_([^_]+)$') FROM pg_class
            WHERE relkind = 'f' AND relispartition AND relname ~ '^(students|events|student_versions)_'
            """)
        let forwarded = rows.compactMap { try? $0.decode(String.self) }.filter { link(province: Int($0) ?? 0) !== shard }
        guard !forwarded.isEmpty else { return }
        try shard.db.transaction { () throws(PGError) in
            for p in forwarded where Schema.partitions.contains(p) { try Sharding.makeOwn(shard.db, partition: p) }
        }
    }

    /// Makes partition `p` on the old shard `db` a forward to the new one: its rows are dropped
    /// with its tables, and a statement that still routes there reads the new shard's.
    private func forward(_ p: String, on db: PGClient, to destination: ShardLink) throws(PGError) {
        let server = "xueji_to_\(destination.name)"
        try db.transaction { () throws(PGError) in
            try db.run("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
            // (Kept when there: other provinces moved there before forward through it.)
            try Sharding.createServer(db, server, for: destination.db.url, unlessThere: true)
            try Sharding.attach(db, partition: p, to: server)
        }
    }
}
