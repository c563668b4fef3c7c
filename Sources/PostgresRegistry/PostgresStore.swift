import PostgresNIO
import Registry

/// The engine's `ChainStore` on PostgreSQL: the journal chain in table `journal`, the writer
/// lock on the one row of `xueji_head`, and, in the same transaction as each entry, the
/// registry mirrored into `students`, `events`, `schools` and the R1 coordinator `id_numbers`,
/// so that psql and SQL queries see what the shell sees.
final class PostgresStore: ChainStore {
    let url: PostgresURL
    let db: PGClient
    /// Whether a write transaction is open on the server.
    private var inWrite = false
    /// Schools the `schools` table holds, in the registry's order.
    private var schoolsMirrored = 0

    /// Connects to a database that holds the schema (or migrates one it knows to the latest).
    /// An idle transaction (a `begin` left open) is ended by the server after `idleTimeout` seconds.
    init(_ url: PostgresURL, idleTimeout: Int = 300) throws(StorageError) {
        self.url = url
        db = try PGClient(url)
        try Schema.check(db)
        do throws(PGError) {
            try db.run("SET idle_in_transaction_session_timeout = '\(idleTimeout)s'")
            let n = try db.query("SELECT count(*) FROM schools")
            schoolsMirrored = Int((try? n.first?.decode(Int64.self)) ?? 0)
        } catch { throw error.storage(url) }
    }

    var name: String { url.description }

    private func chained(_ rows: [PostgresRow]) throws(StorageError) -> [ChainedEntry] {
        var out: [ChainedEntry] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            guard let (seq, prev, payload, hash) = try? row.decode((Int64, ByteBuffer, ByteBuffer, ByteBuffer).self) else {
                throw StorageError(.damaged, .entryUnreadable)
            }
            out.append(ChainedEntry(sequence: UInt64(seq), previous: Array(buffer: prev), payload: Array(buffer: payload),
                                    hash: Array(buffer: hash)))
        }
        return out
    }

    func entries(after sequence: UInt64) throws(StorageError) -> [ChainedEntry] {
        let rows: [PostgresRow]
        do throws(PGError) {
            rows = try db.query("SELECT seq, prev, payload, hash FROM journal WHERE seq > \(Int64(sequence)) ORDER BY seq")
        } catch { throw error.storage(url) }
        return try chained(rows)
    }

    func entry(_ sequence: UInt64) throws(StorageError) -> ChainedEntry? {
        let rows: [PostgresRow]
        do throws(PGError) {
            rows = try db.query("SELECT seq, prev, payload, hash FROM journal WHERE seq = \(Int64(sequence))")
        } catch { throw error.storage(url) }
        return try chained(rows).first
    }

    func lock(after sequence: UInt64) throws(StorageError) -> [ChainedEntry] {
        do throws(PGError) {
            try db.run("BEGIN")
            inWrite = true
            try db.run("SELECT seq FROM xueji_head FOR UPDATE")
        } catch {
            try? unlock(commit: false)
            throw error.storage(url)
        }
        do throws(StorageError) { return try entries(after: sequence) } catch {
            try? unlock(commit: false)
            throw error
        }
    }

    func unlock(commit: Bool) throws(StorageError) {
        guard inWrite else { return }
        inWrite = false
        do throws(PGError) { try db.run(commit ? "COMMIT" : "ROLLBACK") } catch {
            throw error.storage(url)
        }
    }

    func append(_ e: ChainedEntry, students: [RegistryNumber], registry: Registry) throws(StorageError) {
        do throws(PGError) {
            try insert([e])
            try mirrorSchools(registry)
            try mirror(students, of: registry)
            try events(of: e, in: registry)
            try mirrorActors(registry)
            try db.query("UPDATE xueji_head SET seq = \(Int64(e.sequence)), hash = \(ByteBuffer(bytes: e.hash))")
        } catch {
            // R1 across provinces: the coordinator's key refuses a second registration of one child.
            if error.isUniqueViolation, error.text.contains("id_numbers") {
                throw StorageError(.refused, .serverRefused(address: url.description, code: error.sqlState, reason: error.text), rule: .r1)
            }
            throw error.storage(url)
        }
    }

    /// Journal rows for entries, in order.
    func insert(_ entries: [ChainedEntry]) throws(PGError) {
        for e in entries {
            let s = e.summary
            let day = s?.day.map { "\($0)" }
            try db.query("""
                INSERT INTO journal (seq, prev, payload, hash, label, day, recorded_at)
                VALUES (\(Int64(e.sequence)), \(ByteBuffer(bytes: e.previous)), \(ByteBuffer(bytes: e.payload)),
                        \(ByteBuffer(bytes: e.hash)), \(s?.label ?? ""), \(day)::date, to_timestamp(\(Double(s?.recordedAt ?? 0))))
                """)
        }
    }

    /// New schools (the registry only ever adds them).
    func mirrorSchools(_ registry: Registry) throws(PGError) {
        let schools = registry.schools
        guard schools.count > schoolsMirrored else { return }
        let new = schools[schoolsMirrored...]
        try db.query("""
            INSERT INTO schools (code, name, stage, district, province)
            SELECT * FROM unnest(\(new.map { Int64($0.code.rawValue) }), \(new.map(\.name)), \(new.map(\.stage.rawValue)),
                                 \(new.map { Int32($0.district.rawValue) }), \(new.map { Int16($0.district.rawValue / 10_000) }))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, stage = excluded.stage, district = excluded.district,
                                             province = excluded.province
            """)
        schoolsMirrored = schools.count
    }

    /// The students' current rows, replacing what the tables held (a transfer across provinces
    /// moves the row, and its events, to the other partition), and their ID numbers.
    func mirror(_ numbers: [RegistryNumber], of registry: Registry) throws(PGError) {
        guard !numbers.isEmpty else { return }
        for chunk in stride(from: 0, to: numbers.count, by: 20_000).map({ numbers[$0..<min($0 + 20_000, numbers.count)] }) {
            let students = chunk.compactMap { try? registry.student($0) }
            let keys = chunk.map(\.description)
            try db.query("DELETE FROM students WHERE number = ANY(\(keys))")
            try db.query("DELETE FROM id_numbers WHERE number = ANY(\(keys))")
            let province = students.map { Int16(registry.school(at: $0.schoolIndex).district.rawValue / 10_000) }
            try db.query("""
                INSERT INTO students (province, number, id_card, name, gender, birth, ethnicity, hukou, school, grade, class,
                                      status, enrolled_on, status_since, migrant, left_behind)
                SELECT p, n, nullif(i, ''), nm, g, b::date, e, nullif(h, 0), s, gr, nullif(c, -1), st, eo::date, ss::date,
                       CASE m WHEN 1 THEN true WHEN 0 THEN false END, CASE l WHEN 1 THEN true WHEN 0 THEN false END
                FROM unnest(\(province), \(students.map(\.number.description)), \(students.map { $0.idCard?.description ?? "" }),
                            \(students.map(\.name)), \(students.map(\.gender.rawValue)), \(students.map { "\($0.birth)" }),
                            \(students.map(\.ethnicity)), \(students.map { Int32($0.hukou?.rawValue ?? 0) }),
                            \(students.map { Int64(registry.school(at: $0.schoolIndex).code.rawValue) }),
                            \(students.map { Int16($0.grade) }), \(students.map { Int16($0.klass ?? -1) }),
                            \(students.map(\.status.rawValue)), \(students.map { "\($0.enrolledOn)" }),
                            \(students.map { "\($0.statusSince)" }), \(students.map { Self.flag($0.migrant) }),
                            \(students.map { Self.flag($0.leftBehind) }))
                    AS t(p, n, i, nm, g, b, e, h, s, gr, c, st, eo, ss, m, l)
                """)
            let carded = students.filter { $0.idCard != nil && $0.status != .voided }
            if !carded.isEmpty {
                try db.query("""
                    INSERT INTO id_numbers (id_card, number)
                    SELECT * FROM unnest(\(carded.map { $0.idCard!.description }), \(carded.map(\.number.description)))
                    """)
            }
            try db.query("""
                UPDATE events e SET province = s.province FROM students s
                WHERE e.number = s.number AND e.province <> s.province AND s.number = ANY(\(keys))
                """)
        }
    }

    /// Actors as they were last mirrored: name and whether revoked.
    private var actorsMirrored: [String: Bool]?

    /// Each actor a login role that may read the scoped tables (R18 by row-level security); a
    /// revoked actor's grants are taken back. Roles belong to the cluster, so one made for another
    /// database is reused.
    func mirrorActors(_ registry: Registry) throws(PGError) {
        let actors = Dictionary(registry.registeredActors.map { ($0.name.description, $0.isRevoked) }, uniquingKeysWith: { $1 })
        if actorsMirrored == nil {
            let rows = try db.query("SELECT role::text, revoked FROM actor_roles")
            actorsMirrored = Dictionary(rows.compactMap { try? $0.decode((String, Bool).self) }, uniquingKeysWith: { $1 })
        }
        guard actors != actorsMirrored else { return }
        for (name, revoked) in actors.sorted(by: { $0.key < $1.key }) where actorsMirrored?[name] != revoked {
            // Names are ActorName's (`school:4103030001`): letters, digits and a colon, safe in quotes.
            let role = "\"\(name)\""
            if try db.query("SELECT 1 FROM pg_roles WHERE rolname = \(name)").isEmpty {
                try db.run("SAVEPOINT xueji_role")
                do throws(PGError) { try db.run("CREATE ROLE \(role) LOGIN") } catch {
                    // Another database's session made it first.
                    guard error.sqlState == "42710" || error.sqlState == "23505" else { throw error }
                    try db.run("ROLLBACK TO SAVEPOINT xueji_role")
                }
                try db.run("RELEASE SAVEPOINT xueji_role")
            }
            try db.run("\(revoked ? "REVOKE" : "GRANT") SELECT ON schools, students, events \(revoked ? "FROM" : "TO") \(role)")
            try db.query("""
                INSERT INTO actor_roles (role, revoked) VALUES (\(name), \(revoked))
                ON CONFLICT (role) DO UPDATE SET revoked = excluded.revoked
                """)
        }
        actorsMirrored = actors
    }

    static func flag(_ v: YesNo?) -> Int16 { v.map { $0 == .yes ? 1 : 0 } ?? -1 }

    /// One row per event of the entry, in its student's province.
    func events(of e: ChainedEntry, in registry: Registry) throws(PGError) {
        guard let recorded = try? JournalChain.recordedEvents(e), !recorded.isEmpty else { return }
        let province = recorded.map { r in
            (try? registry.student(r.student)).map { Int16(registry.school(at: $0.schoolIndex).district.rawValue / 10_000) } ?? 0
        }
        for start in stride(from: 0, to: recorded.count, by: 20_000) {
            let range = start..<min(start + 20_000, recorded.count)
            let part = recorded[range]
            try db.query("""
                INSERT INTO events (province, number, entry, position, kind, day, recorded_at, changes)
                SELECT p, n, \(Int64(e.sequence)), o, k, d::date, to_timestamp(r), c::jsonb
                FROM unnest(\(Array(province[range])), \(part.map(\.student.description)), \(range.map { Int32($0) }),
                            \(part.map(\.kind.rawValue)), \(part.map { "\($0.day)" }), \(part.map { Double($0.recordedAt) }),
                            \(part.map { Self.json($0.changes) })) AS t(p, n, o, k, d, r, c)
                """)
        }
    }

    /// An event's field changes as JSON: `[{"field": "grade", "before": "3", "after": "4"}]`.
    static func json(_ changes: [FieldChange]) -> String {
        func quoted(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where u.value < 0x20: out += "\\u" + String(u.value, radix: 16).leftPadded(to: 4)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        var parts: [String] = []
        for c in changes {
            let before: String = c.before.isNull ? "null" : quoted(c.before.description)
            let after: String = c.after.isNull ? "null" : quoted(c.after.description)
            parts.append("{\"field\": " + quoted(c.field.rawValue) + ", \"before\": " + before + ", \"after\": " + after + "}")
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    func problems(against registry: Registry) -> [StorageMessage] {
        var problems: [StorageMessage] = []
        do throws(PGError) {
            let rows = try db.query("SELECT number, school, grade, status FROM students")
            var seen = 0
            for row in rows {
                guard let (n, school, grade, status) = try? row.decode((String, Int64, Int16, String).self) else { continue }
                seen += 1
                guard let number = RegistryNumber(n), let s = try? registry.student(number) else {
                    problems.append(.tableDisagrees(table: "students", what: "\(n) is not in the journal"))
                    continue
                }
                if UInt64(school) != registry.school(at: s.schoolIndex).code.rawValue || Int(grade) != s.grade || status != s.status.rawValue {
                    problems.append(.tableDisagrees(table: "students", what: "\(n) differs from the journal"))
                }
                if problems.count >= 10 { break }
            }
            if problems.isEmpty, seen != registry.studentCount {
                problems.append(.tableDisagrees(table: "students", what: "\(seen) rows for \(registry.studentCount) students"))
            }
        } catch {
            problems.append(error.storage(url).id)
        }
        return problems
    }

    func close() {
        if inWrite { try? unlock(commit: false) }
        db.close()
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
