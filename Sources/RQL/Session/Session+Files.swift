import Registry

/// `import` and `export`: CSV files in the import columns (UTF-8, or GB18030 as Excel saves
/// it; `export … bom` starts the file with the byte-order mark Excel needs), all rows or none.
extension Session {
    func importFile(_ s: Statement.Import, students: Bool) throws(Diagnostic) -> [OutputItem] {
        let path = s.path.value
        // A school's import in a governed registry is one request, approved whole by its county.
        if students, registry.isGoverned, let me = identity?.name {
            let pending = try engine(s.path.span) { () throws(RegistryError) in try registry.importChange(fromFile: path, by: me) }
            if let opened = try requestIfNeeded(pending, at: s.path.span) { return opened }
        }
        let result = try change(s.path.span, label: students ? "import students" : "import schools") { () throws(RegistryError) in
            students ? try registry.importStudents(fromFile: path, progress: progress)
                     : try registry.importSchools(fromFile: path)
        }
        var out: [OutputItem] = [.said(.imported(count: result.imported, students: students, file: path)),
                                 .acknowledgement(students ? "import students" : "import schools", [
                                    "file": .text(path), "imported": .int(result.imported), "flagged": .int(result.flagged)])]
        if result.flagged > 0 {
            let warning = RegistryWarning(.r15, .lifecycle(.importedOutsideHukou(count: result.flagged)))
            out.append(.message(warning.description))
        }
        return out
    }

    func export(_ s: Statement.Export, students: Bool) throws(Diagnostic) -> [OutputItem] {
        let path = s.path.value
        if students {
            let cond = try studentCondition(s.whereClause)
            if let n = try exportInParts(s, cond) {
                return [.said(.exported(count: n, students: true, file: path)),
                        .acknowledgement("export students", ["file": .text(path), "exported": .int(n)])]
            }
            try holdingScope(s.span, selecting: cond)
            var ids: [StudentID] = []
            QueryExecutor.forEachMatch(cond, plan: Planner.plan(cond, in: registry), in: registry) { id, _ in ids.append(id) }
            let n = try engine(s.path.span) { () throws(RegistryError) in try registry.exportStudents(to: path, ids, bom: s.bom != nil) }
            return [.said(.exported(count: n, students: true, file: path)),
                    .acknowledgement("export students", ["file": .text(path), "exported": .int(n)])]
        }
        // In a governed registry, the schools of the actor's scope only (R18).
        let scope = schoolScope
        let indexes = scope.map { c in registry.schools.indices.filter { i in c.matches { registry.value($0, ofSchoolAt: i) } } }
        try engine(s.path.span) { () throws(RegistryError) in try registry.exportSchools(to: path, indexes, bom: s.bom != nil) }
        let n = indexes?.count ?? registry.schools.count
        return [.said(.exported(count: n, students: false, file: path)),
                .acknowledgement("export schools", ["file": .text(path), "exported": .int(n)])]
    }

    /// A session on a server holding fewer students than its scope's exports those `condition`
    /// selects a part at a time, in the registry's order (the server names them): each part
    /// fetched, written and forgotten, so that its memory is one part's, not the registry's.
    /// Nil when it holds them all, is in a transaction (the server does not see its changes
    /// yet), or the server cannot say.
    private func exportInParts(_ s: Statement.Export, _ condition: StudentCondition) throws(Diagnostic) -> Int? {
        guard !database.holdsStudents(of: identity?.name ?? .national), !database.inTransaction, let server = queryServer,
              let parts = try onServer(s.span, { () throws(StorageError) in
                  try server.numberParts(matching: condition, size: Self.heldBySelection, in: registry)
              }) else { return nil }
        defer { parts.close() }
        let out = try engine(s.path.span) { () throws(RegistryError) in try StudentExport(to: s.path.value, bom: s.bom != nil) }
        try inParts(s.path.span, parts) { (ids: [StudentID]) throws(RegistryError) in
            // The engine's own condition decides, as for every student read in memory.
            var chosen: [StudentID] = []
            QueryExecutor.forEachMatch(condition, among: ids, asOf: nil, in: registry) { id, _ in chosen.append(id) }
            try out.append(chosen, of: registry)
        }
        return try engine(s.path.span) { () throws(RegistryError) in try out.finish() }
    }
}
