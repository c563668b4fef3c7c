import PostgresRegistry
import PostgresRQL
import Registry
import Shell

/// `postgres://…` addresses, opened by the PostgreSQL backend: the one place the executable
/// joins the shell to it, so that the Shell module links no database client.
extension RegistryBackend {
    static let postgres = RegistryBackend(
        handles: { PostgresURL.looksLikeOne($0) },
        open: { (address: String, today: Day, readOnly: Bool, fixedClock: Bool, scope: ActorName?) throws(StorageError) -> any RegistryDatabase in
            let db = try PostgresRegistry.open(url(address), today: today, readOnly: readOnly, scope: scope)
            db.clockIsFixed = fixedClock
            return db
        },
        copyIn: { (entries: [ChainedEntry], address: String, today: Day) throws(StorageError) -> Int in
            try PostgresRegistry.copy(entries, into: url(address), today: today)
        },
        initialize: { (address: String, shards: [String]) throws(StorageError) -> (applied: [String], version: Int, shards: [(String, String, [String])]) in
            var shardURLs: [PostgresURL] = []
            for s in shards { shardURLs.append(try url(s)) }
            let applied = try PostgresRegistry.initialize(url(address), shards: shardURLs)
            let placed = shards.isEmpty ? [] : try PostgresRegistry.shards(of: url(address)).map { ($0.name, $0.address, $0.partitions) }
            return (applied.map { "\($0.version): \($0.description)" }, PostgresRegistry.schemaVersion, placed)
        },
        move: { (address: String, partition: String, target: String) throws(StorageError) -> RegistryBackend.ProvinceMove in
            let m = try PostgresRegistry.move(url(address), partition: partition, to: target)
            let placed = try PostgresRegistry.shards(of: url(address)).map { ($0.name, $0.address, $0.partitions) }
            return RegistryBackend.ProvinceMove(from: m.from, to: m.to, students: m.students, events: m.events, versions: m.versions,
                                                leftOn: m.leftOn, shards: placed)
        },
        queries: { SQLQueries($0) })

    private static func url(_ address: String) throws(StorageError) -> PostgresURL {
        guard let u = PostgresURL(address) else { throw StorageError(.refused, .badServerAddress(address)) }
        return u
    }
}
