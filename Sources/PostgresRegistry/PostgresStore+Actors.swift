import PostgresNIO
import Registry

/// The actors mirrored as PostgreSQL roles (privacy in the database too).
extension PostgresStore {
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
