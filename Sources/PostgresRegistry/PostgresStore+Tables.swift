import PostgresNIO
import Registry

/// The tables mirrored from each entry: schools, students and their events on the link that
/// holds their province (a transfer across provinces moves them), `homes` (where each student's
/// rows are) and `id_numbers` on the coordinator (the events' rows: +EventRows; the actors'
/// roles: +Actors).
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
            // (A bulk change's chunks are sent as they are made, not held to the write's end.)
            if start > 0 && !shards.isEmpty { try PGClient.flush([db] + shards.map(\.db)) }
            let students = chunk.compactMap { try? registry.student($0) }
            let keys = students.map(\.number.description)
            let provinces = students.map { Self.province(of: $0, in: registry) }
            if coordinator.batchesWrites {
                // Another chunk's rows may hold a key this one deletes.
                if start > 0 { coordinator.barrier() }
                try mirrorOnOneServer(students, keys: keys, provinces: provinces, registry: registry)
                continue
            }
            // Where their rows were (the province before the entry moved them; none for those it
            // registers), and where they go now; the coordinator's directory `homes` follows.
            var was: [String: Int] = [:]
            for (i, n) in keys.enumerated() where !newStudents.contains(n) { was[n] = formerProvince[n] ?? provinces[i] }
            try coordinator.write(part: """
                INSERT INTO homes (number, province) SELECT * FROM unnest(\(keys), \(provinces.map { Int16($0) }))
                ON CONFLICT (number) DO UPDATE SET province = excluded.province
                """)
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
            let province = Dictionary(zip(keys, provinces), uniquingKeysWith: { $1 })
            // When the entry changed no number, ID number or status, a student staying in its
            // partition is updated in place, and the old rows' deletes go with the inserts (one
            // statement on each server; a key a statement deletes it cannot insert again).
            let inPlace = !identityChanged
            func staysInPartition(_ n: String) -> Bool {
                inPlace && was[n].map { Schema.partition($0) == Schema.partition(province[n]!) } == true
            }
            for (id, l) in links {
                let here = keys.filter { was[$0] != nil && links[id] === link(province: was[$0]!) }
                guard !here.isEmpty else { continue }
                let leaving = here.filter { !staysInPartition($0) }
                let held = Set(here)
                let rows = students.filter { held.contains($0.number.description) }.map(row(of:))
                if inPlace {
                    if !leaving.isEmpty { try l.write(part: "DELETE FROM students WHERE number = ANY(\(leaving))") }
                    try l.write(part: "DELETE FROM student_versions WHERE row = ANY(\(rows))")
                } else {
                    try l.write("DELETE FROM students WHERE number = ANY(\(leaving))")
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
            for (_, l) in links {
                let mine = students.indices.filter { link(province: provinces[$0]) === l }
                guard !mine.isEmpty else { continue }
                var byPartition: [String?: [Int]] = [:]
                for i in mine { byPartition[staysInPartition(keys[i]) ? Schema.partition(provinces[i]) : nil, default: []].append(i) }
                for (partition, these) in byPartition.sorted(by: { ($0.key ?? "") < ($1.key ?? "") }) {
                    try insertStudents(these.map { students[$0] }, provinces: these.map { provinces[$0] }, into: l, registry: registry,
                                       upsertInto: partition)
                }
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
        // Those the entry registers have none yet; the others' change only with a number, an ID
        // number or a status (then the old go first, in a statement of their own).
        let known = keys.filter { !newStudents.contains($0) }
        if !known.isEmpty && identityChanged {
            try coordinator.write(part: "DELETE FROM id_numbers WHERE number = ANY(\(known))")
            coordinator.barrier()
        }
        let carded = students.filter { $0.idCard != nil && (identityChanged || newStudents.contains($0.number.description)) }
        guard !carded.isEmpty else { return }
        try coordinator.write(part: """
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
}
