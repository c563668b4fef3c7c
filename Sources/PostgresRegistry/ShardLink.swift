import PostgresNIO
import Registry

/// Where some provinces' rows are written: the coordinator itself (a registry on one server),
/// or a shard server, which xueji writes directly and commits two-phase with the coordinator.
final class ShardLink {
    /// `coordinator`, or the shard's name (`shard1`).
    let name: String
    let db: PGClient
    /// Whether this is the coordinator's own connection (no second phase).
    let isCoordinator: Bool
    /// Whether this write has begun a transaction here (shards only).
    var inTransaction = false
    /// The transaction prepared here, waiting for the coordinator's decision.
    var prepared: String?

    init(name: String, db: PGClient, isCoordinator: Bool) {
        self.name = name; self.db = db; self.isCoordinator = isCoordinator
    }

    /// Runs a statement of this write: on a shard the first one begins its transaction.
    @discardableResult
    func query(_ q: PostgresQuery) throws(PGError) -> [PostgresRow] {
        if !isCoordinator && !inTransaction {
            if !db.isOpen { do throws(StorageError) { try db.reconnect() } catch { throw PGError(sqlState: "08006", text: "\(error.id)") } }
            try db.run("BEGIN")
            inTransaction = true
        }
        return try db.query(q)
    }

    /// Whether writes wait for nothing until the end of the write (the coordinator of a
    /// registry on one server: its statements go out with the COMMIT).
    var batchesWrites = false

    /// A statement whose rows nobody reads: queued when this link batches its writes.
    func write(_ q: PostgresQuery) throws(PGError) {
        if batchesWrites { db.later(q) } else { try query(q) }
    }

    /// A statement whose rows nobody reads: fused with the parts queued with it when this link
    /// batches its writes, else run at once.
    func write(part: SQLPart) throws(PGError) {
        if batchesWrites { db.later(part: part) } else { try query(part.query) }
    }

    /// Parts written after this run after those written before it (a key deleted, then inserted again).
    func barrier() {
        if batchesWrites { db.laterBarrier() }
    }

    /// Phase one: the shard promises to commit (`PREPARE TRANSACTION`), surviving a crash or restart.
    func prepare(_ gid: String) throws(PGError) {
        guard inTransaction else { return }
        inTransaction = false
        try db.run("PREPARE TRANSACTION '\(gid)'")
        prepared = gid
    }

    /// Phase two, after the coordinator's decision; a failure is left for `resolve` to finish.
    func finish(commit: Bool) {
        if inTransaction { try? db.run("ROLLBACK"); inTransaction = false }
        guard let gid = prepared else { return }
        prepared = nil
        try? db.run("\(commit ? "COMMIT" : "ROLLBACK") PREPARED '\(gid)'")
    }

    /// Finishes what a crash left prepared here, by the coordinator's journal: an entry it holds
    /// was decided (commit), one it lacks was not (roll back). Run under the writer lock, so no
    /// live write is between its two phases.
    func resolve(prefix: String, decided: (UInt64) throws(PGError) -> Bool) throws(PGError) {
        if !db.isOpen { do throws(StorageError) { try db.reconnect() } catch { throw PGError(sqlState: "08006", text: "\(error.id)") } }
        let rows = try db.query("""
            SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND starts_with(gid, \(prefix))
            """)
        for row in rows {
            guard let gid = try? row.decode(String.self), let seq = UInt64(gid.dropFirst(prefix.count)) else { continue }
            try db.run("\(try decided(seq) ? "COMMIT" : "ROLLBACK") PREPARED '\(gid)'")
        }
    }
}
