import PostgresNIO
import Registry

/// A registry on PostgreSQL: what the shell (or another program) calls to make the schema,
/// open a registry there, and copy one in. The registry's rules are the engine's own
/// (`ChainDatabase`); this module only keeps the chain and the tables on the server.
public enum PostgresRegistry {
    /// One migration `initialize` applied.
    public struct AppliedMigration: Sendable, Equatable {
        /// Its number.
        public var version: Int
        /// What it makes.
        public var description: String
    }

    /// Creates (or brings up to date) the schema in `url`'s database; returns what it applied
    /// (nothing when it was current). With `shards`, a new registry's provinces are spread over
    /// those databases in turn (each gets the schema), linked to the coordinator by postgres_fdw.
    @discardableResult
    public static func initialize(_ url: PostgresURL, shards: [PostgresURL] = []) throws(StorageError) -> [AppliedMigration] {
        let db = try PGClient(url)
        defer { db.close() }
        let applied = try Schema.migrate(db).map { AppliedMigration(version: $0.version, description: $0.description) }
        if !shards.isEmpty { _ = try Sharding.shard(db, across: shards) }
        return applied
    }

    /// The shards of the registry at `url` and the partitions each holds (none: one server).
    public static func shards(of url: PostgresURL) throws(StorageError) -> [(name: String, address: String, partitions: [String])] {
        let db = try PGClient(url)
        defer { db.close() }
        try Schema.check(db)
        do throws(PGError) {
            // Partitions in the schema's order (a moved province is appended to its shard's list).
            let order = Dictionary(uniqueKeysWithValues: Schema.partitions.enumerated().map { ($0.element, $0.offset) })
            return try db.query("SELECT name, address, provinces FROM shards ORDER BY name").compactMap {
                (try? $0.decode((String, String, [String]).self)).map {
                    (name: $0.0, address: $0.1, partitions: $0.2.sorted { order[$0, default: .max] < order[$1, default: .max] })
                }
            }
        } catch { throw error.storage(url) }
    }

    /// A province moved by `move`.
    public struct MovedProvince: Sendable, Equatable {
        /// The shard that held it, and the one that holds it now (the same: it was there already).
        public var from: String, to: String
        /// The rows copied: students, events, versions.
        public var students: Int, events: Int, versions: Int
        /// The old shard that still holds its copy (its forward failed); nil when none does.
        public var leftOn: String?
    }

    /// Moves a province's rows (`41`, or `other`) in the sharded registry at `url` to the shard
    /// named `target` or at the address `target` (a server that is no shard yet becomes one; its
    /// database must hold no students). Sessions go on meanwhile: writes wait only while the
    /// students written during the copy are copied again, and every session follows the province
    /// at its next statement.
    public static func move(_ url: PostgresURL, partition: String, to target: String) throws(StorageError) -> MovedProvince {
        try move(url, partition: partition, to: target, afterCopy: nil)
    }

    /// `move`, running `afterCopy` between the copy and the lock that finishes it (tests write there).
    static func move(_ url: PostgresURL, partition: String, to target: String,
                     afterCopy: (() -> Void)?) throws(StorageError) -> MovedProvince {
        // The coordinator waits, in its transaction, while the new shard copies again: no idle timeout.
        let store = try PostgresStore(url, idleTimeout: 0)
        defer { store.close() }
        let m = try store.move(partition: partition, to: target, afterCopy: afterCopy)
        return MovedProvince(from: m.from, to: m.to, students: m.students, events: m.events, versions: m.versions, leftOn: m.leftOn)
    }

    /// Runs `body` and returns the SQL statements the backend sent meanwhile, in order, with
    /// `$n` for their parameters (the benchmark replays them with pgbench).
    public static func capturingSQL<E: Error>(_ body: () throws(E) -> Void) throws(E) -> [String] {
        PGClient.captured.withLock { $0 = [] }
        defer { PGClient.captured.withLock { $0 = nil } }
        try body()
        return PGClient.captured.withLock { $0 ?? [] }
    }

    /// The schema version this xueji writes.
    public static var schemaVersion: Int { Schema.latest }

    /// Opens the registry in `url`'s database. A transaction (`begin`) left idle for
    /// `idleTimeout` seconds is ended by the server, and its changes are lost. A session of an
    /// actor (`scope`) holds only that scope's students (`ChainDatabase.init(store:today:scope:readOnly:)`),
    /// fetching others as named; a national one, and a read-only session of an open registry,
    /// holds only those named, and all of them once a statement reads every student in memory.
    /// A session that writes to an open registry of at most `replayedUpTo` students replays the
    /// journal (its rules then ask the server nothing under the writer lock), as does one of a
    /// governed registry without one of its actors (it may only `verify`); past that, it holds
    /// the students named too.
    public static func open(_ url: PostgresURL, today: Day, readOnly: Bool = false, scope: ActorName? = nil,
                            idleTimeout: Int = 300) throws(StorageError) -> ChainDatabase {
        try open(url, today: today, readOnly: readOnly, scope: scope, idleTimeout: idleTimeout, namedOnly: readOnly ? true : nil)
    }

    /// The most students ever registered for which a session that writes to an open registry
    /// replays the journal at open. Replaying costs time and memory by the student (1 M: 1.6 s
    /// and 374 MiB; 200 M would not fit one machine), holding the named costs an enrolment three
    /// more trips to the server under the writer lock (R1 and R3 asked of it).
    nonisolated(unsafe) package static var replayedUpTo = 100_000

    /// `open`; `namedOnly`: a session of an open registry holds only the students named, even
    /// one that writes (the tests race such sessions too); nil: one that writes does past
    /// `replayedUpTo` students.
    package static func open(_ url: PostgresURL, today: Day, readOnly: Bool, scope: ActorName?, idleTimeout: Int,
                             namedOnly wanted: Bool?) throws(StorageError) -> ChainDatabase {
        let store = try PostgresStore(url, idleTimeout: idleTimeout)
        do throws(StorageError) {
            let namedOnly = if let wanted { wanted } else { try store.studentsEverRegistered() > replayedUpTo }
            // (Tables an older xueji wrote are filled in by a whole session's first query first.)
            if scope != nil || namedOnly, !(try store.backfillPending()) {
                let partial = try ChainDatabase(store: store, today: today, scope: scope ?? .national, readOnly: readOnly)
                let governed = partial.registry.isGoverned
                if governed ? scope != nil && partial.holdsAnActorsScope : namedOnly && partial.registry.partial?.actor == .national {
                    return partial
                }
                partial.close()
                // An open registry holds no actor's scope: such a session holds the students named.
                if !governed && namedOnly {
                    return try open(url, today: today, readOnly: readOnly, scope: nil, idleTimeout: idleTimeout, namedOnly: true)
                }
                // An actor the governed registry does not know, or none; a writer of an open one.
                return try open(url, today: today, readOnly: readOnly, scope: nil, idleTimeout: idleTimeout, namedOnly: false)
            }
            return try ChainDatabase(store: store, today: today, readOnly: readOnly)
        } catch {
            store.close()
            throw error
        }
    }

    /// Copies a registry's journal entries, as they are, into `url`'s empty registry (made by
    /// `initialize` when the database has no schema yet), with its tables, in one transaction:
    /// all of it or nothing; the chains by province start at the copied head (or, copied from a
    /// server, where they started there). Returns the students copied.
    @discardableResult
    public static func copy(_ entries: [ChainedEntry], into url: PostgresURL, today: Day) throws(StorageError) -> Int {
        let db = try PGClient(url)
        defer { db.close() }
        try Schema.migrate(db)
        let store = try PostgresStore(url)
        defer { store.close() }
        // The entries are replayed (and so checked link by link) before anything is written.
        let registry = Registry(today: today)
        // One chain (an embedded registry's), or one then chains by province (a server's).
        var cursor = ChainCursor.inferringAnchor()
        // Where each entry's events begin in the registry's event log.
        var firstEvents: [Int] = []
        for e in entries {
            if let p = cursor.problem(with: e) ?? JournalChain.problem(with: e, expecting: e.sequence, after: e.previous, before: registry) {
                throw StorageError(.damaged, p)
            }
            firstEvents.append(registry.eventCount)
            try JournalChain.replay(e, into: registry)
            cursor.advance(past: e)
        }
        // Each province's chain starts at the copied head (or where the source's started).
        let anchor = cursor.anchor ?? ChainHead(entries: cursor.sequence, hash: cursor.head)
        let existing = try store.lock(after: 0, forTransaction: true)
        guard existing.isEmpty else {
            try? store.unlock(commit: false)
            throw StorageError(.refused, .targetNotEmpty(address: url.description))
        }
        store.appending = entries.last?.sequence
        do throws(PGError) {
            try store.insert(entries)
            try store.db.run("INSERT INTO province_heads SELECT * FROM (\(Schema.provinceHeadsFromJournal)) h")
            try store.mirrorSchools(registry)
            let numbers = (0..<registry.studentCount).map { registry.student(StudentID(Int32($0))).number }
            // Every student is new to the tables (their ID numbers go into the R1 table too).
            store.newStudents = Set(numbers.map(\.description))
            store.identityChanged = false
            try store.mirror(numbers, of: registry)
            for (e, first) in zip(entries, firstEvents) { try store.events(of: e, firstEvent: first, in: registry) }
            try store.mirrorActors(registry)
            let aliases = registry.numberAliases
            try store.db.query("""
                INSERT INTO number_aliases (alias, number)
                SELECT * FROM unnest(\(aliases.map(\.alias.description)), \(aliases.map(\.number.description)))
                """)
            if let last = entries.last {
                try store.db.query("""
                    UPDATE xueji_head SET seq = \(Int64(last.sequence)), hash = \(ByteBuffer(bytes: last.hash)),
                                          students = \(Int64(registry.studentCount))
                    """)
            }
            try store.db.query("UPDATE xueji_anchor SET seq = \(Int64(anchor.entries)), hash = \(ByteBuffer(bytes: anchor.hash))")
        } catch {
            try? store.unlock(commit: false)
            throw error.storage(url)
        }
        try store.unlock(commit: true)
        // The planner's statistics of the new rows, for the queries compiled to SQL.
        try? db.run("ANALYZE")
        return registry.studentCount
    }
}
