import PostgresNIO
import Registry

/// The engine's `ChainStore` on PostgreSQL: the journal chain in table `journal`, the writer
/// lock on the one row of `xueji_head`, and, in the same write as each entry, the registry
/// mirrored into `students`, `events` (by province), `schools`, `homes` and the R1 coordinator
/// `id_numbers`, so that psql sees what the shell sees. On a sharded registry the provinces'
/// rows live on the shards, written directly and committed two-phase: the coordinator's journal
/// row is the decision, so a crash between the phases is finished from it.
package final class PostgresStore: ScopedChainStore {
    let url: PostgresURL
    let db: PGClient
    /// The coordinator's connection as a link, and the shards'.
    let coordinator: ShardLink
    var shards: [ShardLink] = []
    /// Which link writes each partition (`41`, `other`).
    var route: [String: ShardLink] = [:]
    /// The `shards` table as this session last read it (`routingSQL`): a province moved to
    /// another shard (`xueji pg move`) changes it, and the session routes anew.
    var routing = ""
    /// Whether this session holds the writer lock.
    private(set) var inWrite = false
    /// Whether the write is a transaction on the coordinator (`BEGIN` sent): a `begin … commit`
    /// block, a sharded registry's write, a copy; a one-statement write on one server is not
    /// (its statement commits as it ends, see `lock`).
    private(set) var serverTransaction = false
    /// The entry this write appends (its number names the shards' prepared transactions).
    var appending: UInt64?
    /// Schools the `schools` table holds, in the registry's order.
    var schoolsMirroredCount = 0
    /// Actors as they were last mirrored: name and whether revoked.
    var actorsMirrored: [String: Bool]?
    private let idleTimeout: Int
    /// The entry after which the journal is kept as chains by province (`xueji_anchor`).
    package private(set) var provinceAnchor: ChainHead?
    /// Where the students a part read through a cursor names are (`expect(provinces:)`), as of
    /// its snapshot: their fetch asks `homes` about the others only.
    var expectedProvinces: [String: Int16] = [:]
    /// Called between the two phases of a sharded write (tests stop a shard there).
    var twoPhaseHook: ((TwoPhaseStep) throws(StorageError) -> Void)?

    /// The moments of a sharded write a crash can fall between.
    enum TwoPhaseStep { case prepared, decided }

    /// Connects to a database that holds the schema (or migrates one it knows to the latest),
    /// and to its shards; finishes what a crash left prepared on them. An idle transaction (a
    /// `begin` left open) is ended by the server after `idleTimeout` seconds.
    init(_ url: PostgresURL, idleTimeout: Int = 300) throws(StorageError) {
        self.url = url
        self.idleTimeout = idleTimeout
        db = try PGClient(url)
        coordinator = ShardLink(name: "coordinator", db: db, isCoordinator: true)
        try Schema.check(db)
        var shardRows: [(String, String, [String])] = []
        do throws(PGError) {
            try setTimeout()
            let n = try db.query("SELECT count(*) FROM schools")
            schoolsMirroredCount = Int((try? n.first?.decode(Int64.self)) ?? 0)
            provinceAnchor = try Self.anchor(db)
            let roles = try db.query("SELECT role::text, revoked FROM actor_roles")
            actorsMirrored = Dictionary(roles.compactMap { try? $0.decode((String, Bool).self) }, uniquingKeysWith: { $1 })
            shardRows = try Self.shardRows(db)
            let r = try db.query("\(unescaped: Self.routingSQL)")
            routing = (try? r.first?.decode(String.self)) ?? ""
        } catch { throw error.storage(url) }
        try reroute(shardRows)
        if !shards.isEmpty {
            coordinator.queuesWrites = true
            _ = try lock(after: .max, forTransaction: true)
            try unlock(commit: true)
        } else {
            coordinator.batchesWrites = true
        }
    }

    private func setTimeout() throws(PGError) {
        try db.run("SET idle_in_transaction_session_timeout = '\(idleTimeout)s'")
        // A count grouped by province is counted partition by partition: on shards, by each shard.
        try db.run("SET enable_partitionwise_aggregate = on")
    }

    package var name: String { url.description }

    /// The prepared transactions of this registry's writes are named `xueji:DATABASE:ENTRY`.
    var gidPrefix: String { "xueji:" + url.database.replacingOccurrences(of: "'", with: "") + ":" }

    /// The link that holds a province's rows.
    func link(province: Int) -> ShardLink {
        route[String(province)] ?? route["other"] ?? coordinator
    }

    /// The anchor of the chains by province (`xueji_anchor`).
    static func anchor(_ db: PGClient) throws(PGError) -> ChainHead? {
        guard let row = try db.query("SELECT seq, hash FROM xueji_anchor").first,
              let (seq, hash) = try? row.decode((Int64, ByteBuffer).self) else { return nil }
        return ChainHead(entries: UInt64(seq), hash: Array(buffer: hash))
    }

    /// The columns of `journal` an entry is read from.
    static let entryColumns = "seq, prev, payload, hash, links"

    package func entry(_ sequence: UInt64) throws(StorageError) -> ChainedEntry? {
        let rows: [PostgresRow]
        do throws(PGError) {
            rows = try db.query("SELECT \(unescaped: Self.entryColumns) FROM journal WHERE seq = \(Int64(sequence))")
        } catch { throw error.storage(url) }
        return try chained(rows).first
    }

    /// A new coordinator connection in place of one the server ended (an idle timeout).
    func reconnect() throws(PGError) {
        do throws(StorageError) { try db.reconnect() } catch { throw PGError(sqlState: "08006", text: "\(error.id)") }
        try setTimeout()
    }

    /// The advisory lock `xueji_lock` takes for the session (migration 10).
    static let writerLockKey = 7462
    /// Releases the writer lock, and the idle timeout `xueji_lock` set while it is held.
    static let release = "pg_advisory_unlock_all(), set_config('idle_session_timeout', '0', false)"

    /// On one server: `xueji_lock`, the lock and the entries written before it was granted in one
    /// call (read with a snapshot taken after the lock was granted). The lock is the session's
    /// advisory lock, which outlives the call's own transaction: a one-statement write then sends
    /// its statement alone, without `BEGIN` or `COMMIT` (one trip under the lock where there were
    /// two), and the statement's `UPDATE xueji_head … RETURNING pg_advisory_unlock(…)` releases the
    /// lock; the head's row lock, held to the statement's commit, keeps the next writer's
    /// `xueji_lock` waiting until the entry is there to read. A `begin … commit` block is a
    /// transaction (`BEGIN` first), which the server ends when left idle.
    package func lock(after sequence: UInt64, forTransaction: Bool) throws(StorageError) -> [ChainedEntry] {
        if shards.isEmpty {
            let rows: [PostgresRow]
            do throws(PGError) {
                if !db.isOpen { try reconnect() }
                if forTransaction { db.runLater("BEGIN") }
                serverTransaction = forTransaction
                inWrite = true
                rows = try db.query("SELECT \(unescaped: Self.entryColumns) FROM xueji_lock(\(Int64(min(sequence, UInt64(Int64.max)))))")
            } catch {
                try? unlock(commit: false)
                throw error.storage(url)
            }
            do throws(StorageError) { return try chained(rows) } catch {
                try? unlock(commit: false)
                throw error
            }
        }
        do throws(PGError) {
            if !db.isOpen { try reconnect() }
        } catch {
            throw error.storage(url)
        }
        // The lock, then the entries others wrote before it (and the routing), in a statement of
        // their own (READ COMMITTED takes each statement's snapshot at its start, and the lock may
        // have waited for them, or for a province's move): sent together, waited for once.
        db.runLater("BEGIN")
        db.runLater("SELECT seq FROM xueji_head FOR UPDATE")
        serverTransaction = true
        inWrite = true
        let newer: [ChainedEntry]
        do throws(StorageError) { newer = try entries(after: sequence) } catch {
            try? unlock(commit: false)
            throw error
        }
        do throws(PGError) { try resolvePrepared() } catch {
            try? unlock(commit: false)
            throw error.storage(url)
        }
        return newer
    }

    /// Finishes, on every shard, what a crash left prepared, by the coordinator's journal: an
    /// entry it holds was decided (commit), one it lacks was not (roll back). Under the writer
    /// lock, so no live write is between its two phases; every shard asked at once.
    func resolvePrepared() throws(PGError) {
        for shard in shards where !shard.db.isOpen { try shard.db.reconnectAsPGError() }
        let found = Found()
        let q: PostgresQuery = "SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND starts_with(gid, \(gidPrefix))"
        try PGClient.forEachRow(shards.map { ($0.db, q) }) { i, row in
            if let gid = try? row.decode(String.self) { found.gids.append((i, gid)) }
        }
        for (i, gid) in found.gids {
            guard let seq = UInt64(gid.dropFirst(gidPrefix.count)) else { continue }
            let decided = !(try db.query("SELECT 1 FROM journal WHERE seq = \(Int64(seq))")).isEmpty
            do throws(PGError) { try shards[i].db.run("\(decided ? "COMMIT" : "ROLLBACK") PREPARED '\(gid)'") } catch {
                // A decided one its own writer finished meanwhile (gone), or is finishing (busy).
                guard error.sqlState == "42704" || (decided && error.sqlState == "55000") else { throw error }
            }
        }
    }

    /// The prepared transactions the shards hold, by the shard's index, as they arrive (on the
    /// connections' one loop, never two at a time).
    private final class Found: @unchecked Sendable {
        var gids: [(Int, String)] = []
    }

    /// Ends the write. On a sharded registry: the shards prepare, the coordinator commits (its
    /// journal row is the decision), then the shards commit; a failure before the decision rolls
    /// every part back, one after it is finished by the next write's `resolve`.
    package func unlock(commit: Bool) throws(StorageError) {
        guard inWrite else { return }
        inWrite = false
        defer { appending = nil }
        let inTransaction = serverTransaction
        serverTransaction = false
        let touched = shards.filter { $0.inTransaction }
        guard commit else {
            for s in touched { s.abandon() }
            db.discardPending()
            if inTransaction { db.runLater("ROLLBACK") }
            if shards.isEmpty { try? db.run("SELECT " + Self.release) } else { try? db.flush() }
            return
        }
        if shards.isEmpty {
            // The write's statements (and the COMMIT), waited for once. One statement commits
            // as it ends and releases the lock itself (`headUpdate`); more are made a transaction.
            if !inTransaction && db.pendingCount > 1 { db.beginBeforePending() }
            let wrapped = inTransaction || db.pendingCount > 1
            if wrapped { db.runLater("COMMIT") }
            if wrapped || appending == nil { db.runLater("SELECT " + Self.release) }
            do throws(PGError) { try db.flush() } catch {
                if wrapped { try? db.run("ROLLBACK") }
                try? db.run("SELECT " + Self.release)
                throw storageError(error)
            }
            return
        }
        // Phase one: every server's queued statements at once, each shard's ending in its
        // PREPARE (one wait for all of them); a refusal (R1 by the coordinator's key) undoes all.
        for s in touched { s.prepareLater(gidPrefix + String(appending ?? 0)) }
        do throws(PGError) { try PGClient.flush([db] + touched.map(\.db)) } catch {
            for s in touched { s.abandon() }
            db.discardPending()
            try? db.run("ROLLBACK")
            throw storageError(error)
        }
        do throws(StorageError) { try twoPhaseHook?(.prepared) } catch {
            for s in touched { s.abandon() }
            try? db.run("ROLLBACK")
            throw error
        }
        do throws(PGError) { try db.run("COMMIT") } catch {
            // Whether the coordinator committed is unknown: the prepared parts wait for the
            // next write's `resolve`, which reads the decision from the journal.
            for s in shards { s.db.discardPending(); s.prepared = nil; s.inTransaction = false }
            throw error.storage(url)
        }
        // Decided: the entry is the registry's now, whatever happens to the second phase.
        try? twoPhaseHook?(.decided)
        for s in touched { s.finishLater(commit: true) }
        try? PGClient.flush(touched.map(\.db))
    }

    package func append(_ e: ChainedEntry, students: [RegistryNumber], registry: Registry) throws(StorageError) {
        appending = e.sequence
        noteChanges(in: e)
        do throws(PGError) {
            try learnServerRows(students, registry: registry)
            try mirrorSchools(registry)
            try mirror(students, of: registry)
            try mirrorActors(registry)
            let s = e.summary
            let (events, provinces) = eventRows(of: e, recorded: recorded, in: registry)
            if coordinator.batchesWrites && events.count <= 20_000 {
                // One server: the events, the entry and the head go with the rows (one statement).
                if !events.isEmpty { try insertEvents(events, provinces: provinces, into: coordinator) }
            } else {
                try insert(events, provinces: provinces)
            }
            try coordinator.write(part: """
                INSERT INTO journal (seq, prev, payload, hash, label, day, recorded_at, links, shared)
                VALUES (\(Int64(e.sequence)), \(ByteBuffer(bytes: e.previous)), \(ByteBuffer(bytes: e.payload)),
                        \(ByteBuffer(bytes: e.hash)), \(s?.label ?? ""), \(s?.day.map { "\($0)" })::date,
                        to_timestamp(\(Double(s?.recordedAt ?? 0))), \(Self.links(e)), \(try? JournalChain.isShared(e)))
                """)
            if !e.links.isEmpty {
                try coordinator.write(part: """
                    INSERT INTO province_heads (province, seq, hash)
                    SELECT p, \(Int64(e.sequence)), \(ByteBuffer(bytes: e.hash)) FROM unnest(\(e.links.map { Int16($0.province) })) AS p
                    ON CONFLICT (province) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                    """)
            }
            try coordinator.write(part: headUpdate(e, students: registry.partial == nil ? Int64(registry.studentCount) : serverStudents))
        } catch {
            throw storageError(error)
        }
    }

    /// The rest of this write as a transaction on the coordinator, what is queued included: for
    /// statements that need one (a savepoint) or whose answer is read before the write ends.
    func transactional() {
        guard inWrite, !serverTransaction, shards.isEmpty else { return }
        db.beginBeforePending()
        serverTransaction = true
    }

    /// The head moved to entry `e`. A one-statement write on one server releases the writer lock
    /// there, once the head's row is locked to the statement's commit (see `lock`).
    /// `students`: how many were ever registered with it (nil: as the head says).
    func headUpdate(_ e: ChainedEntry, students: Int64?) -> SQLPart {
        let update: SQLPart = """
            UPDATE xueji_head SET seq = \(Int64(e.sequence)), hash = \(ByteBuffer(bytes: e.hash)), students = coalesce(\(students), students)
            """
        guard shards.isEmpty, !serverTransaction else { return update }
        return """
            UPDATE xueji_head SET seq = \(Int64(e.sequence)), hash = \(ByteBuffer(bytes: e.hash)), students = coalesce(\(students), students)
            RETURNING pg_advisory_unlock(\(unescaped: String(Self.writerLockKey))), set_config('idle_session_timeout', '0', false)
            """
    }

    /// Students this entry registers (no rows to replace), and the province each student's rows
    /// were in before it when its school changed (the first school the entry moved it from).
    var newStudents: Set<String> = []
    var formerProvince: [String: Int] = [:]
    /// A session holding one scope numbers its rows its own way: the rows (registry order) of
    /// the students the entry registers, by number (else `knownRows`); nil: the session's rows
    /// are the tables'.
    var serverRows: [String: Int32]?
    /// The students ever registered with the entry, as the head says, when a session holding one
    /// scope asked it (nil: not asked; a whole session counts its own).
    var serverStudents: Int64?
    /// The rows the tables gave a session holding one scope, by number (they never change).
    var knownRows: [String: Int32] = [:]
    /// Registry numbers the entry replaced (L → G when an ID card is recorded), old to new.
    var renumbered: [(old: String, new: String)] = []
    /// Whether the entry changed a number, an ID number or a status (what `id_numbers` holds of a
    /// student): its rows are then deleted and inserted again, in two statements.
    var identityChanged = false

    /// The entry's events, decoded once for the write (nil when they cannot be read).
    var recorded: (events: [RecordedEvent], records: [[UInt8]])?

    func noteChanges(in e: ChainedEntry) {
        newStudents = []; formerProvince = [:]; renumbered = []; identityChanged = false
        recorded = try? JournalChain.recordedEventsAndRecords(e)
        guard let events = recorded?.events else { identityChanged = true; return }
        var seen: Set<String> = []
        for r in events {
            let n = r.student.description
            // A first enrolment records no field changes (a re-enrolment always changes the status).
            if r.kind == .enrol, !seen.contains(n), r.changes.isEmpty { newStudents.insert(n) }
            seen.insert(n)
            for c in r.changes where c.field == .no && !c.before.isNull && !c.after.isNull {
                renumbered.append((c.before.description, c.after.description))
            }
            if r.changes.contains(where: { [.no, .id_card, .status].contains($0.field) }) { identityChanged = true }
            for c in r.changes where c.field == .school && formerProvince[n] == nil {
                if let p = Int(c.before.description.prefix(2)) { formerProvince[n] = p }
            }
        }
    }

    /// The engine's error for a failed write: R1 across provinces when the coordinator's key
    /// refused a second registration of one child.
    func storageError(_ error: PGError) -> StorageError {
        if error.isUniqueViolation, error.text.contains("id_numbers") {
            return StorageError(.refused, .serverRefused(address: url.description, code: error.sqlState, reason: error.text), rule: .r1)
        }
        return error.storage(url)
    }

    /// `journal.links` of an entry: nil when it is linked to the entry before it.
    static func links(_ e: ChainedEntry) -> ByteBuffer? {
        e.links.isEmpty ? nil : ByteBuffer(bytes: ProvinceLink.encode(e.links))
    }

    /// Journal rows for entries, in order.
    func insert(_ entries: [ChainedEntry]) throws(PGError) {
        for e in entries {
            let s = e.summary
            let day = s?.day.map { "\($0)" }
            try db.query("""
                INSERT INTO journal (seq, prev, payload, hash, label, day, recorded_at, links, shared)
                VALUES (\(Int64(e.sequence)), \(ByteBuffer(bytes: e.previous)), \(ByteBuffer(bytes: e.payload)),
                        \(ByteBuffer(bytes: e.hash)), \(s?.label ?? ""), \(day)::date, to_timestamp(\(Double(s?.recordedAt ?? 0))),
                        \(Self.links(e)), \(try? JournalChain.isShared(e)))
                """)
        }
    }

    package func close() {
        if inWrite { try? unlock(commit: false) }
        for s in shards { s.db.close() }
        db.close()
    }
}
