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
        queuesWrites = !isCoordinator
    }

    /// Runs a statement of this write (after what it queued): on a shard the first one begins its transaction.
    @discardableResult
    func query(_ q: PostgresQuery) throws(PGError) -> [PostgresRow] {
        try begin()
        return try db.query(q)
    }

    /// On a shard, the write's transaction begins with its first statement (`BEGIN` queued with it).
    private func begin() throws(PGError) {
        guard !isCoordinator && !inTransaction else { return }
        if !db.isOpen { try db.reconnectAsPGError() }
        db.runLater("BEGIN")
        inTransaction = true
    }

    /// Whether writes wait for nothing until the end of the write (the coordinator of a
    /// registry on one server: its statements go out with the COMMIT).
    var batchesWrites = false
    /// Whether this link's writes are queued until the next statement whose answer is read, or
    /// the write's end (a sharded registry's links: every server's part goes out at once).
    var queuesWrites = false

    /// A statement whose rows nobody reads: queued when this link batches or queues its writes.
    func write(_ q: PostgresQuery) throws(PGError) {
        guard batchesWrites || queuesWrites else { try query(q); return }
        try begin()
        db.later(q)
    }

    /// A statement whose rows nobody reads: fused with the parts queued with it when this link
    /// batches or queues its writes, else run at once.
    func write(part: SQLPart) throws(PGError) {
        guard batchesWrites || queuesWrites else { try query(part.query); return }
        try begin()
        db.later(part: part)
    }

    /// Parts written after this run after those written before it (a key deleted, then inserted again).
    func barrier() {
        if batchesWrites || queuesWrites { db.laterBarrier() }
    }

    /// Phase one, queued: the shard promises to commit (`PREPARE TRANSACTION`), surviving a crash
    /// or restart, once the write's statements queued before it are done (`PGClient.flush(_:)`).
    func prepareLater(_ gid: String) {
        guard inTransaction else { return }
        inTransaction = false
        db.runLater("PREPARE TRANSACTION '\(gid)'")
        prepared = gid
    }

    /// Drops this write's part here: what is queued, the transaction, and the prepared one if
    /// the phase one got that far (a failure of the statements before it leaves none).
    func abandon() {
        db.discardPending()
        // (Unconditionally: a transaction whose PREPARE was queued may not have got that far.)
        try? db.run("ROLLBACK")
        inTransaction = false
        if let gid = prepared { try? db.run("ROLLBACK PREPARED '\(gid)'"); prepared = nil }
    }

    /// Phase two after the coordinator's decision, queued (sent by `PGClient.flush(_:)`); a
    /// failure is left for `PostgresStore.resolvePrepared` to finish.
    func finishLater(commit: Bool) {
        guard let gid = prepared else { return }
        prepared = nil
        db.runLater("\(commit ? "COMMIT" : "ROLLBACK") PREPARED '\(gid)'")
    }
}
