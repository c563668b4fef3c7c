import Registry

/// Requests in a governed registry (WORKFLOW.md, "Requests"; R19–R21): a change that needs
/// approval opens a request instead of changing the student.
extension Session {
    /// Opens a request for `change` when someone must approve it and returns what to print;
    /// nil when the change may be made at once (an open registry, a change needing no
    /// approval, or one the actor's own scope approves).
    func requestIfNeeded(_ change: PendingChange, at span: SourceSpan, spans: [Rule: SourceSpan] = [:]) throws(Diagnostic) -> [OutputItem]? {
        guard registry.isGoverned, let me = identity?.name else { return nil }
        let parties: [ActorName]
        do throws(RegistryError) { parties = try registry.approvers(of: change, startedBy: me) } catch {
            throw Diagnostic(.engine(error.id), at: span, rule: error.rule)
        }
        guard !parties.isEmpty else { return nil }
        let opened = try self.change(span, spans: spans) { () throws(RegistryError) in try registry.startRequest(change, by: me) }
        guard let r = opened else { return nil }
        return [.said(.requestOpened(number: r.number, request: describe(r), awaiting: r.awaiting!.description,
                                     due: registry.due(r)!.description)), requestAck("request", r)]
    }

    /// `transfer G… 4103030001 → 4103050001`, `enrol 张三 (410303…) at 4103030001 grade 1`, …
    func describe(_ r: Request) -> String {
        let c = r.change
        let who = c.student?.description ?? "\(c.newStudent?.name ?? "?")\(c.newStudent?.idCard.map { " (\($0))" } ?? "")"
        switch c.operation {
        case .transfer:
            return ResultText.requestTransfer(who: who, from: r.from?.description ?? "?", to: c.school?.description ?? "?").text
        case .enrolNew, .enrolExisting:
            return ResultText.requestEnrol(kind: "\(c.kind)", who: who, school: c.school?.description ?? "?", grade: c.grade ?? 0).text
        case .importStudents:
            let f = c.file
            return ResultText.requestImport(students: f?.students ?? 0, file: f?.name ?? "?", school: c.school?.description ?? "?").text
        case .correct:
            return ResultText.requestCorrect(who: who, changes: c.corrections.map { "\($0.field.rawValue) = \(Session.show($0.value))" }).text
        default:
            return ResultText.requestOther(kind: "\(c.kind)", who: who).text
        }
    }

    func requestNumber(_ text: Located<String>) throws(Diagnostic) -> Int {
        guard text.value.hasPrefix("#"), let n = Int(text.value.dropFirst()), n > 0 else {
            throw Diagnostic(.notARequestNumber(text: text.value), at: text.span)
        }
        return n
    }

    func requestStep(_ s: Statement.RequestStep, _ what: Statement.RequestStep.Action) throws(Diagnostic) -> [OutputItem] {
        if let reason = s.reason { try checkTexts([(.reason, reason)]) }
        guard let me = identity?.name, registry.isGoverned else {
            throw Diagnostic(.requestsNeedGovernance, at: s.span, rule: .r19)
        }
        let n = try requestNumber(s.number)
        let r = try change(s.span, spans: [.r19: s.number.span]) { () throws(RegistryError) -> Request in
            switch what {
            case .approve: return try registry.approve(n, by: me, reason: s.reason?.value)
            case .reject: return try registry.reject(n, by: me, reason: s.reason?.value ?? "")
            case .cancel: return try registry.cancel(n, by: me)
            }
        }
        let ack = requestAck(what.rawValue, r)
        switch r.status {
        case .open, .done:
            return [.said(.approved(number: n, request: describe(r), awaiting: r.awaiting?.description, due: registry.due(r)?.description)), ack]
        case .rejected: return [.said(.rejected(number: n, request: describe(r), reason: r.note ?? "")), ack]
        case .cancelled: return [.said(.cancelled(number: n, request: describe(r))), ack]
        case .refused: return [.said(.refused(number: n, request: describe(r), why: r.note ?? "")), ack]
        }
    }

    /// `{"statement": "approve", "request": "#3", "kind": …, "student": …, "status": …, "awaiting": …, "due": …}`.
    func requestAck(_ statement: String, _ r: Request) -> OutputItem {
        .acknowledgement(statement, ["request": .text("#\(r.number)"), "kind": .text(r.change.kind),
                                     "student": r.student.map { .text($0.description) } ?? .null, "status": .text(r.status.rawValue),
                                     "awaiting": r.awaiting.map { .text($0.description) } ?? .null,
                                     "due": registry.due(r).map { .date($0) } ?? .null])
    }

    /// The requests the actor is party to (started, approves) or whose student is in its scope.
    func visibleRequests() -> [Request] {
        guard let me = identity?.name else { return [] }
        return registry.requests.filter { r in
            me.level == .national || r.startedBy == me || r.parties.contains(me) || r.parties.contains { me.covers($0) }
                || me.covers(r.startedBy)
        }
    }

    func requestsTable(_ list: [Request]) -> [OutputItem] {
        let rows: [[Value]] = list.map { r in RequestField.columns.map { $0 == .no ? .text("#\(r.number)") : value($0, of: r) } }
        let cols = RequestField.columns.map { ResultTable.Column($0.rawValue, $0 == .no ? .text : $0.valueType) }
        var table = ResultTable(columns: cols, rows: rows, footer: ResultText.count(rows.count, .request).text)
        table.list = .requests
        return [.table(table)]
    }

    /// `check pending`: open requests awaiting the session's actor; `check overdue`: open
    /// requests past their step's due day, in the actor's view (R21).
    func checkRequests(overdue: Bool) -> [OutputItem] {
        let me = identity?.name
        let list = visibleRequests().filter { r in
            guard r.status == .open else { return false }
            return overdue ? registry.due(r)! < registry.today : r.awaiting == me
        }
        return requestsTable(list)
    }

    func addHoliday(_ s: Statement.AddHoliday) throws(Diagnostic) -> [OutputItem] {
        try checkTexts([(.schoolName, s.name)])
        try change(s.span) { () throws(RegistryError) in try registry.addHoliday(from: s.from.value, to: s.to?.value, name: s.name.value) }
        return [.said(.addedHoliday(name: s.name.value, from: s.from.value.description, to: s.to?.value.description)),
                .acknowledgement("add holiday", ["from": .date(s.from.value), "to": .date(s.to?.value ?? s.from.value), "name": .text(s.name.value)])]
    }

    func addWorkday(_ s: Statement.AddWorkday) throws(Diagnostic) -> [OutputItem] {
        try change(s.span) { () throws(RegistryError) in try registry.addWorkday(s.day.value) }
        return [.said(.addedWorkday(day: s.day.value.description)), .acknowledgement("add workday", ["day": .date(s.day.value)])]
    }
}
