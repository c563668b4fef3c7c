import Registry

/// `import` and `export`: CSV through the durable store (all rows or none).
extension Session {
    func importFile(_ s: Statement.Import, students: Bool) throws(Diagnostic) -> [OutputItem] {
        guard let storage else { throw Diagnostic("import needs the CSV reader of the registry store, which this session lacks", at: s.span) }
        do {
            let n = students ? try storage.importStudents(from: s.path.value, progress: progress)
                             : try storage.importSchools(from: s.path.value, progress: progress)
            return [.message("imported \(QueryExecutor.countPhrase(n, students ? "student" : "school")) from \(s.path.value)")]
        } catch let e as Diagnostic {
            throw e
        } catch {
            throw Diagnostic("\(error)", at: s.path.span)
        }
    }

    func export(_ s: Statement.Export, students: Bool) throws(Diagnostic) -> [OutputItem] {
        guard let storage else { throw Diagnostic("export needs the CSV writer of the registry store, which this session lacks", at: s.span) }
        var ids: [StudentID] = []
        if students {
            let cond = try studentCondition(s.whereClause)
            QueryExecutor.forEachMatch(cond, plan: Planner.plan(cond, in: registry), in: registry) { id, _ in ids.append(id) }
        }
        do {
            let n = students ? try storage.exportStudents(to: s.path.value, ids: ids) : try storage.exportSchools(to: s.path.value)
            return [.message("exported \(QueryExecutor.countPhrase(n, students ? "student" : "school")) to \(s.path.value)")]
        } catch {
            throw Diagnostic("\(error)", at: s.path.span)
        }
    }
}
