import PostgresNIO
import Registry

/// The tables a registry keeps on PostgreSQL, made by numbered migrations that `xueji pg init`
/// (and every open) applies in order; `xueji_migrations` records which ran. A migration is
/// never edited once released: a change to the schema is a new one at the end.
enum Schema {
    /// The provinces' GB/T 2260 codes: the list partitions of students and events (省级统筹).
    static let provinces: [Int] = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                                   50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]

    /// The partitions' names: the provinces, and `other` for any other district (a test
    /// registry's 99xxxx).
    static let partitions: [String] = provinces.map { String($0) } + ["other"]

    /// The partition a province's rows are in (`41`, or `other`).
    static func partition(_ province: Int) -> String {
        provinces.contains(province) ? String(province) : "other"
    }

    /// A province's partitions of students and events. The keys are the partitions' own: a
    /// parent whose partitions may be foreign tables on shards can carry no unique index.
    static func partitionSQL(_ p: String) -> [String] {
        let bounds = p == "other" ? "DEFAULT" : "FOR VALUES IN (\(p))"
        return [
            "CREATE TABLE students_\(p) PARTITION OF students \(bounds)",
            "ALTER TABLE students_\(p) ADD PRIMARY KEY (number)",
            "CREATE INDEX ON students_\(p) (school, grade)",
            "CREATE TABLE events_\(p) PARTITION OF events \(bounds)",
            "ALTER TABLE events_\(p) ADD PRIMARY KEY (number, entry, position)",
        ]
    }

    /// One step of the schema.
    struct Migration {
        var version: Int
        var description: String
        var sql: [String]
    }

    /// A province's partition of the students' versions.
    static func versionPartitionSQL(_ p: String) -> [String] {
        let bounds = p == "other" ? "DEFAULT" : "FOR VALUES IN (\(p))"
        return [
            "CREATE TABLE student_versions_\(p) PARTITION OF student_versions \(bounds)",
            "CREATE INDEX ON student_versions_\(p) USING gist (valid)",
            "CREATE INDEX ON student_versions_\(p) (row)",
        ]
    }

    /// Every district code with the name queries show for it (the current one, or the last).
    static var districtNames: (codes: [Int32], names: [String]) {
        var codes: [Int32] = [], names: [String] = []
        for e in DistrictTable.standard.entries {
            guard let n = DistrictTable.standard.name(of: e.code) else { continue }
            codes.append(Int32(e.code)); names.append(n)
        }
        return (codes, names)
    }

    /// `number_aliases` filled from the events: each L number a student's number changed from,
    /// to the number the student has now (none when an undone change made it theirs again).
    static let aliasesFromEvents = """
        INSERT INTO number_aliases (alias, number)
        SELECT DISTINCT ON (c->>'before') c->>'before', e.number
        FROM events e, jsonb_array_elements(e.changes) c
        WHERE e.changes @> '[{"field": "no"}]' AND c->>'field' = 'no' AND c->>'before' LIKE 'L%' AND c->>'before' <> e.number
        ORDER BY c->>'before', e.entry DESC, e.position DESC
        ON CONFLICT (alias) DO UPDATE SET number = excluded.number
        """

    /// Each province's last entry (`province`, `seq`, `hash`) as the journal's links say: the
    /// last entry linked to it (`journal.links`: 33 bytes a province, its code first).
    static let provinceHeadsFromJournal = """
        SELECT DISTINCT ON (p) p::smallint AS province, seq, hash
        FROM (SELECT get_byte(links, i * 33) AS p, seq, hash
              FROM journal, generate_series(0, length(links) / 33 - 1) AS i WHERE links IS NOT NULL) l
        ORDER BY p, seq DESC
        """

    /// The newest version this xueji knows.
    static var latest: Int { migrations.last!.version }

    /// The version the database is at: 0 when it holds no xueji schema.
    static func version(_ db: PGClient) throws(PGError) -> Int {
        let rows = try db.query("SELECT to_regclass('xueji_migrations') IS NOT NULL")
        guard let row = rows.first, (try? row.decode(Bool.self)) == true else { return 0 }
        let v = try db.query("SELECT coalesce(max(version), 0)::bigint FROM xueji_migrations")
        return Int((try? v.first?.decode(Int64.self)) ?? 0)
    }

    /// Applies the migrations the database lacks, each in its own transaction; returns those applied.
    @discardableResult
    static func migrate(_ db: PGClient) throws(StorageError) -> [Migration] {
        let current: Int
        do throws(PGError) {
            try db.run("SELECT pg_advisory_lock(7461)")        // two `pg init`s at once take turns
            try db.run("""
                CREATE TABLE IF NOT EXISTS xueji_migrations (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """)
            current = try version(db)
        } catch { throw error.storage(db.url) }
        defer { try? db.run("SELECT pg_advisory_unlock(7461)") }
        guard current <= latest else {
            throw StorageError(.refused, .schemaTooNew(address: db.url.description, found: current, known: latest))
        }
        var applied: [Migration] = []
        do throws(PGError) {
            for m in migrations where m.version > current {
                try db.transaction { () throws(PGError) in
                    for statement in m.sql { try db.run(statement) }
                    if m.version == 1 {
                        try db.query("INSERT INTO xueji_head (seq, hash) VALUES (0, \(ByteBuffer(bytes: JournalChain.genesis)))")
                    }
                    if m.version == 4 {
                        let (codes, names) = districtNames
                        try db.query("INSERT INTO districts (code, name) SELECT * FROM unnest(\(codes), \(names))")
                    }
                    try db.query("INSERT INTO xueji_migrations (version, description) VALUES (\(m.version), \(m.description))")
                }
                applied.append(m)
            }
        } catch { throw error.storage(db.url) }
        return applied
    }

    /// Refuses a database without the schema, or with a newer one than this xueji knows.
    static func check(_ db: PGClient) throws(StorageError) {
        let v: Int
        do throws(PGError) { v = try version(db) } catch { throw error.storage(db.url) }
        if v == 0 { throw StorageError(.refused, .schemaMissing(address: db.url.description)) }
        if v > latest { throw StorageError(.refused, .schemaTooNew(address: db.url.description, found: v, known: latest)) }
        if v < latest { try migrate(db) }
        do throws(PGError) { try refreshDistricts(db) } catch { throw error.storage(db.url) }
    }

    /// The districts' names as this xueji's GB/T 2260 table has them: a newer xueji's table
    /// (districts renamed, added) reaches a database made by an older one, so that `hukou.name`
    /// and `school.district.name` answer in SQL as in memory.
    static func refreshDistricts(_ db: PGClient) throws(PGError) {
        let (codes, names) = districtNames
        var held: [Int32: String] = [:]
        for row in try db.query("SELECT code, name FROM districts") {
            if let (c, n) = try? row.decode((Int32, String).self) { held[c] = n }
        }
        guard held.count != codes.count || zip(codes, names).contains(where: { held[$0] != $1 }) else { return }
        try db.transaction { () throws(PGError) in
            try db.run("DELETE FROM districts")
            try db.query("INSERT INTO districts (code, name) SELECT * FROM unnest(\(codes), \(names))")
        }
    }
}
