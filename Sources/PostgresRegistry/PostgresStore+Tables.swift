import PostgresNIO
import Registry

/// The tables mirrored from each entry: schools, students and their events on the link that
/// holds their province (a transfer across provinces moves them), `homes` (where each student's
/// rows are) and `id_numbers` on the coordinator, and the actors' roles.
extension PostgresStore {
    /// New schools (the registry only ever adds them).
    func mirrorSchools(_ registry: Registry) throws(PGError) {
        let schools = registry.schools
        guard schools.count > schoolsMirroredCount else { return }
        let new = schools[schoolsMirroredCount...]
        try coordinator.write(part: """
            INSERT INTO schools (code, name, stage, district, province)
            SELECT * FROM unnest(\(new.map { Int64($0.code.rawValue) }), \(new.map(\.name)), \(new.map(\.stage.rawValue)),
                                 \(new.map { Int32($0.district.rawValue) }), \(new.map { Int16($0.district.rawValue / 10_000) }))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, stage = excluded.stage, district = excluded.district,
                                             province = excluded.province
            """)
        schoolsMirroredCount = schools.count
    }

    /// The province whose partition holds a student's rows: its school's.
    package static func province(of s: Student, in registry: Registry) -> Int {
        Int(registry.school(at: s.schoolIndex).district.rawValue / 10_000)
    }

    /// The students' current rows, replacing what the tables held, on the links that held them
    /// and the links that hold them now; their events follow a move to another link.
    func mirror(_ numbers: [RegistryNumber], of registry: Registry) throws(PGError) {
        guard !numbers.isEmpty else { return }
        if !renumbered.isEmpty {
            // The rows under a student's old number go; its events take the new one (rare: no need
            // to name partitions).
            let old = renumbered.map(\.old), new = renumbered.map(\.new)
            try coordinator.write("DELETE FROM homes WHERE number = ANY(\(old))")
            // The L number stays an alias (an undone change makes it the student's own again).
            let aliases = renumbered.filter { RegistryNumber($0.old)?.kind == .l }
            try coordinator.write("DELETE FROM number_aliases WHERE alias = ANY(\(new))")
            try coordinator.write("UPDATE number_aliases a SET number = t.n FROM unnest(\(old), \(new)) AS t(o, n) WHERE a.number = t.o")
            try coordinator.write("""
                INSERT INTO number_aliases (alias, number) SELECT * FROM unnest(\(aliases.map(\.old)), \(aliases.map(\.new)))
                ON CONFLICT (alias) DO UPDATE SET number = excluded.number
                """)
            // On a sharded registry only the shards hold rows: the coordinator's partitions are
            // theirs through postgres_fdw, which would wait for this very write's locks there.
            for l in shards.isEmpty ? [coordinator] : shards {
                try l.write("DELETE FROM students WHERE number = ANY(\(old))")
                // (Its versions under the old number too: no row under the new one finds them.)
                try l.write("DELETE FROM student_versions WHERE number = ANY(\(old))")
                try l.write("UPDATE events e SET number = t.n FROM unnest(\(old), \(new)) AS t(o, n) WHERE e.number = t.o")
            }
            // Their rows are written afresh below, as new.
            for n in new { newStudents.remove(n) }
        }
        for start in stride(from: 0, to: numbers.count, by: 20_000) {
            let chunk = numbers[start..<min(start + 20_000, numbers.count)]
            let students = chunk.compactMap { try? registry.student($0) }
            let keys = students.map(\.number.description)
            let provinces = students.map { Self.province(of: $0, in: registry) }
            if coordinator.batchesWrites {
                // Another chunk's rows may hold a key this one deletes.
                if start > 0 { coordinator.barrier() }
                try mirrorOnOneServer(students, keys: keys, provinces: provinces, registry: registry)
                continue
            }
            // Where their rows were (the coordinator's directory), and where they go now.
            // One trip: the WITH's SELECT sees the rows before its INSERT changes them.
            var was: [String: Int] = [:]
            for row in try db.query("""
                WITH old AS (SELECT number, province FROM homes WHERE number = ANY(\(keys))),
                     new AS (INSERT INTO homes (number, province) SELECT * FROM unnest(\(keys), \(provinces.map { Int16($0) }))
                             ON CONFLICT (number) DO UPDATE SET province = excluded.province)
                SELECT number, province FROM old
                """) {
                if let (n, p) = try? row.decode((String, Int16).self) { was[n] = Int(p) }
            }
            try mirrorIDNumbers(students, keys: keys)
            // Old rows out, on every link that held one.
            var moving: [ObjectIdentifier: [String]] = [:]      // the old link's students now elsewhere
            var links: [ObjectIdentifier: ShardLink] = [:]
            for (i, n) in keys.enumerated() {
                let new = link(province: provinces[i])
                links[ObjectIdentifier(new)] = new
                guard let p = was[n] else { continue }
                let old = link(province: p)
                links[ObjectIdentifier(old)] = old
                if old !== new { moving[ObjectIdentifier(old), default: []].append(n) }
            }
            for (id, l) in links {
                let here: Set<String> = Set(keys.enumerated().filter { was[$0.element] != nil && links[id] === link(province: was[$0.element]!) }.map(\.element))
                if !here.isEmpty {
                    try l.write("DELETE FROM students WHERE number = ANY(\(Array(here)))")
                    let rows = students.filter { here.contains($0.number.description) }.map(row(of:))
                    try l.write("DELETE FROM student_versions WHERE row = ANY(\(rows))")
                }
            }
            var carried: [EventRow] = []
            for (id, movers) in moving {
                carried += try links[id]!.query("""
                    DELETE FROM events WHERE number = ANY(\(movers))
                    RETURNING number, entry, position, kind, day::text, extract(epoch FROM recorded_at)::float8, changes::text,
                              actor, reason, growth, note, relation, record
                    """).compactMap(Self.eventRow)
            }
            // New rows in, each on its province's link; events that stayed on a link change partition there.
            let province = Dictionary(zip(keys, provinces), uniquingKeysWith: { $1 })
            for (_, l) in links {
                let mine = students.indices.filter { link(province: provinces[$0]) === l }
                guard !mine.isEmpty else { continue }
                try insertStudents(mine.map { students[$0] }, provinces: mine.map { provinces[$0] }, into: l, registry: registry)
                try insertVersions(mine.map { students[$0] }, provinces: mine.map { provinces[$0] }, into: l, registry: registry)
                let stayed = mine.map { keys[$0] }.filter { was[$0] != nil && link(province: was[$0]!) === l && was[$0] != province[$0] }
                if !stayed.isEmpty {
                    try l.write("""
                        UPDATE events e SET province = t.p FROM unnest(\(stayed), \(stayed.map { Int16(province[$0]!) })) AS t(n, p)
                        WHERE e.number = t.n AND e.province <> t.p
                        """)
                }
                let arriving = carried.filter { link(province: province[$0.number]!) === l }
                if !arriving.isEmpty {
                    try insertEvents(arriving, provinces: arriving.map { province[$0.number]! }, into: l)
                }
            }
        }
    }

    /// The R1 coordinator's rows of these students: one per ID number a registration holds,
    /// void or not (the engine refuses a voided registration's ID number too); the key refuses
    /// a second registration of one child (R1), and a session's R1 question reads it alone.
    private func mirrorIDNumbers(_ students: [Student], keys: [String]) throws(PGError) {
        try coordinator.write("DELETE FROM id_numbers WHERE number = ANY(\(keys))")
        let carded = students.filter { $0.idCard != nil }
        guard !carded.isEmpty else { return }
        try coordinator.write("""
            INSERT INTO id_numbers (id_card, number)
            SELECT * FROM unnest(\(carded.map { $0.idCard!.description }), \(carded.map(\.number.description)))
            """)
    }

    /// `mirror` on a registry kept by one server, where nothing the statements answer is
    /// needed: queued to go out with the COMMIT, fused into as few statements as can be (see
    /// `SQLPart`). Tables are named by partition (a statement on the partitioned parent costs its
    /// planning over all 35 partitions, under the writer lock). A student whose province changed
    /// leaves its old partition, with its events. When the entry changed no number, ID number or
    /// status, the students' rows are updated in place and their `id_numbers` rows stay: the write
    /// is one statement. Otherwise the old rows go first, in a statement of their own (a key
    /// cannot be deleted and inserted again within one).
    private func mirrorOnOneServer(_ students: [Student], keys: [String], provinces: [Int], registry: Registry) throws(PGError) {
        let p16 = provinces.map { Int16($0) }
        try coordinator.write(part: """
            INSERT INTO homes (number, province) SELECT * FROM unnest(\(keys), \(p16))
            ON CONFLICT (number) DO UPDATE SET province = excluded.province
            """)
        var oldRows: [String: [String]] = [:], movedEvents: [String: [Int]] = [:]
        for (i, n) in keys.enumerated() where !newStudents.contains(n) {
            let was = formerProvince[n] ?? provinces[i]
            oldRows[Schema.partition(was), default: []].append(n)
            if Schema.partition(was) != Schema.partition(provinces[i]) { movedEvents[Schema.partition(was), default: []].append(i) }
        }
        let rowOf = Dictionary(zip(keys, students.map(row(of:))), uniquingKeysWith: { $1 })
        let inPlace = !identityChanged
        let provinceOf = Dictionary(zip(keys, provinces), uniquingKeysWith: { $1 })
        if !oldRows.isEmpty && !inPlace {
            try coordinator.write(part: "DELETE FROM id_numbers WHERE number = ANY(\(oldRows.values.flatMap { $0 }))")
        }
        for (partition, numbers) in oldRows.sorted(by: { $0.key < $1.key }) {
            let leaving = inPlace ? numbers.filter { Schema.partition(provinceOf[$0]!) != partition } : numbers
            if !leaving.isEmpty {
                try coordinator.write(part: "DELETE FROM \(unescaped: "students_" + partition) WHERE number = ANY(\(leaving))")
            }
            // Versions have no key: deleted and inserted in one statement, the delete sees only the old.
            try coordinator.write(part: "DELETE FROM \(unescaped: "student_versions_" + partition) WHERE row = ANY(\(numbers.map { rowOf[$0]! }))")
        }
        if !oldRows.isEmpty && !inPlace { coordinator.barrier() }
        for (partition, indices) in movedEvents.sorted(by: { $0.key < $1.key }) {
            // Out of the old partition and into the new one (no key in common) in one statement.
            let gone = "gone_" + partition
            try coordinator.write(part: SQLPart("""
                DELETE FROM \(unescaped: "events_" + partition) WHERE number = ANY(\(indices.map { keys[$0] }))
                RETURNING \(unescaped: Self.eventColumns)
                """).named(gone))
            try coordinator.write(part: """
                INSERT INTO events (province, \(unescaped: Self.eventColumns))
                SELECT t.p, g.number, g.entry, g.position, g.kind, g.day, g.recorded_at, g.changes, g.actor, g.reason, g.growth,
                       g.note, g.relation, g.record
                FROM \(unescaped: gone) g JOIN unnest(\(indices.map { keys[$0] }), \(indices.map { p16[$0] })) AS t(n, p) ON t.n = g.number
                """)
        }
        let carded = students.filter { $0.idCard != nil && (!inPlace || newStudents.contains($0.number.description)) }
        if !carded.isEmpty {
            try coordinator.write(part: """
                INSERT INTO id_numbers (id_card, number)
                SELECT * FROM unnest(\(carded.map { $0.idCard!.description }), \(carded.map(\.number.description)))
                """)
        }
        if inPlace {
            var byPartition: [String: [Int]] = [:]
            for i in students.indices { byPartition[Schema.partition(provinces[i]), default: []].append(i) }
            for (partition, mine) in byPartition.sorted(by: { $0.key < $1.key }) {
                try insertStudents(mine.map { students[$0] }, provinces: mine.map { provinces[$0] }, into: coordinator,
                                   registry: registry, upsertInto: partition)
            }
        } else {
            try insertStudents(students, provinces: provinces, into: coordinator, registry: registry)
        }
        try insertVersions(students, provinces: provinces, into: coordinator, registry: registry)
    }

    /// The students' versions on the links holding their provinces (`replacing`: what the
    /// tables held of them goes first).
    func writeVersions(_ students: [Student], provinces: [Int], registry: Registry, replacing: Bool) throws(PGError) {
        var byLink: [ObjectIdentifier: (ShardLink, [Int])] = [:]
        for i in students.indices {
            let l = link(province: provinces[i])
            byLink[ObjectIdentifier(l), default: (l, [])].1.append(i)
        }
        for (_, (l, mine)) in byLink {
            if replacing { try l.write("DELETE FROM student_versions WHERE row = ANY(\(mine.map { row(of: students[$0]) }))") }
            try insertVersions(mine.map { students[$0] }, provinces: mine.map { provinces[$0] }, into: l, registry: registry)
        }
    }

    /// The students' versions (`as of` in SQL), in their province's partition now.
    private func insertVersions(_ students: [Student], provinces: [Int], into l: ShardLink, registry: Registry) throws(PGError) {
        var p: [Int16] = [], from: [String] = [], to: [String] = [], v: [Student] = [], r: [Int32] = []
        for (i, s) in students.enumerated() {
            let row = row(of: s)
            for version in registry.versions(of: s.id) {
                p.append(Int16(provinces[i])); v.append(version.student); r.append(row)
                from.append(version.from.map { "\($0)" } ?? ""); to.append(version.to.map { "\($0)" } ?? "")
            }
        }
        try l.write(part: """
            INSERT INTO student_versions (province, row, valid, number, id_card, name, gender, birth, ethnicity, hukou, school,
                                          grade, class, status, enrolled_on, migrant, left_behind)
            SELECT p, r, daterange(nullif(lo, '')::date, nullif(hi, '')::date, '[)'), n, nullif(i, ''), nm, g, b::date, e,
                   nullif(h, 0), s, gr, nullif(c, -1), st, eo::date,
                   CASE m WHEN 1 THEN true WHEN 0 THEN false END, CASE lb WHEN 1 THEN true WHEN 0 THEN false END
            FROM unnest(\(p), \(r), \(from), \(to), \(v.map(\.number.description)),
                        \(v.map { $0.idCard?.description ?? "" }), \(v.map(\.name)), \(v.map(\.gender.rawValue)),
                        \(v.map { "\($0.birth)" }), \(v.map(\.ethnicity)), \(v.map { Int32($0.hukou?.rawValue ?? 0) }),
                        \(v.map { Int64(registry.school(at: $0.schoolIndex).code.rawValue) }), \(v.map { Int16($0.grade) }),
                        \(v.map { Int16($0.klass ?? -1) }), \(v.map(\.status.rawValue)), \(v.map { "\($0.enrolledOn)" }),
                        \(v.map { Self.flag($0.migrant) }), \(v.map { Self.flag($0.leftBehind) }))
                AS t(p, r, lo, hi, n, i, nm, g, b, e, h, s, gr, c, st, eo, m, lb)
            """)
    }

    /// The students' rows; with `upsertInto`, into that partition, a row it holds updated in place.
    private func insertStudents(_ students: [Student], provinces: [Int], into l: ShardLink, registry: Registry,
                                upsertInto partition: String? = nil) throws(PGError) {
        try l.write(part: """
            INSERT INTO \(unescaped: partition.map { "students_" + $0 } ?? "students") (province, number, id_card, name, gender, birth, ethnicity, hukou, school, grade, class,
                                  status, enrolled_on, status_since, migrant, left_behind, row)
            SELECT p, n, nullif(i, ''), nm, g, b::date, e, nullif(h, 0), s, gr, nullif(c, -1), st, eo::date, ss::date,
                   CASE m WHEN 1 THEN true WHEN 0 THEN false END, CASE l WHEN 1 THEN true WHEN 0 THEN false END, r
            FROM unnest(\(provinces.map { Int16($0) }), \(students.map(\.number.description)), \(students.map { $0.idCard?.description ?? "" }),
                        \(students.map(\.name)), \(students.map(\.gender.rawValue)), \(students.map { "\($0.birth)" }),
                        \(students.map(\.ethnicity)), \(students.map { Int32($0.hukou?.rawValue ?? 0) }),
                        \(students.map { Int64(registry.school(at: $0.schoolIndex).code.rawValue) }),
                        \(students.map { Int16($0.grade) }), \(students.map { Int16($0.klass ?? -1) }),
                        \(students.map(\.status.rawValue)), \(students.map { "\($0.enrolledOn)" }),
                        \(students.map { "\($0.statusSince)" }), \(students.map { Self.flag($0.migrant) }),
                        \(students.map { Self.flag($0.leftBehind) }), \(students.map(row(of:))))
                AS t(p, n, i, nm, g, b, e, h, s, gr, c, st, eo, ss, m, l, r)
            \(unescaped: partition == nil ? "" : Self.updateInPlace)
            """)
    }

    /// A student's row updated with every column of the one inserted in its place.
    private static let updateInPlace = """
        ON CONFLICT (number) DO UPDATE SET province = excluded.province, id_card = excluded.id_card, name = excluded.name,
            gender = excluded.gender, birth = excluded.birth, ethnicity = excluded.ethnicity, hukou = excluded.hukou,
            school = excluded.school, grade = excluded.grade, class = excluded.class, status = excluded.status,
            enrolled_on = excluded.enrolled_on, status_since = excluded.status_since, migrant = excluded.migrant,
            left_behind = excluded.left_behind, row = excluded.row
        """

    /// One event row as the tables hold it.
    struct EventRow {
        var number: String, entry: Int64, position: Int32, kind: String, day: String, recordedAt: Double, changes: String
        var actor: String?, reason: String?, growth: String?, note: String?, relation: String?
        /// The event's journal record (`JournalChain.eventRecords`).
        var record: [UInt8]?
        init(_ t: (String, Int64, Int32, String, String, Double, String), _ more: (String?, String?, String?, String?, String?),
             record: [UInt8]?) {
            (number, entry, position, kind, day, recordedAt, changes) = t
            (actor, reason, growth, note, relation) = more
            self.record = record
        }
    }

    /// The columns an event row is read back by (to move it to another partition or server).
    static let eventColumns = "number, entry, position, kind, day, recorded_at, changes, actor, reason, growth, note, relation, record"

    /// An event row read back with `eventColumns` (`day` as text, `recorded_at` as epoch seconds).
    static func eventRow(_ row: PostgresRow) -> EventRow? {
        guard let t = try? row.decode((String, Int64, Int32, String, String, Double, String, String?, String?, String?, String?, String?,
                                       ByteBuffer?).self)
        else { return nil }
        return EventRow((t.0, t.1, t.2, t.3, t.4, t.5, t.6), (t.7, t.8, t.9, t.10, t.11), record: t.12.map { Array(buffer: $0) })
    }

    func insertEvents(_ rows: [EventRow], provinces: [Int], into l: ShardLink) throws(PGError) {
        try l.write(part: """
            INSERT INTO events (province, number, entry, position, kind, day, recorded_at, changes, actor, reason, growth, note, relation,
                                record)
            SELECT p, n, en, o, k, d::date, to_timestamp(r), c::jsonb, a, nullif(rs, ''), nullif(g, ''), nullif(nt, ''), nullif(rl, ''),
                   nullif(rc, '\\x'::bytea)
            FROM unnest(\(provinces.map { Int16($0) }), \(rows.map(\.number)), \(rows.map(\.entry)), \(rows.map(\.position)),
                        \(rows.map(\.kind)), \(rows.map(\.day)), \(rows.map(\.recordedAt)), \(rows.map(\.changes)),
                        \(rows.map { $0.actor ?? "" }), \(rows.map { $0.reason ?? "" }), \(rows.map { $0.growth ?? "" }),
                        \(rows.map { $0.note ?? "" }), \(rows.map { $0.relation ?? "" }),
                        \(rows.map { ByteBuffer(bytes: $0.record ?? []) }))
                AS t(p, n, en, o, k, d, r, c, a, rs, g, nt, rl, rc)
            """)
    }

    static func flag(_ v: YesNo?) -> Int16 { v.map { $0 == .yes ? 1 : 0 } ?? -1 }

    /// The entry's event rows, each with its student's province, as `history` shows them: who
    /// recorded it and why, from the registry's event log, where the entry's events are the
    /// `recorded.count` from `firstEvent` (the last ones changes recorded, for the entry just
    /// written: a scoped session may have fetched students after them); a first
    /// enrolment's changes are the record as enrolled, as one object (`json(enrolled:)`).
    func eventRows(of e: ChainedEntry, recorded decoded: (events: [RecordedEvent], records: [[UInt8]])? = nil, firstEvent: Int? = nil,
                   in registry: Registry) -> (rows: [EventRow], provinces: [Int]) {
        guard let (recorded, records) = decoded ?? (try? JournalChain.recordedEventsAndRecords(e)) else { return ([], []) }
        let indices = firstEvent.map { Array($0..<$0 + recorded.count) } ?? registry.lastOwnEvents(recorded.count)
        let students = recorded.map { try? registry.student($0.student) }
        let provinces = students.map { s in s.map { Self.province(of: $0, in: registry) } ?? 0 }
        // Each row under the student's number now (an L number that became a G since: a copy, a backfill).
        let numbers = zip(recorded, students).map { r, s in s?.number.description ?? r.student.description }
        let rows = recorded.enumerated().map { i, r in
            let at = i < indices.count ? indices[i] : -1
            let logged = at >= 0 && at < registry.eventCount ? Self.shown(registry.event(at: at), in: registry) : nil
            let ev = logged.flatMap { $0.kind == r.kind && $0.effective == r.day ? $0 : nil }
            let firstEnrolment = r.kind == .enrol && r.changes.isEmpty
            return EventRow((numbers[i], Int64(e.sequence), Int32(i), r.kind.rawValue, "\(r.day)", Double(r.recordedAt),
                             firstEnrolment ? Self.json(enrolled: ev?.changes ?? []) : Self.json(ev?.changes ?? r.changes)),
                            (ev?.actor, ev?.reason, ev?.growth?.rawValue, ev?.text, ev?.relation), record: records[i])
        }
        return (rows, provinces)
    }

    /// An event as `history` shows it: a first enrolment (no changes recorded) lists the record as enrolled.
    static func shown(_ ev: Event, in registry: Registry) -> Event {
        guard ev.kind == .enrol, ev.changes.isEmpty, let s = try? registry.student(ev.student) else { return ev }
        return registry.history(of: s.id).first { $0.sequence == ev.sequence } ?? ev
    }

    func events(of e: ChainedEntry, firstEvent: Int, in registry: Registry) throws(PGError) {
        let (rows, provinces) = eventRows(of: e, firstEvent: firstEvent, in: registry)
        try insert(rows, provinces: provinces)
    }

    /// Event rows, each on its student's province's link, in chunks.
    func insert(_ rows: [EventRow], provinces: [Int]) throws(PGError) {
        guard !rows.isEmpty else { return }
        var byLink: [ObjectIdentifier: (ShardLink, [Int])] = [:]
        for i in rows.indices {
            let l = link(province: provinces[i])
            byLink[ObjectIdentifier(l), default: (l, [])].1.append(i)
        }
        for (_, (l, indices)) in byLink {
            for start in stride(from: 0, to: indices.count, by: 20_000) {
                let part = indices[start..<min(start + 20_000, indices.count)]
                try insertEvents(part.map { rows[$0] }, provinces: part.map { provinces[$0] }, into: l)
            }
        }
    }

    /// A first enrolment's record as enrolled, as JSON: `{"name": "王小明", "gender": "M", …}`
    /// (a third of the size of the changes' form, and a first enrolment is every student's).
    static func json(enrolled record: [FieldChange]) -> String {
        "{" + record.map { quoted($0.field.rawValue) + ": " + quoted($0.after.description) }.joined(separator: ", ") + "}"
    }

    /// Text as a JSON string.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(u.value, radix: 16).count) + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// An event's field changes as JSON: `[{"field": "grade", "before": "3", "after": "4"}]`.
    static func json(_ changes: [FieldChange]) -> String {
        var parts: [String] = []
        for c in changes {
            let before: String = c.before.isNull ? "null" : quoted(c.before.description)
            let after: String = c.after.isNull ? "null" : quoted(c.after.description)
            parts.append("{\"field\": " + quoted(c.field.rawValue) + ", \"before\": " + before + ", \"after\": " + after + "}")
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }

    /// Each actor a login role that may read the scoped tables (R18 by row-level security); a
    /// revoked actor's grants are taken back. Roles belong to the cluster, so one made for another
    /// database is reused.
    func mirrorActors(_ registry: Registry) throws(PGError) {
        let actors = Dictionary(registry.registeredActors.map { ($0.name.description, $0.isRevoked) }, uniquingKeysWith: { $1 })
        if actorsMirrored == nil {
            transactional()
            let rows = try db.query("SELECT role::text, revoked FROM actor_roles")
            actorsMirrored = Dictionary(rows.compactMap { try? $0.decode((String, Bool).self) }, uniquingKeysWith: { $1 })
        }
        guard actors != actorsMirrored else { return }
        // Roles are made under a savepoint, in the write's transaction.
        transactional()
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
            try db.run("\(revoked ? "REVOKE" : "GRANT") SELECT ON schools, students, events, student_versions \(revoked ? "FROM" : "TO") \(role)")
            if !revoked {
                // Its reads under row-level security are short: JIT compiling their policies' plans
                // (estimated over empty partitions) took seconds.
                try db.run("ALTER ROLE \(role) IN DATABASE \"\(url.database.replacingOccurrences(of: "\"", with: "\"\""))\" SET jit = off")
            }
            try db.query("""
                INSERT INTO actor_roles (role, revoked) VALUES (\(name), \(revoked))
                ON CONFLICT (role) DO UPDATE SET revoked = excluded.revoked
                """)
        }
        actorsMirrored = actors
    }
}

extension PostgresStore {
    /// A student's row in the tables: the registry's order, which a whole session's rows are;
    /// a session holding one scope has the tables' (`learnServerRows`).
    func row(of s: Student) -> Int32 {
        guard let new = serverRows else { return s.id.index }
        return new[s.number.description] ?? knownRows[s.number.description] ?? s.id.index
    }

    /// For a session holding one scope, under the writer lock: the rows the tables hold of the
    /// entry's students (under their numbers before it, for one it renumbered), and the next
    /// rows, after the students ever registered, for those it registers, in the order it did.
    /// A student's row never changes: those learned are kept, and a change to them alone asks
    /// the server nothing.
    func learnServerRows(_ numbers: [RegistryNumber], registry: Registry) throws(PGError) {
        serverStudents = nil
        guard registry.partial != nil else { serverRows = nil; return }
        let newNumber = Dictionary(renumbered.map { ($0.old, $0.new) }, uniquingKeysWith: { $1 })
        let registered = numbers.filter { newStudents.contains($0.description) }.compactMap { try? registry.student($0) }
        let asked = (numbers.map(\.description) + renumbered.map(\.old)).filter { knownRows[newNumber[$0] ?? $0] == nil && !newStudents.contains($0) }
        if !asked.isEmpty || !registered.isEmpty {
            // Read from the partitions of the provinces the students were ever in (the tables
            // may hold one where it was before this entry moved it): over every partition of
            // a sharded coordinator, the read took ~25 ms.
            // (Versions are by day: the province the entry moved a student from is added, and
            // one not found there is asked again over every partition.)
            var provinces = Set<Int>(), placed = true
            for n in asked {
                guard let number = RegistryNumber(newNumber[n] ?? n), let id = registry.find(number) else { placed = false; break }
                for v in registry.versions(of: id) { provinces.insert(Self.province(of: v.student, in: registry)) }
                if let p = formerProvince[n] { provinces.insert(p) }
            }
            let pruned = placed && !provinces.isEmpty ? "province IN (\(provinces.sorted().map { String($0) }.joined(separator: ", "))) AND " : ""
            var unfound = Set(asked)
            for r in try db.query("""
                SELECT NULL::text, students FROM xueji_head
                UNION ALL
                SELECT number, row::bigint FROM students WHERE \(unescaped: pruned)number = ANY(\(asked)) AND row IS NOT NULL
                """) {
                guard let (n, row) = try? r.decode((String?, Int64?).self) else { continue }
                if let n { knownRows[newNumber[n] ?? n] = Int32(truncatingIfNeeded: row ?? 0); unfound.remove(n) } else { serverStudents = row ?? 0 }
            }
            if !pruned.isEmpty && !unfound.isEmpty {
                for r in try db.query("SELECT number, row::bigint FROM students WHERE number = ANY(\(Array(unfound))) AND row IS NOT NULL") {
                    if let (n, row) = try? r.decode((String, Int64).self) { knownRows[newNumber[n] ?? n] = Int32(truncatingIfNeeded: row) }
                }
            }
        }
        // The new ones apart (not kept: the entry may yet be undone, the number issued again).
        var rows: [String: Int32] = [:]
        for (k, s) in registered.sorted(by: { $0.id.index < $1.id.index }).enumerated() {
            rows[s.number.description] = Int32(truncatingIfNeeded: (serverStudents ?? 0) + Int64(k))
        }
        if let n = serverStudents { serverStudents = n + Int64(registered.count) }
        serverRows = rows
    }
}
