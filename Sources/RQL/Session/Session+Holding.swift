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
    func holding(_ span: SourceSpan, _ numbers: [RegistryNumber]?) throws(Diagnostic) {
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

    /// Before a check over students runs in memory, a session holding fewer than its scope's
    /// fetches those the server says it could find; when they are too many, it checks them a
    /// part at a time instead (outside a transaction), each part fetched, checked and forgotten,
    /// and returns the table. Nil: the check is to run in memory, on the students now held.
    func checkHolding(_ span: SourceSpan, _ kind: Statement.CheckKind, where condition: StudentCondition, by: [StudentField],
                      asOf: Day?) throws(Diagnostic) -> ResultTable? {
        guard !database.holdsStudents(of: identity?.name ?? .national) else { return nil }
        if let server = queryServer, !database.inTransaction {
            if let found = try onServer(span, { () throws(StorageError) in
                try server.numbers(checking: kind, matching: condition, asOf: asOf, limit: Self.heldBySelection, in: registry)
            }) {
                try holding(span, found)
                return nil
            }
            if let parts = try onServer(span, { () throws(StorageError) in
                try server.numberParts(checking: kind, matching: condition, asOf: asOf, size: Self.heldBySelection, in: registry)
            }) {
                defer { parts.close() }
                var found: [CheckExecutor.Finding] = [], groups: [[Value]: Int] = [:]
                try inParts(span, parts) { (ids: [StudentID]) throws(RegistryError) in
                    let f = CheckExecutor.findings(kind, where: condition, asOf: asOf, in: registry, among: ids)
                    if by.isEmpty { found += f } else {
                        groups.merge(CheckExecutor.counts(f.map(\.id), by: by, asOf: asOf, registry), uniquingKeysWith: +)
                    }
                }
                return by.isEmpty ? CheckExecutor.table(kind, found) : CheckExecutor.countTable(groups, by: by)
            }
        }
        try holdingCandidates(span, of: kind, selecting: condition, asOf: asOf)
        return nil
    }

    /// Fetches each part `parts` names, calls `body` with the part's students (in its order), and
    /// forgets them (a Ctrl-C stops between parts).
    func inParts(_ span: SourceSpan, _ parts: any NumberParts, _ body: ([StudentID]) throws(RegistryError) -> Void) throws(Diagnostic) {
        while let numbers = try onServer(span, { () throws(StorageError) in try parts.next() }) {
            if registry.cancellation.isCancelled { throw Diagnostic(.engine(RegistryError.interrupted.id), at: span) }
            try engine(span) { () throws(RegistryError) in
                try database.withStudents(numbered: numbers) { () throws(RegistryError) in
                    try body(numbers.compactMap { registry.find($0) })
                }
            }
        }
    }

    /// What a check with `by` counts, as a count's query (the server counts it so).
    static func checkCount(_ condition: StudentCondition, by: [StudentField], asOf: Day?) -> CountQuery {
        var q = CountQuery()
        q.condition = condition; q.groupBy = by; q.asOf = asOf
        return q
    }

    /// The most students a read fetches by number at once: more, and it reads them a part of
    /// this many at a time (an export, a check), or holds every student of its scope.
    nonisolated(unsafe) package static var heldBySelection = 50_000
}
