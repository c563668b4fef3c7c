import Registry

/// The statements that read: find, count, show, history, check, rules, verify (`explain`: Session+Explain.swift).
extension Session {
    func findQuery(_ s: Statement.Find) throws(Diagnostic) -> FindQuery {
        var q = FindQuery()
        q.condition = try studentCondition(s.whereClause)
        q.columns = s.columns
        for k in s.orderBy {
            guard let f = k.field.studentField else { throw Diagnostic(.notAStudentField(field: k.field.name), at: k.field.span) }
            q.order.append((f, k.descending))
        }
        q.limit = s.limit?.value
        q.asOf = s.asOf?.value
        return q
    }

    func find(_ s: Statement.Find) throws(Diagnostic) -> [OutputItem] {
        let q = try findQuery(s)
        if let server = answeringServer,
           let rows = try onServer(s.span, { () throws(StorageError) in try server.find(q, in: registry) }) {
            return [.table(QueryExecutor.findTable(q, rows: rows))]
        }
        try holdingScope(s.span, selecting: q.condition, asOf: q.asOf)
        return [.table(QueryExecutor.find(q, in: registry))]
    }

    /// The server that answers queries now: none inside a transaction, whose changes only the
    /// registry in memory holds until `commit`.
    var answeringServer: (any QueryServer)? {
        database.inTransaction ? nil : queryServer
    }

    /// Runs a server's answer; a server that fails is the statement's error.
    func onServer<T>(_ span: SourceSpan, _ body: () throws(StorageError) -> T) throws(Diagnostic) -> T {
        do throws(StorageError) { return try body() } catch {
            throw Diagnostic(.engine(.storage(error.id)), at: span)
        }
    }

    func countQuery(_ s: Statement.Count) throws(Diagnostic) -> CountQuery {
        var q = CountQuery()
        q.condition = try studentCondition(s.whereClause, asking: s.by.contains { $0.studentField == .status })
        for ref in s.by {
            guard let f = ref.studentField else { throw Diagnostic(.notAStudentField(field: ref.name), at: ref.span) }
            q.groupBy.append(f)
        }
        q.asOf = s.asOf?.value
        return q
    }

    func count(_ s: Statement.Count) throws(Diagnostic) -> [OutputItem] {
        let q = try countQuery(s)
        var t: ResultTable
        if let server = answeringServer,
           let groups = try onServer(s.span, { () throws(StorageError) in try server.count(q, in: registry) }) {
            t = QueryExecutor.countTable(q, groups: groups)
        } else {
            try holdingScope(s.span, selecting: q.condition, asOf: q.asOf)
            t = QueryExecutor.count(q, in: registry)
        }
        guard !s.orderBy.isEmpty || s.limit != nil || s.share else { return [.table(t)] }
        let countColumn = t.columns.count - 1
        var keys: [(index: Int, descending: Bool)] = []
        for k in s.orderBy {
            if k.key.value == "count" { keys.append((countColumn, k.descending)); continue }
            guard let i = s.by.firstIndex(where: { $0.name == k.key.value }) else {
                throw Diagnostic(.countOrderNotInBy(key: k.key.value, by: s.by.map(\.name)), at: k.key.span)
            }
            keys.append((i, k.descending))
        }
        if !keys.isEmpty {
            t.rows.sort { a, b in
                for k in keys where a[k.index] != b[k.index] { return k.descending ? b[k.index] < a[k.index] : a[k.index] < b[k.index] }
                return false
            }
        }
        let total = t.rows.reduce(0) { sum, row in if case .int(let n) = row[countColumn] { return sum + n }; return sum }
        let groups = t.rows.count
        if let limit = s.limit?.value, t.rows.count > limit {
            t.rows.removeLast(t.rows.count - limit)
            t.footer = ResultText.firstGroups(limit: limit, groups: groups, students: total).text
        }
        if s.share {
            t.columns.append(.init("share", .text))
            for i in t.rows.indices {
                guard case .int(let n) = t.rows[i][countColumn], total > 0 else { t.rows[i].append(.null); continue }
                t.rows[i].append(.text(String(format: "%.1f%%", Double(n) * 100 / Double(total))))
            }
        }
        return [.table(t)]
    }

    /// The fields `show` lists, in reading order.
    static let recordFields: [StudentField] = [.no, .id_card, .name, .gender, .birth, .age, .ethnicity, .hukou,
                                               .school, .schoolName, .schoolStage, .grade, .class, .status, .enrolledOn,
                                               .migrant, .leftBehind]

    func show(_ s: Statement.Show) throws(Diagnostic) -> [OutputItem] {
        let (n, id) = try studentID(s.number, scoped: false)
        // Out of the scope now, but in it on the day asked about: a former student as they were then.
        var former = false
        if !inScope(id) {
            if let day = s.asOf?.value, inScope(id, asOf: day) {
                former = true
            } else if s.asOf == nil, let stay = formerStay(id) {
                let events = eventsUntilLeaving(try events(of: n, id, s.span), left: stay.left)
                return [.table(recordTable(stay.record, on: stay.left.adding(days: -1))), .table(historyTable(events)),
                        .said(.formerStudent(left: stay.left.description))]
            } else {
                // Outside its scope an actor sees a student only through an open request it is party
                // to, and then only the basic fields (WORKFLOW.md, "Privacy").
                guard s.asOf == nil, let me = identity?.name, let r = registry.openRequest(for: n),
                      r.startedBy == me || r.parties.contains(me) else {
                    throw Diagnostic(.outsideScope(number: n.description, actor: identity?.name.description), at: s.number.span, rule: .r18)
                }
                let st = registry.student(id)
                let record = ResultTable(columns: Session.basicFields.map { .init($0.rawValue, $0.valueType) },
                                         rows: [Session.basicFields.map { registry.value($0, of: st, on: registry.today) }], style: .record)
                return [.table(record), .said(.outsideScopeBasicFields(request: r.number))]
            }
        }
        let day = s.asOf?.value ?? registry.today
        guard let st = s.asOf == nil ? registry.student(id) : registry.student(id, asOf: day) else {
            throw Diagnostic(.notYetRegistered(number: n.description, day: day.description), at: s.asOf!.span)
        }
        let events = try events(of: n, id, s.span).filter { $0.effective <= day }
        return [.table(recordTable(st, on: day)), .table(historyTable(events))] + (former ? [] : requestSteps(n))
    }

    /// A student's record as `show` lists it, its ages and the like as on `day`.
    func recordTable(_ st: Student, on day: Day) -> ResultTable {
        ResultTable(columns: Session.recordFields.map { .init($0.rawValue, $0.valueType) },
                    rows: [Session.recordFields.map { registry.value($0, of: st, on: day) }], style: .record)
    }

    func history(_ s: Statement.History) throws(Diagnostic) -> [OutputItem] {
        let (n, id) = try studentID(s.number, scoped: false)
        guard inScope(id) else {
            guard let stay = formerStay(id) else {
                throw Diagnostic(.outsideScope(number: n.description, actor: identity?.name.description), at: s.number.span, rule: .r18)
            }
            return [.table(historyTable(eventsUntilLeaving(try events(of: n, id, s.span), left: stay.left))),
                    .said(.formerStudent(left: stay.left.description))]
        }
        return [.table(historyTable(try events(of: n, id, s.span)))] + requestSteps(n)
    }

    /// A student's history: from the server's events table when one answers, else from memory.
    func events(of n: RegistryNumber, _ id: StudentID, _ span: SourceSpan) throws(Diagnostic) -> [Event] {
        if let server = answeringServer,
           let events = try onServer(span, { () throws(StorageError) in try server.history(of: n, in: registry) }) {
            return events
        }
        return registry.history(of: id)
    }

    /// What a party outside the scope sees of a student in a request it is party to.
    static let basicFields: [StudentField] = [.no, .name, .gender, .birth, .school, .schoolName, .grade, .status]

    /// Whether the session's scope holds the student (always, in an open registry).
    func inScope(_ id: StudentID) -> Bool {
        guard let scope = studentScope else { return true }
        return scope.matches { registry.value($0, of: id) }
    }

    /// Every step of the requests about a student (who, when, what), when there are any.
    func requestSteps(_ n: RegistryNumber) -> [OutputItem] {
        let rows: [[Value]] = registry.requests.filter { $0.student == n }.flatMap { r in
            r.steps.map { [.text("#\(r.number) \(r.change.kind)"), .date($0.day), .text($0.actor.description), .text($0.what)] }
        }
        guard !rows.isEmpty else { return [] }
        return [.table(ResultTable(columns: [.init("request", .text), .init("day", .date), .init("actor", .text), .init("step", .text)],
                                   rows: rows, footer: ResultText.count(rows.count, .requestStep).text))]
    }

    /// The dated history as a table: effective date, recorded time, actor, event, changes, reason.
    func historyTable(_ events: [Event]) -> ResultTable {
        let rows: [[Value]] = events.map { e in
            var what: String
            if e.kind == .record {
                what = "\(e.growth?.rawValue ?? "record"): \(e.text ?? "")"
            } else if e.kind == .confirm {
                what = ResultText.guardianConfirmed(guardian: e.text ?? "", relation: e.relation ?? "").text
            } else if e.changes.allSatisfy({ $0.before.isNull }) {
                what = e.changes.map { "\($0.field.rawValue) = \($0.after)" }.joined(separator: ", ")
            } else {
                what = e.changes.map { "\($0.field.rawValue) \(Session.show($0.before)) → \(Session.show($0.after))" }.joined(separator: ", ")
            }
            return [.date(e.effective), .text(Session.timestamp(e.recordedAt)), .text(e.actor), .text(e.kind.rawValue),
                    .text(what), e.reason.map(Value.text) ?? .null]
        }
        return ResultTable(columns: [.init("effective", .date), .init("recorded", .text), .init("actor", .text),
                                     .init("event", .text), .init("change", .text), .init("reason", .text)],
                           rows: rows, footer: ResultText.count(rows.count, .event).text)
    }

    /// `YYYY-MM-DD HH:MM:SS` (UTC) for a recorded-at time.
    static func timestamp(_ seconds: Int64) -> String {
        let day = Day(rawValue: Int32(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400))
        let rest = Int(seconds - Int64(day.rawValue) * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))"
    }

    func check(_ s: Statement.Check) throws(Diagnostic) -> [OutputItem] {
        switch s.kind.value {
        case .pending: return checkRequests(overdue: false)
        case .overdue: return checkRequests(overdue: true)
        default: break
        }
        let cond = try studentCondition(s.whereClause)
        var by: [StudentField] = []
        for ref in s.by {
            guard let f = ref.studentField else { throw Diagnostic(.notAStudentField(field: ref.name), at: ref.span) }
            by.append(f)
        }
        // Counted by the server where it tests the check itself (at national scale, in place of
        // loading every student the check could find).
        if !by.isEmpty, let server = answeringServer {
            let q = Self.checkCount(cond, by: by, asOf: s.asOf?.value)
            if let groups = try onServer(s.span, { () throws(StorageError) in try server.counts(checking: s.kind.value, q, in: registry) }) {
                return [.table(QueryExecutor.countTable(q, groups: groups))]
            }
        }
        // The national part of the duplicates check, grouping every student, is the server's.
        var groups: DuplicateGroups?
        if s.kind.value == .duplicates, let server = answeringServer {
            groups = try onServer(s.span) { () throws(StorageError) in try server.duplicateGroups(asOf: s.asOf?.value, in: registry) }
        }
        // Groups a server formed hold every member (the `where` reads only them); formed here,
        // they are over every student; another check reads those its `where` selects.
        if groups == nil {
            if s.kind.value == .duplicates { try holdingScope(s.span, asOf: s.asOf?.value) }
            else if let table = try checkHolding(s.span, s.kind.value, where: cond, by: by, asOf: s.asOf?.value) { return [.table(table)] }
        }
        return [.table(CheckExecutor.run(s.kind.value, where: cond, by: by, asOf: s.asOf?.value, in: registry, groups: groups))]
    }

    func rules() -> [OutputItem] {
        let rows: [[Value]] = Rule.allCases.map { [.text($0.id), .text($0.text(Language.current)), .text($0.source(Language.current))] }
        return [.table(ResultTable(columns: [.init("id", .text), .init("rule", .text), .init("source", .text)], rows: rows))]
    }

    func verify(_ s: Statement.Bare) throws(Diagnostic) -> [OutputItem] {
        let report = database.verify()
        var checked = [ResultText.verifyIndexes(students: registry.studentCount, events: registry.eventCount).text]
        if report.hasJournal {
            checked += [ResultText.verifyJournal(entries: report.entries).text,
                        ResultText.verifyReplay(students: report.students, events: report.events).text]
            if let server = report.server { checked.append(ResultText.verifyServer(address: server).text) }
            if let chains = report.provinceChains {
                checked.append(ResultText.verifyProvinceChains(anchor: chains.anchor, provinces: chains.entries.map(\.province), entries: chains.entries.map(\.entries)).text)
            }
        } else {
            checked.append(ResultText.verifyNoJournal.text)
        }
        checked += report.noteIDs.map(\.text)
        var problems = report.problemIDs.map(\.text)
        if let bad = report.firstBad {
            problems.insert(ResultText.firstBadEntry(sequence: Int(bad.sequence), effective: bad.effective.map { "\($0)" }, kind: bad.kind.map { "\($0)" }).text, at: 0)
        }
        if !problems.isEmpty {
            throw Diagnostic(.verifyFoundDamage(problems: problems), at: s.span, rule: .r14)
        }
        return checked.map(OutputItem.message) + [.said(.verifyOK), .acknowledgement("verify", ["result": .text("ok")])]
    }
}
