import Registry

/// A session holding only some students (on a server) fetches those a statement reads in
/// memory before it reads them: those its `where` selects, or a check could find, or all.
extension Session {
    /// Before a statement reads the students of the session's scope in memory (a bulk change, a
    /// check, an export, a query no server answers), a session on a server that holds fewer (a
    /// national one holds only the students named so far) fetches those its `condition`
    /// selects, when the server names them and they are not too many; else every student of
    /// its scope.
    func holdingScope(_ span: SourceSpan, selecting condition: StudentCondition? = nil, asOf: Day? = nil) throws(Diagnostic) {
        let scope = identity?.name ?? .national
        guard !database.holdsStudents(of: scope) else { return }
        var selected: [RegistryNumber]?
        if let condition, let server = queryServer {
            selected = try onServer(span) { () throws(StorageError) in
                try server.numbers(matching: condition, asOf: asOf, limit: Self.heldBySelection, in: registry)
            }
        }
        try holding(span, selected)
    }

    /// Fetches the students `numbers` names, or, when nil, holds every student of the session's scope.
    private func holding(_ span: SourceSpan, _ numbers: [RegistryNumber]?) throws(Diagnostic) {
        do throws(RegistryError) {
            if let numbers { try database.holdStudents(numbered: numbers) } else { try database.holdStudents(of: identity?.name ?? .national) }
        } catch {
            throw Diagnostic(.engine(error.id), at: span, rule: error.rule)
        }
    }

    /// `holdingScope` for a check over students: first those the server says the check could
    /// find among those `condition` selects (dropouts are few of the students a `where` selects).
    func holdingCandidates(_ span: SourceSpan, of kind: Statement.CheckKind, selecting condition: StudentCondition,
                           asOf: Day?) throws(Diagnostic) {
        guard !database.holdsStudents(of: identity?.name ?? .national) else { return }
        if let server = queryServer, let found = try onServer(span, { () throws(StorageError) in
            try server.numbers(checking: kind, matching: condition, asOf: asOf, limit: Self.heldBySelection, in: registry)
        }) {
            return try holding(span, found)
        }
        try holdingScope(span, selecting: condition, asOf: asOf)
    }

    /// What a check with `by` counts, as a count's query (the server counts it so).
    static func checkCount(_ condition: StudentCondition, by: [StudentField], asOf: Day?) -> CountQuery {
        var q = CountQuery()
        q.condition = condition; q.groupBy = by; q.asOf = asOf
        return q
    }

    /// The most students a read fetches by number before it holds every student of its scope instead.
    static let heldBySelection = 50_000
}
