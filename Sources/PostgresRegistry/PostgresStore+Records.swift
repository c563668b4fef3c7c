import Foundation
import PostgresNIO
import Registry

/// Each event's journal record, kept beside its row (migration 12): enough to rebuild a student,
/// or a scope's students, from the tables alone, as the journal's entries would.
extension PostgresStore {
    /// The records of the events of the students under `numbers` (their numbers now) in entries
    /// up to `sequence`, in the order they were recorded; nil when a row has none (written before
    /// migration 12 and not filled in yet).
    func eventRecords(of numbers: [String], through sequence: UInt64) throws(PGError) -> StudentRecords? {
        // Their provinces first, then the events of those partitions alone: with the provinces
        // in a subquery the coordinator read every shard's partitions (~25 ms for one student
        // over two shards; its asynchronous foreign scans are not pruned as they run). Each
        // partition is asked for its own students only: a part of an export (50,000 students
        // of every province) took 1.2 s when each of 35 partitions was sent all the numbers,
        // 0.5 s so. The provinces of those a cursor just named are where it said
        // (`expect(provinces:)`: 0.17 s saved a part of 50,000); the others' where `homes` says now.
        var byProvince: [Int16: [String]] = [:], unplaced: [String] = []
        for n in numbers {
            if let p = expectedProvinces[n] { byProvince[p, default: []].append(n) } else { unplaced.append(n) }
        }
        let through = Int64(min(sequence, UInt64(Int64.max)))
        if !inWrite {
            for (p, ns) in try homes(of: unplaced) { byProvince[p, default: []] += ns }
            return byProvince.isEmpty ? StudentRecords() : try serverRecords(byProvince, through: through)
        }
        // In a write, as one statement of its transaction on the coordinator, where `homes` says
        // now (a province named in a cursor's snapshot may have moved since).
        let placed = try homes(of: numbers)
        return placed.isEmpty ? StudentRecords() : try records(eventsOf: placed, through: through)
    }

    /// The students of `numbers` grouped by the province `homes` gives each now.
    private func homes(of numbers: [String]) throws(PGError) -> [Int16: [String]] {
        var byProvince: [Int16: [String]] = [:]
        guard !numbers.isEmpty else { return byProvince }
        for row in try db.query("SELECT number, province FROM homes WHERE number = ANY(\(numbers))") {
            guard let (n, p) = try? row.decode((String, Int16).self) else { continue }
            byProvince[p, default: []].append(n)
        }
        return byProvince
    }

    /// Where the students a part read through a cursor names are, as of its snapshot (each part's
    /// in place of the one before).
    package func expect(provinces: [String: Int16]) {
        expectedProvinces = provinces
    }

    /// The records of the events of `byProvince`'s students (each province's students), asked
    /// of the coordinator.
    private func records(eventsOf byProvince: [Int16: [String]], through: Int64) throws(PGError) -> StudentRecords? {
        var q = PostgresQuery(unsafeSQL: "")
        for (i, (p, ns)) in byProvince.sorted(by: { $0.key < $1.key }).enumerated() {
            if i > 0 { q.sql += "\nUNION ALL\n" }
            q.sql += "SELECT record, entry, position FROM events WHERE province = \(p) AND number = ANY($\(i + 1)) AND entry <= \(through)"
            q.binds.append(ns)
        }
        q.sql += "\nORDER BY entry, position"
        return try records(q)
    }

    /// The same outside a write: each server holding some of the provinces (the shards, or the
    /// one server) asked at once, directly, for its provinces' students. (Through the
    /// coordinator, each province's partition was a foreign scan of its own, one after another:
    /// a part of an export, 50,000 students over two shards, took 0.47 s on the servers; asked
    /// so, 0.17 s.) A student no server answers for (its province moved
    /// since the cursor naming it read, or since the session last routed: `xueji pg move`, a
    /// transfer) is asked of the coordinator, where `homes` says it is now.
    private func serverRecords(_ byProvince: [Int16: [String]], through: Int64) throws(PGError) -> StudentRecords? {
        var links: [ShardLink] = [], asked: [[(Int16, [String])]] = []
        for (p, ns) in byProvince.sorted(by: { $0.key < $1.key }) {
            let link = route[Schema.partition(Int(p))] ?? coordinator
            if let i = links.firstIndex(where: { $0 === link }) {
                asked[i].append((p, ns))
            } else {
                links.append(link); asked.append([(p, ns)])
            }
        }
        var statements: [(PGClient, PostgresQuery)] = []
        for (link, provinces) in zip(links, asked) {
            if !link.db.isOpen { do throws(StorageError) { try link.db.reconnect() } catch { throw PGError(sqlState: "08006", text: "\(error.id)") } }
            var q = PostgresQuery(unsafeSQL: "")
            for (i, (p, ns)) in provinces.enumerated() {
                if i > 0 { q.sql += "\nUNION ALL\n" }
                q.sql += "SELECT record, entry, position, number FROM events WHERE province = \(p) AND number = ANY($\(i + 1)) AND entry <= \(through)"
                q.binds.append(ns)
            }
            statements.append((link.db, q))
        }
        let got = Answered(statements.count)
        try PGClient.forEachRow(statements) { i, row in
            guard let (b, entry, position, n) = try? row.decode((ByteBuffer, Int64, Int32, String).self) else { got.unreadable = true; return }
            got.rows[i].append((UInt64(entry) << 32 | UInt64(UInt32(position)), Array(buffer: b)))
            got.numbers.insert(n)
        }
        guard !got.unreadable else { return nil }
        var rows = got.rows.flatMap { $0 }
        let missing = try homes(of: byProvince.values.flatMap { $0.filter { !got.numbers.contains($0) } })
        if !missing.isEmpty {
            // (One moved by a transfer across shards may be between the two phases: gone from one
            // shard and not yet on the other. Such a write up to `through` is waited for first.)
            try awaitDecided(through: UInt64(through))
            guard let more = try records(eventsOf: missing, through: through) else { return nil }
            rows += zip(more.places, more.records).map { ($0, $1) }
        }
        rows.sort { $0.0 < $1.0 }
        var records = StudentRecords()
        records.records = rows.map(\.1)
        records.places = rows.map(\.0)
        return records
    }

    /// Rows as the servers' answers arrive (on the connections' one loop, while the session waits).
    private final class Answered: @unchecked Sendable {
        var rows: [[(UInt64, [UInt8])]]
        var numbers: Set<String> = []
        var unreadable = false
        init(_ statements: Int) { rows = Array(repeating: [], count: statements) }
    }

    /// The records a statement reads (`record, entry, position`, then `number` when `excluding`
    /// is given: those it names are skipped), taken as its rows arrive; nil when one is unreadable.
    private func records(_ q: PostgresQuery, excluding: Set<String>? = nil) throws(PGError) -> StudentRecords? {
        let got = Received()
        try db.forEachRow(q) { row in
            let decoded: (ByteBuffer, Int64, Int32)?
            if let excluding {
                guard let (b, e, p, n) = try? row.decode((ByteBuffer, Int64, Int32, String).self) else { got.unreadable = true; return }
                if excluding.contains(n) { return }
                decoded = (b, e, p)
            } else {
                decoded = try? row.decode((ByteBuffer, Int64, Int32).self)
            }
            guard let (b, entry, position) = decoded else { got.unreadable = true; return }
            got.records.append(Array(buffer: b), entry: UInt64(entry), position: Int(position))
        }
        return got.unreadable ? nil : got.records
    }

    package func loadScope(shared: ([ChainedEntry]) throws(StorageError) -> Void, schools: () -> [SchoolCode],
                           records: (StudentRecords) throws(StorageError) -> Void) throws(StorageError) -> (head: ChainHead, provinces: [UInt8: [UInt8]]?) {
        var head = ChainHead(entries: 0, hash: JournalChain.genesis)
        var provinces: [UInt8: [UInt8]] = [:]
        do throws(PGError) {
            if !db.isOpen { try reconnect() }
            // One snapshot for the head and the entries; the records are read up to the head.
            try db.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { try? db.run("COMMIT") }
            guard let row = try db.query("SELECT seq, hash FROM xueji_head").first,
                  let (seq, hash) = try? row.decode((Int64, ByteBuffer).self) else { throw PGError(sqlState: "XX000", text: "no head") }
            head = ChainHead(entries: UInt64(seq), hash: seq == 0 ? JournalChain.genesis : Array(buffer: hash))
            for row in try db.query("SELECT province, hash FROM province_heads") {
                guard let (p, h) = try? row.decode((Int16, ByteBuffer).self) else { continue }
                provinces[UInt8(truncatingIfNeeded: p)] = Array(buffer: h)
            }
            var after: Int64 = 0
            while after < seq {
                let rows = try db.query("""
                    SELECT \(unescaped: Self.entryColumns) FROM journal
                    WHERE seq > \(after) AND seq <= \(seq) AND shared IS NOT false ORDER BY seq LIMIT 2000
                    """)
                let part: [ChainedEntry]
                do throws(StorageError) { part = try chained(rows) } catch { throw PGError(sqlState: "XX000", text: "\(error.id)") }
                guard let last = part.last else { break }
                do throws(StorageError) { try shared(part) } catch { throw PGError(sqlState: "XX000", text: "\(error.id)") }
                after = Int64(last.sequence)
            }
            // A sharded write's rows are committed on its shards just after its decision: none of
            // the entries up to the head may still be between the two phases.
            try awaitDecided(through: UInt64(seq))
            let codes = schools().map { Int64($0.rawValue) }
            guard !codes.isEmpty else { return (head, provinces) }
            let got = try scopeRecords(schools: codes, through: UInt64(seq), excluding: [])
            guard let got else { throw PGError(sqlState: "XX000", text: "an event without its journal record") }
            do throws(StorageError) { try records(got) } catch { throw PGError(sqlState: "XX000", text: "\(error.id)") }
        } catch { throw error.storage(url) }
        return (head, provinces)
    }

    /// The records of every student who is or was at one of `schools`, but those `excluding`,
    /// through entry `through`, in the order they were recorded; nil when a row has none.
    private func scopeRecords(schools: [Int64], through: UInt64, excluding: [String]) throws(PGError) -> StudentRecords? {
        // Who, and in which province's partitions their rows are now (the versions' own): the
        // events are then read from those partitions alone (joined across every foreign
        // partition of a sharded coordinator, the same read took seconds).
        let who = Who(), skip = Set(excluding)
        try db.forEachRow("SELECT DISTINCT number, province FROM student_versions WHERE school = ANY(\(schools))") { row in
            guard let (n, p) = try? row.decode((String, Int16).self), !skip.contains(n) else { return }
            who.numbers.append(n); who.provinces.insert(p)
        }
        let numbers = who.numbers, provinces = who.provinces
        guard !numbers.isEmpty else { return StudentRecords() }
        return try records("""
            SELECT e.record, e.entry, e.position FROM events e
            WHERE e.province = ANY(\(Array(provinces))) AND e.number = ANY(\(numbers))
              AND e.entry <= \(Int64(min(through, UInt64(Int64.max))))
            ORDER BY e.entry, e.position
            """)
    }

    /// The records of every student but those `excluding`, through entry `through`, in the order
    /// they were recorded; nil when a row has none.
    private func everyRecord(through: UInt64, excluding: Set<String>) throws(PGError) -> StudentRecords? {
        try records("""
            SELECT record, entry, position, number FROM events
            WHERE entry <= \(Int64(min(through, UInt64(Int64.max)))) ORDER BY entry, position
            """, excluding: excluding)
    }

    /// Students as a statement's rows arrive: their numbers, and the provinces holding them.
    private final class Who: @unchecked Sendable {
        var numbers: [String] = []
        var provinces: Set<Int16> = []
    }

    /// Records as a statement's rows arrive (on the connection's loop, while the session waits).
    private final class Received: @unchecked Sendable {
        var records = StudentRecords()
        var unreadable = false
    }

    /// Waits (a few seconds at most) until no shard holds a prepared write of an entry up to
    /// `through`: those are decided, and their second phase is under way.
    private func awaitDecided(through: UInt64) throws(PGError) {
        guard !shards.isEmpty else { return }
        for _ in 0..<200 {
            var pending = false
            for s in shards {
                for row in try s.db.query("""
                    SELECT gid FROM pg_prepared_xacts WHERE database = current_database() AND starts_with(gid, \(gidPrefix))
                    """) {
                    if let gid = try? row.decode(String.self), let n = UInt64(gid.dropFirst(gidPrefix.count)), n <= through { pending = true }
                }
            }
            if !pending { return }
            usleep(20_000)
        }
    }

    package func records(of keys: [PartialStudents.Key], through: UInt64) throws(StorageError) -> StudentRecords {
        do throws(PGError) {
            if !db.isOpen { try reconnect() }
            var numbers = Set<String>(), cards: [String] = [], temporary: [String] = []
            for key in keys {
                switch key {
                case .number(let n):
                    numbers.insert(n.description)
                    if n.kind == .l { temporary.append(n.description) }
                case .idCard(let c): cards.append(c.description)
                }
            }
            // An ID number is found in the coordinator's R1 table (its key: over the students'
            // partitions of two shards the question took ~30 ms); an L number that became a G
            // number by its alias. (One trip for all: an import asks about every ID number of its
            // file at once.)
            if !cards.isEmpty || !temporary.isEmpty {
                for row in try db.query("""
                    SELECT number FROM id_numbers WHERE id_card = ANY(\(cards))
                    UNION SELECT number FROM number_aliases WHERE alias = ANY(\(temporary))
                    """) {
                    if let n = try? row.decode(String.self) { numbers.insert(n) }
                }
            }
            guard !numbers.isEmpty else { return StudentRecords() }
            guard let got = try eventRecords(of: numbers.sorted(), through: through) else {
                throw PGError(sqlState: "XX000", text: "an event without its journal record")
            }
            return got
        } catch { throw error.storage(url) }
    }

    package func records(atSchools schools: [SchoolCode], through: UInt64, excluding registry: Registry) throws(StorageError) -> StudentRecords {
        do throws(PGError) {
            if !db.isOpen { try reconnect() }
            let held = registry.allStudents.map { registry.student($0).number.description }
            // Every school (a national session holding every student): every event, read once
            // in the registry's order (~4 s for 1 M students on two shards, where naming each
            // student's number took a minute).
            let every = Set(schools).count >= registry.schools.count
            guard let got = try every ? everyRecord(through: through, excluding: Set(held))
                : scopeRecords(schools: schools.map { Int64($0.rawValue) }, through: through, excluding: held) else {
                throw PGError(sqlState: "XX000", text: "an event without its journal record")
            }
            return got
        } catch { throw error.storage(url) }
    }
}
