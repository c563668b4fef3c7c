import PostgresNIO
import Registry

/// The journal's entries as the server returns them: all after a sequence, or a part of at
/// most so many bytes of payloads (a session never holds the whole journal at once), with the
/// routing on a sharded registry.
extension PostgresStore {
    /// Entries from rows of `entryColumns`; `withHead`: each row ends with the routing
    /// (`routingSQL`, empty on one server) and the head's sequence, and a row without an entry
    /// carries only those.
    func chained(_ rows: [PostgresRow], withHead: Bool = false) throws(StorageError) -> [ChainedEntry] {
        var out: [ChainedEntry] = []
        out.reserveCapacity(rows.count)
        for row in rows {
            let decoded: (Int64, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer?)?
            if withHead {
                guard let r = try? row.decode((Int64?, ByteBuffer?, ByteBuffer?, ByteBuffer?, ByteBuffer?, String?, Int64?).self) else {
                    throw StorageError(.damaged, .entryUnreadable)
                }
                guard let seq = r.0 else { continue }
                guard let prev = r.1, let payload = r.2, let hash = r.3 else { throw StorageError(.damaged, .entryUnreadable) }
                decoded = (seq, prev, payload, hash, r.4)
            } else {
                decoded = try? row.decode((Int64, ByteBuffer, ByteBuffer, ByteBuffer, ByteBuffer?).self)
            }
            guard let (seq, prev, payload, hash, links) = decoded,
                  let linked = ProvinceLink.decode(links.map { Array(buffer: $0) } ?? []) else {
                throw StorageError(.damaged, .entryUnreadable)
            }
            out.append(ChainedEntry(sequence: UInt64(seq), previous: Array(buffer: prev), payload: Array(buffer: payload),
                                    hash: Array(buffer: hash), links: linked))
        }
        return out
    }

    package func entries(after sequence: UInt64) throws(StorageError) -> [ChainedEntry] {
        try entries(after: sequence, bytes: nil).entries
    }

    package func entries(after sequence: UInt64, atMost bytes: Int) throws(StorageError) -> (entries: [ChainedEntry], more: Bool) {
        try entries(after: sequence, bytes: bytes)
    }

    /// The entries of a session holding some students: those of provinces it does not follow
    /// without their payload (`payload(wholeFor:)`).
    package func entries(after sequence: UInt64, atMost bytes: Int, wholeFor provinces: Set<UInt8>?) throws(StorageError) -> (entries: [ChainedEntry], more: Bool) {
        try entries(after: sequence, bytes: bytes, wholeFor: provinces)
    }

    /// The payload column: whole for an entry that carries what every session keeps, that is
    /// linked to one of `provinces` (or to none: one chain), else empty.
    private static func payload(wholeFor provinces: Set<UInt8>?) -> String {
        guard let provinces else { return "j.payload" }
        let wanted = provinces.sorted().map { String($0) }.joined(separator: ",")
        return """
            CASE WHEN j.shared IS NOT false OR coalesce(octet_length(j.links), 0) = 0\(wanted.isEmpty ? "" : """
                 OR EXISTS (SELECT 1 FROM generate_series(0, octet_length(j.links) / 33 - 1) i
                            WHERE get_byte(j.links, i * 33) IN (\(wanted)))
                """) THEN j.payload ELSE '\\x'::bytea END
            """
    }

    /// Entries after `sequence`; with `bytes`, the first whose payloads fit in it (at least one):
    /// the server sums the payloads' sizes (the toast headers', not the payloads read). `more`:
    /// the journal holds entries after the last returned (read with it, so no second trip is
    /// needed to find that there are none). On shards the routing comes with them: a session
    /// follows a province moved to another shard (`xueji pg move`) before its statement reads or
    /// writes there.
    func entries(after sequence: UInt64, bytes: Int?, wholeFor provinces: Set<UInt8>? = nil) throws(StorageError) -> (entries: [ChainedEntry], more: Bool) {
        let rows: [PostgresRow]
        let after = Int64(min(sequence, UInt64(Int64.max)))
        // (Only numbers are put in the text.)
        let window = bytes.map { bytes in
            """
             AND j.seq <= (SELECT coalesce(max(w.seq), \(after + 1)) FROM (
                 SELECT seq, sum(octet_length(payload)) OVER (ORDER BY seq) AS total FROM journal
                 WHERE seq > \(after) ORDER BY seq LIMIT 100000) w WHERE w.total <= \(bytes))
            """
        } ?? ""
        let sharded = !shards.isEmpty
        var moved: (routing: String, shards: [(String, String, [String])])?
        var head: Int64?
        do throws(PGError) {
            if !inWrite && !db.isOpen { try reconnect() }
            rows = try db.query(PostgresQuery(unsafeSQL: """
                WITH r AS (SELECT \(sharded ? "(\(Self.routingSQL))" : "''") AS routing, (SELECT seq FROM xueji_head) AS head)
                SELECT j.seq, j.prev, \(Self.payload(wholeFor: provinces)), j.hash, j.links, r.routing, r.head FROM r LEFT JOIN journal j ON j.seq > \(after)\(window)
                ORDER BY j.seq
                """))
            let first = try? rows.first?.decode((Int64?, ByteBuffer?, ByteBuffer?, ByteBuffer?, ByteBuffer?, String, Int64).self)
            head = first?.6
            if sharded, let now = first?.5, now != routing {
                moved = (now, try Self.shardRows(db))
            }
        } catch { throw error.storage(url) }
        if let moved {
            try reroute(moved.shards)
            routing = moved.routing
        }
        let entries = try chained(rows, withHead: true)
        return (entries, (entries.last?.sequence).map { Int64($0) < (head ?? 0) } ?? false)
    }
}
