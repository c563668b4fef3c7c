import PostgresNIO
import Registry

/// Which server holds each province's rows on a sharded registry, as the coordinator's `shards`
/// table says: read at open, and again whenever a catch-up finds it changed (`xueji pg move`).
extension PostgresStore {
    /// The `shards` table: each shard's name, address and partitions.
    static func shardRows(_ db: PGClient) throws(PGError) -> [(String, String, [String])] {
        try db.query("SELECT name, address, provinces FROM shards ORDER BY name").compactMap {
            try? $0.decode((String, String, [String]).self)
        }
    }

    /// The `shards` table in one text, compared at every catch-up.
    static let routingSQL = """
        SELECT coalesce(string_agg(name || ' ' || address || ' ' || array_to_string(provinces, ','), ';' ORDER BY name), '') AS routing
        FROM shards
        """

    /// Routes each partition to the shard the `shards` table names, keeping the connections to
    /// shards that stay where they were and closing those to shards no longer listed.
    func reroute(_ rows: [(String, String, [String])]) throws(StorageError) {
        var old = Dictionary(shards.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var links: [ShardLink] = []
        var newRoute: [String: ShardLink] = [:]
        for p in Schema.partitions { newRoute[p] = coordinator }
        for (name, address, provinces) in rows {
            guard var shardURL = PostgresURL(address) else { throw StorageError(.refused, .badServerAddress(address)) }
            if shardURL.password == nil { shardURL.password = url.password }
            let link: ShardLink
            if let kept = old[name], kept.db.url == shardURL {
                link = kept
                old[name] = nil
            } else {
                link = ShardLink(name: name, db: try PGClient(shardURL), isCoordinator: false)
                // A newer xueji's migrations reach the shards' tables too.
                try Schema.check(link.db)
            }
            links.append(link)
            for p in provinces { newRoute[p] = link }
        }
        for gone in old.values { gone.db.close() }
        shards = links
        route = newRoute
    }
}
