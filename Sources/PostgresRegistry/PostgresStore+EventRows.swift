import PostgresNIO
import Registry

/// The events' rows as `history` in SQL reads them: one per event, on the link that holds its
/// student's province, with who recorded it and why, and its journal record.
extension PostgresStore {
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
                if start > 0 && l.queuesWrites { try l.db.flush() }
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
}
