import PostgresNIO
import Registry

/// Sharding a new registry across servers (PostgreSQL's own way: postgres_fdw). Each shard
/// gets the same schema; on the coordinator the partitions of the provinces a shard holds
/// become foreign tables on it, so national questions asked on the coordinator run on every
/// shard, while xueji writes each province's rows on its shard directly.
enum Sharding {
    /// Assigns the partitions to `shards` in turn (`41` to one, `42` to the next, …) and links them
    /// to the coordinator `db`; returns each shard's partitions. Only a registry with no entries
    /// and no shards yet is sharded.
    static func shard(_ db: PGClient, across shards: [PostgresURL]) throws(StorageError) -> [[String]] {
        let url = db.url
        for s in shards {
            let shard = try PGClient(s)
            defer { shard.close() }
            try Schema.migrate(shard)
        }
        var assigned = Array(repeating: [String](), count: shards.count)
        for (i, p) in Schema.partitions.enumerated() { assigned[i % shards.count].append(p) }
        do throws(PGError) {
            try db.run("BEGIN")
            let existing = try db.query("SELECT (SELECT count(*) FROM shards) + (SELECT seq FROM xueji_head)")
            guard (try? existing.first?.decode(Int64.self)) == 0 else {
                try db.run("ROLLBACK")
                throw PGError(sqlState: "55000", text: "only a new registry, with no entries and no shards, can be sharded")
            }
            try db.run("CREATE EXTENSION IF NOT EXISTS postgres_fdw")
            for (i, s) in shards.enumerated() {
                let server = "xueji_shard\(i + 1)"
                try createServer(db, server, for: s)
                for p in assigned[i] { try attach(db, partition: p, to: server) }
                try db.query("INSERT INTO shards (name, address, provinces) VALUES (\("shard\(i + 1)"), \(s.description), \(assigned[i]))")
            }
            try db.run("COMMIT")
        } catch {
            try? db.run("ROLLBACK")
            throw error.storage(url)
        }
        return assigned
    }

    /// The rows a coordinator takes from a shard at a time (postgres_fdw's default is 100).
    static let fetchSize = 10_000

    /// The sharded tables: each has a partition per province on every server.
    static let tables = ["students", "events", "student_versions"]

    /// A postgres_fdw server `name` in `db` for the database at `s`, reached as `s`'s user
    /// (`unlessThere`: nothing when `db` has a server of that name).
    static func createServer(_ db: PGClient, _ name: String, for s: PostgresURL, unlessThere: Bool = false) throws(PGError) {
        if unlessThere, !(try db.query("SELECT 1 FROM pg_foreign_server WHERE srvname = \(name)")).isEmpty { return }
        try db.run("""
            CREATE SERVER \(name) FOREIGN DATA WRAPPER postgres_fdw
            OPTIONS (host '\(quoted(s.host))', port '\(s.port)', dbname '\(quoted(s.database))', async_capable 'true',
                     fetch_size '\(fetchSize)')
            """)
        // (async_capable: a statement over several shards reads them at once; fetch_size: see
        // migration 18.)
        // Readers on the coordinator (actors' roles too) reach the shard as xueji's own role;
        // row-level security on the coordinator's tables decides what they see.
        let password = s.password.map { ", password '\(quoted($0))'" } ?? ""
        try db.run("""
            CREATE USER MAPPING FOR PUBLIC SERVER \(name)
            OPTIONS (user '\(quoted(s.user))', password_required 'false'\(password))
            """)
    }

    /// Makes a partition's tables in `db` foreign tables on `server` (where they are the server's own).
    static func attach(_ db: PGClient, partition p: String, to server: String) throws(PGError) {
        let bounds = p == "other" ? "DEFAULT" : "FOR VALUES IN (\(p))"
        for table in tables {
            try drop(db, "\(table)_\(p)")
            try db.run("""
                CREATE FOREIGN TABLE \(table)_\(p) PARTITION OF \(table) \(bounds)
                SERVER \(server) OPTIONS (table_name '\(table)_\(p)')
                """)
        }
    }

    /// Makes a partition's tables in `db` the server's own again, empty (in place of a forward,
    /// or of rows left by an earlier move), as the schema makes them.
    static func makeOwn(_ db: PGClient, partition p: String) throws(PGError) {
        for table in tables { try drop(db, "\(table)_\(p)") }
        for statement in Schema.partitionSQL(p) + Schema.versionPartitionSQL(p) { try db.run(statement) }
    }

    /// Whether `table` in `db` is a foreign table (nil: there is no such table).
    static func isForeign(_ db: PGClient, _ table: String) throws(PGError) -> Bool? {
        let rows = try db.query("SELECT relkind::text FROM pg_class WHERE oid = to_regclass(\(table))")
        guard let kind = try? rows.first?.decode(String.self) else { return nil }
        return kind == "f"
    }

    /// Drops a partition's table, a server's own or a foreign one.
    static func drop(_ db: PGClient, _ table: String) throws(PGError) {
        guard let foreign = try isForeign(db, table) else { return }
        try db.run("DROP \(foreign ? "FOREIGN " : "")TABLE \(table)")
    }

    static func quoted(_ s: String) -> String { s.replacingOccurrences(of: "'", with: "''") }
}
