import Registry

/// `explain`: how a statement would find its students (an index, a scan, the server's plan),
/// and `preview` of a bulk change.
extension Session {
    func explain(_ s: Statement.Explain) throws(Diagnostic) -> [OutputItem] {
        var lines: [String] = []
        func say(_ text: ResultText) { lines.append(text.text) }
        /// The server that answers, the statement it is sent, and its plan.
        func sayServer(_ plan: ServerPlan) {
            say(.planServer(server: plan.server))
            say(.planStatement(plan.statement))
            say(.planServerPlan(lines: plan.plan))
        }
        func describe(_ what: ResultText.PlanSubject, _ cond: StudentCondition, asOf: Day?, inMemory: Bool = true) throws(Diagnostic) {
            if inMemory { try holdingScope(s.span, selecting: cond, asOf: asOf) }
            let plan = Planner.plan(cond, in: registry, asOf: asOf)
            say(.planFor(what))
            say(.planAccess(plan.text))
            for (l, n) in plan.alternatives { say(.planConsidered(lookup: "\(l)", rows: n)) }
            if case .always = cond {} else { say(.planFilter) }
        }
        /// A find or count the server answers: what it is sent and its plan, in place of ours.
        func answeredByServer(_ what: ResultText.PlanSubject, _ query: ServerQuery) throws(Diagnostic) -> Bool {
            guard let server = queryServer else { return false }
            let plan = database.inTransaction ? nil
                : try self.onServer(s.span, { () throws(StorageError) in try server.explain(query, in: registry) })
            guard let plan else { return false }
            say(.planFor(what))
            sayServer(plan)
            return true
        }
        /// A student's history the server reads: its statement and plan.
        func historyFromServer(_ number: Located<String>) throws(Diagnostic) {
            guard let server = answeringServer, let (n, _) = try? studentID(number),
                  let plan = try self.onServer(s.span, { () throws(StorageError) in try server.explain(.history(n), in: registry) })
            else { return }
            say(.planHistory)
            sayServer(plan)
        }
        switch s.statement {
        case .find(let f):
            let q = try findQuery(f)
            if try answeredByServer(.find, .find(q)) { break }
            try describe(.find, q.condition, asOf: q.asOf)
            if queryServer != nil { say(.planInMemory) }
            if !q.order.isEmpty { say(.planOrder(keys: q.order.map { "\($0.field.rawValue)\($0.descending ? " desc" : "")" })) }
            if let l = q.limit { say(.planLimit(l)) }
        case .count(let c):
            let q = try countQuery(c)
            if try answeredByServer(.count, .count(q)) { break }
            try describe(.count, q.condition, asOf: q.asOf)
            if queryServer != nil { say(.planInMemory) }
            if !q.groupBy.isEmpty { say(.planGroup(fields: q.groupBy.map(\.rawValue))) }
        case .check(let c):
            let kind = c.kind.value, cond = try studentCondition(c.whereClause)
            if !c.by.isEmpty, try answeredByServer(.check(kind.rawValue),
                                                    .checkCount(kind, Self.checkCount(cond, by: c.by.compactMap(\.studentField), asOf: c.asOf?.value))) {
                break
            }
            // A session holding some students fetches those the server says the check could find.
            let narrowed = [.dropouts, .zoning, .migration, .unconfirmed].contains(kind) && queryServer != nil
                && !database.holdsStudents(of: identity?.name ?? .national)
            // Too many to fetch at once, they are read a part at a time (outside a transaction).
            var partByPart = false
            if narrowed, database.inTransaction { try holdingCandidates(s.span, of: kind, selecting: cond, asOf: c.asOf?.value) }
            else if narrowed, let server = queryServer {
                let found = try onServer(s.span) { () throws(StorageError) in
                    try server.numbers(checking: kind, matching: cond, asOf: c.asOf?.value, limit: Self.heldBySelection, in: registry)
                }
                if let found { try holding(s.span, found) } else { partByPart = true }
            }
            // (Each part is checked as it comes, student by student: no index to plan.)
            if partByPart { say(.planFor(.check(kind.rawValue))) } else {
                try describe(.check(kind.rawValue), cond, asOf: c.asOf?.value,
                             inMemory: narrowed ? false : kind == .duplicates ? answeringServer == nil : ![.pending, .overdue].contains(kind))
            }
            if narrowed, let server = queryServer, let plan = try self.onServer(s.span, { () throws(StorageError) in
                try server.explain(.checkCandidates(kind, cond, asOf: c.asOf?.value, limit: partByPart ? nil : Self.heldBySelection), in: registry)
            }) {
                say(partByPart ? .planInParts(size: Self.heldBySelection) : .planCheckCandidates)
                sayServer(plan)
            }
            if c.kind.value == .duplicates, let server = answeringServer,
               let plan = try self.onServer(s.span, { () throws(StorageError) in try server.explain(.duplicates(asOf: c.asOf?.value), in: registry) }) {
                say(.planDuplicateGroups)
                sayServer(plan)
            }
        case .promote(let p), .graduate(let p):
            if case .matching(let e) = p.target { try describe(.bulkChange, try studentCondition(e), asOf: nil) }
            else { say(.planOneStudent) }
            var graduating = false
            if case .graduate = s.statement { graduating = true }
            return [.message(lines.joined(separator: "\n"))] + (try preview(p, graduating: graduating))
        case .exportStudents(let e):
            let cond = try studentCondition(e.whereClause)
            // A session holding fewer than its scope's students exports them a part at a time.
            var q = FindQuery()
            q.condition = cond; q.columns = [.no]
            if !database.holdsStudents(of: identity?.name ?? .national), !database.inTransaction, let server = queryServer,
               let plan = try self.onServer(s.span, { () throws(StorageError) in try server.explain(.find(q), in: registry) }) {
                say(.planFor(.exportStudents))
                say(.planInParts(size: Self.heldBySelection))
                sayServer(plan)
                break
            }
            try describe(.exportStudents, cond, asOf: nil)
        case .findSchools:
            say(.planSchools(count: registry.schools.count))
        case .show(let x):
            say(.planOneStudent)
            try historyFromServer(x.number)
        case .history(let x):
            say(.planOneStudent)
            try historyFromServer(x.number)
        case .transfer, .suspend, .resume, .withdraw, .correct, .record, .confirm:
            say(.planOneStudent)
        case .enrol(let e):
            if case .newStudent = e.target { say(.planEnrolNew) } else { say(.planEnrolExisting) }
        default:
            say(.planNone)
        }
        return [.message(lines.joined(separator: "\n"))]
    }

    /// What a promote or graduate would do, from a run that is undone at once: the count that
    /// would change, and each student it would skip with the rule and why.
    func preview(_ p: Statement.StageChange, graduating: Bool) throws(Diagnostic) -> [OutputItem] {
        var ids: [StudentID] = []
        switch p.target {
        case .student(let text): ids = [try studentID(text).1]
        case .matching(let e):
            let cond = try studentCondition(e)
            try holdingScope(p.span, selecting: cond)
            QueryExecutor.forEachMatch(cond, plan: Planner.plan(cond, in: registry), in: registry) { id, _ in ids.append(id) }
        }
        let r = try engine(p.span) { () throws(RegistryError) in
            try registry.preview(graduating: graduating, ids, on: p.on?.value, progress: progress)
        }
        let summary = ResultText.bulk(graduating ? .wouldGraduate : .wouldPromote, changed: r.changed, skipped: r.skipped).text
            + ResultText.nothingChanged.text
        guard !r.refusals.isEmpty else { return [.message(summary)] }
        let rows: [[Value]] = r.refusals.map { x in
            let st = registry.student(x.student)
            return [.text(st.number.description), .text(st.name), .text(registry.school(at: st.schoolIndex).code.description),
                    .int(st.grade), .text(x.error.rule?.id ?? ""), .text(x.error.id.text)]
        }
        let cols: [ResultTable.Column] = [.init("no", .text), .init("name", .text), .init("school", .text), .init("grade", .int),
                                          .init("rule", .text), .init("why", .text)]
        return [.message(summary), .table(ResultTable(columns: cols, rows: rows, footer: ResultText.skippedStudents(rows.count).text))]
    }
}
