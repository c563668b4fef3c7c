import PostgresNIO
import Registry

/// Reading the mirrored tables for queries compiled to SQL (module PostgresRQL): on the
/// coordinator, where national statements run over every shard through postgres_fdw, or on the
/// one shard that holds a student's province.
extension PostgresStore {
    /// Where a read statement runs.
    package enum ReadTarget: Sendable, Equatable {
        /// The coordinator (every province, on a sharded registry through its foreign partitions).
        case coordinator
        /// The server holding this province's rows (the coordinator when it is not sharded).
        case province(Int)
    }

    /// The suffix of a province's partitions (`41`; `other` for a district outside the 34).
    package static func partition(ofProvince p: Int) -> String { Schema.partition(p) }

    /// Whether the provinces' rows are on shard servers.
    package var isSharded: Bool { !shards.isEmpty }

    /// The server a read goes to, as `explain` names it.
    package func serverName(_ target: ReadTarget) -> String {
        let l = link(target)
        return l.isCoordinator ? "PostgreSQL \(url)" : "PostgreSQL \(l.name) \(l.db.url) (province \(provinceText(target)))"
    }

    private func provinceText(_ target: ReadTarget) -> String {
        if case .province(let p) = target { return String(p) }
        return ""
    }

    private func link(_ target: ReadTarget) -> ShardLink {
        switch target {
        case .coordinator: coordinator
        case .province(let p): link(province: p)
        }
    }

    /// The rows of a read-only statement (its literals inline), each cell as text or null.
    package func read(_ sql: String, on target: ReadTarget) throws(StorageError) -> [[String?]] {
        let l = link(target)
        do throws(PGError) {
            if !l.db.isOpen { try l.db.reconnectAsPGError() }
            return try l.db.query(PostgresQuery(unsafeSQL: sql)).map { row in
                row.map { cell in try? cell.decode(String?.self) ?? nil }
            }
        } catch { throw error.storage(l.db.url) }
    }

    /// The province whose server holds a student's rows (the coordinator's directory `homes`);
    /// nil for a number it does not hold.
    package func home(of number: String) throws(StorageError) -> Int? {
        do throws(PGError) {
            if !db.isOpen { try db.reconnectAsPGError() }
            let rows = try db.query("SELECT province FROM homes WHERE number = \(number)")
            return (try? rows.first?.decode(Int16.self)).map { Int($0) }
        } catch { throw error.storage(url) }
    }

    /// Whether the tables still lack what a whole session fills in (`backfill`).
    package func backfillPending() throws(StorageError) -> Bool {
        do throws(PGError) {
            if !db.isOpen { try db.reconnectAsPGError() }
            return !(try db.query("SELECT 1 FROM xueji_backfill LIMIT 1")).isEmpty
        } catch { throw error.storage(url) }
    }

    /// How many students were ever registered, as the head says (0 when it does not say yet).
    package func studentsEverRegistered() throws(StorageError) -> Int {
        do throws(PGError) {
            if !db.isOpen { try db.reconnectAsPGError() }
            let row = try db.query("SELECT students FROM xueji_head").first
            return Int((try? row?.decode(Int64?.self)) ?? 0)
        } catch { throw error.storage(url) }
    }

    /// Fills what tables made by a newer migration lack for rows written before it: the row
    /// numbers (migration 4), the versions (migration 5), the events' actors, reasons and records
    /// (migration 7); `xueji_backfill` names what is left to fill. Done under the writer lock,
    /// from a registry that has every entry (`sequence` is its last); false when another session
    /// wrote since, so that the registry is behind (the caller tries again at its next statement).
    package func backfill(from registry: Registry, at sequence: UInt64) throws(StorageError) -> Bool {
        var what: Set<String> = []
        do throws(PGError) {
            if !db.isOpen { try db.reconnectAsPGError() }
            what = Set(try db.query("SELECT what FROM xueji_backfill").compactMap { try? $0.decode(String.self) })
        } catch { throw error.storage(url) }
        if what.isEmpty { return true }
        guard try lock(after: sequence, forTransaction: true).isEmpty else {
            try unlock(commit: false)
            return false
        }
        do throws(PGError) {
            let ids = (0..<registry.studentCount).map { StudentID(Int32($0)) }
            for start in stride(from: 0, to: ids.count, by: 20_000) where what.contains("rows") || what.contains("versions") {
                let students = ids[start..<min(start + 20_000, ids.count)].map { registry.student($0) }
                let provinces = students.map { Self.province(of: $0, in: registry) }
                let numbers = students.map(\.number.description)
                try coordinator.write("""
                    UPDATE students s SET row = t.r FROM unnest(\(numbers), \(students.map(\.id.index))) AS t(n, r)
                    WHERE s.number = t.n AND s.row IS NULL
                    """)
                try writeVersions(students, provinces: provinces, registry: registry, replacing: true)
            }
            if what.contains("events") {
                // Written again from the journal: each entry's events, where they begin in the log.
                for l in shards.isEmpty ? [coordinator] : shards { try l.write("DELETE FROM events") }
                let entries: [ChainedEntry]
                do throws(StorageError) { entries = try self.entries(after: 0) } catch {
                    throw PGError(sqlState: "XX000", text: "\(error.id)")
                }
                var first = 0
                for e in entries {
                    let n = (try? JournalChain.recordedEvents(e).count) ?? 0
                    try self.events(of: e, firstEvent: first, in: registry)
                    first += n
                }
            }
            if what.contains("shared") {
                // Which entries carry what every session keeps (migration 13), part by part.
                var after: UInt64 = 0
                while true {
                    let part: (entries: [ChainedEntry], more: Bool)
                    do throws(StorageError) { part = try entries(after: after, atMost: ChainDatabase.part) } catch {
                        throw PGError(sqlState: "XX000", text: "\(error.id)")
                    }
                    let seqs = part.entries.map { Int64($0.sequence) }, flags = part.entries.map { (try? JournalChain.isShared($0)) ?? true }
                    try coordinator.write("UPDATE journal j SET shared = t.s FROM unnest(\(seqs), \(flags)) AS t(q, s) WHERE j.seq = t.q")
                    guard part.more, let last = part.entries.last else { break }
                    after = last.sequence
                }
            }
            try coordinator.write("DELETE FROM xueji_backfill")
        } catch {
            try? unlock(commit: false)
            throw error.storage(url)
        }
        try unlock(commit: true)
        return true
    }
}

extension PGClient {
    /// `reconnect`, failing as a statement would.
    func reconnectAsPGError() throws(PGError) {
        do throws(StorageError) { try reconnect() } catch { throw PGError(sqlState: "08006", text: "\(error.id)") }
    }
}

/// The rows of one read-only statement a part at a time, through a cursor on a connection of
/// its own (the session's may fetch the students each part names meanwhile): a national
/// export holds one part's students at a time, never all of them. One snapshot for every part.
package final class PagedRead {
    private let db: PGClient
    private let size: Int
    private var done = false

    init(_ sql: String, on url: PostgresURL, size: Int) throws(StorageError) {
        db = try PGClient(url)
        self.size = size
        do throws(PGError) {
            try db.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try db.run("DECLARE xueji_part NO SCROLL CURSOR FOR \(sql)")
        } catch {
            db.close()
            throw error.storage(url)
        }
    }

    /// The next part (at most `size` rows, each cell as text or null); nil after the last.
    package func next() throws(StorageError) -> [[String?]]? {
        guard !done else { return nil }
        let rows: [[String?]]
        do throws(PGError) {
            rows = try db.query(PostgresQuery(unsafeSQL: "FETCH FORWARD \(size) FROM xueji_part")).map { row in
                row.map { cell in try? cell.decode(String?.self) ?? nil }
            }
        } catch {
            close()
            throw error.storage(db.url)
        }
        if rows.count < size { close() }
        return rows.isEmpty ? nil : rows
    }

    /// Ends the read (the server drops the cursor with the connection).
    package func close() {
        guard !done else { return }
        done = true
        db.close()
    }

    deinit { close() }
}

extension PostgresStore {
    /// `sql`'s rows `size` at a time (`PagedRead`), read where `target` is.
    package func pages(_ sql: String, on target: ReadTarget, size: Int) throws(StorageError) -> PagedRead {
        try PagedRead(sql, on: link(target).db.url, size: size)
    }
}
