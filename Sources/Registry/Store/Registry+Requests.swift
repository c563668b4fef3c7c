/// A step in the life of requests and the working calendar, journalled (entry section 5) and
/// replayed in order: the requests at any entry are what the log says up to it.
enum RequestOp: Equatable, Sendable {
    case open(Request)
    case approve(Int, by: ActorName, day: Day, reason: String?)
    case reject(Int, by: ActorName, day: Day, reason: String)
    case cancel(Int, by: ActorName, day: Day)
    /// The last approval arrived but the change no longer passes its rules.
    case refuse(Int, by: ActorName, day: Day, message: String)
    case holiday(Day, name: String)
    case workday(Day)
}

/// Requests and approvals (WORKFLOW.md; R19 approval, R20 one open request per student, R21
/// deadlines). Who starts what and who approves it follow the table there; the change itself
/// is the engine's ordinary operation, checked when requested and again at the last approval.
extension Registry {
    /// Every request, by number (`#1` first).
    public var requests: [Request] { requestTable }

    /// The request numbered `n`.
    public func request(_ n: Int) -> Request? { n >= 1 && n <= requestTable.count ? requestTable[n - 1] : nil }

    /// The open request about a student, if any (R20).
    public func openRequest(for number: RegistryNumber) -> Request? {
        requestTable.last { $0.status == .open && $0.student == number }
    }

    /// The parties that must approve `change` started by `starter`, in order: the table of
    /// WORKFLOW.md, each party falling to the nearest registered bureau above it when it has
    /// no actor, a party met twice approving once (at its later place), and the steps the
    /// starter's own scope covers left out. Empty: the change takes effect at once.
    public func approvers(of change: PendingChange, startedBy starter: ActorName) throws(RegistryError) -> [ActorName] {
        guard isGoverned else { return [] }
        func school(_ code: SchoolCode?) throws(RegistryError) -> School {
            guard let code, let s = schoolByCode[code.rawValue] else { throw RegistryError(nil, .identity(.noSchool(code: code.map { "\($0)" } ?? "?"))) }
            return schoolRows[Int(s)]
        }
        func current() throws(RegistryError) -> School {
            guard let n = change.student, let r = lookUp(number: n.rawValue) else { throw RegistryError(nil, .identity(.noStudent(number: change.student.map { "\($0)" } ?? "?"))) }
            return schoolRows[Int(rows[Int(r)].school)]
        }
        func county(_ s: School) -> ActorName { ActorName("county:\(s.district)")! }
        func province(_ s: School) -> ActorName { ActorName("province:\(s.district.province)")! }
        func schoolActor(_ s: School) -> ActorName { ActorName("school:\(s.code)")! }
        var wanted: [ActorName]
        switch change.operation {
        case .enrolNew, .enrolExisting: wanted = [county(try school(change.school))]
        case .importStudents:
            // A school imports into itself; a bureau's own scope approves its imports.
            guard starter.level == .school else { return [] }
            wanted = [county(try school(change.school))]
        case .suspend, .resume, .withdraw, .void: wanted = [county(try current())]
        case .correct:
            guard change.corrections.contains(where: { Registry.keyFields.contains($0.field) }) else { return [] }
            wanted = [county(try current())]
        case .transfer:
            let to = try school(change.school), from = try current()
            wanted = to.district.province == from.district.province
                ? [county(to), schoolActor(from), county(from)]
                : [county(to), province(to), schoolActor(from), county(from), province(from)]
        }
        var parties: [ActorName] = []
        for w in wanted {
            guard let p = registeredParty(w) else {
                throw RegistryError(.r19, .governance(.nobodyCanApprove(kind: change.operation, party: w)))
            }
            parties.removeAll { $0 == p }           // a party met twice approves once, at its later place
            parties.append(p)
        }
        return parties.filter { !covers(starter, $0) }
    }

    /// The fields whose correction needs approval (WORKFLOW.md: key fields).
    public static let keyFields: Set<StudentField> = [.name, .gender, .birth, .id_card, .ethnicity]

    /// `w` if registered and not revoked, else the nearest registered bureau above it.
    private func registeredParty(_ w: ActorName) -> ActorName? {
        var candidates = [w]
        let d = w.districtPrefix
        if w.level <= .county, d.count >= 6 { candidates.append(ActorName("county:\(d.prefix(6))")!) }
        if w.level <= .city, d.count >= 4 { candidates.append(ActorName("city:\(d.prefix(4))")!) }
        if w.level <= .province, d.count >= 2 { candidates.append(ActorName("province:\(d.prefix(2))")!) }
        candidates.append(.national)
        return candidates.first { actorTable[$0].map { !$0.isRevoked } ?? false }
    }

    /// Starts `change` as `starter` (WORKFLOW.md, "Requests"): every rule is checked now (the
    /// change is made and undone); then, when someone must approve it, a request is opened
    /// and returned; otherwise the change is made at once and nil is returned.
    public func startRequest(_ change: PendingChange, by starter: ActorName) throws(RegistryError) -> Request? {
        try checkWritable()
        let parties = try approvers(of: change, startedBy: starter)
        if parties.isEmpty { try apply(change); return nil }
        if let n = change.student, let open = openRequest(for: n) {
            throw RegistryError(.r20, .governance(.oneRequestAtATime(student: n, request: open.number, kind: open.change.operation, awaiting: open.awaiting)))
        }
        // R1 counts the children of open requests (first registrations and imports) too.
        let ids = change.operation == .importStudents ? Registry.idCards(in: change.file?.bytes ?? [])
            : change.newStudent?.idCard.flatMap(IDCardNumber.init).map { [$0] } ?? []
        if !ids.isEmpty {
            let wanted = Set(ids)
            for open in requestTable where open.status == .open {
                if let id = Registry.registrationIDs(of: open.change).first(where: wanted.contains) {
                    throw RegistryError(.r1, .identity(.idHasOpenRequest(id: "\(id)", request: open.number)))
                }
            }
        }
        var change = change
        let sp = savepoint()
        do throws(RegistryError) { try apply(change) } catch { rollback(to: sp); throw error }
        if change.operation == .importStudents { change.file?.students = rows.count - sp.students }
        rollback(to: sp)
        let from = change.student.flatMap { lookUp(number: $0.rawValue) }.map { schoolRows[Int(rows[Int($0)].school)].code }
        let r = Request(number: requestTable.count + 1, change: change, startedBy: starter, startedOn: today, from: from,
                        parties: parties, approvals: 0, lastStepDay: today, status: .open, note: nil,
                        steps: [Request.Step(actor: starter, day: today, what: "started")])
        appendRequestOp(.open(r))
        return r
    }

    /// R19: only the awaited party approves; the last approval makes the change (every rule
    /// checked again; a change that no longer passes ends the request as refused, and says why).
    @discardableResult
    public func approve(_ n: Int, by actor: ActorName, reason: String? = nil) throws(RegistryError) -> Request {
        try checkWritable()
        let r = try awaited(n, by: actor, doing: .approve)
        guard r.approvals + 1 == r.parties.count else {
            appendRequestOp(.approve(n, by: actor, day: today, reason: reason))
            return requestTable[n - 1]
        }
        let sp = savepoint()
        appendRequestOp(.approve(n, by: actor, day: today, reason: reason))
        let actorBefore = self.actor, scopeBefore = scope
        self.actor = r.startedBy.description; scope = nil
        defer { self.actor = actorBefore; scope = scopeBefore }
        do throws(RegistryError) { try apply(r.change) } catch {
            rollback(to: sp)
            appendRequestOp(.refuse(n, by: actor, day: today, message: error.description))
        }
        return requestTable[n - 1]
    }

    /// The awaited party ends the request; the student is unchanged.
    @discardableResult
    public func reject(_ n: Int, by actor: ActorName, reason: String) throws(RegistryError) -> Request {
        try checkWritable()
        try TextRules.check(.reason, reason)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r19, .governance(.rejectionNeedsReason)) }
        _ = try awaited(n, by: actor, doing: .reject)
        appendRequestOp(.reject(n, by: actor, day: today, reason: reason.trimmingSpaces))
        return requestTable[n - 1]
    }

    /// The party that started an open request withdraws it.
    @discardableResult
    public func cancel(_ n: Int, by actor: ActorName) throws(RegistryError) -> Request {
        try checkWritable()
        guard let r = request(n) else { throw RegistryError(nil, .governance(.noRequest(number: n))) }
        guard r.status == .open else { throw RegistryError(.r19, .governance(.requestNotOpen(request: n, status: r.status))) }
        guard r.startedBy == actor else { throw RegistryError(.r19, .governance(.onlyStarterCancels(request: n, startedBy: r.startedBy))) }
        appendRequestOp(.cancel(n, by: actor, day: today))
        return requestTable[n - 1]
    }

    private func awaited(_ n: Int, by actor: ActorName, doing decision: GovernanceMessage.Decision) throws(RegistryError) -> Request {
        guard let r = request(n) else { throw RegistryError(nil, .governance(.noRequest(number: n))) }
        guard r.status == .open, let awaiting = r.awaiting else { throw RegistryError(.r19, .governance(.requestNotOpen(request: n, status: r.status))) }
        guard awaiting == actor else {
            throw RegistryError(.r19, .governance(.notAwaitedParty(request: n, awaiting: awaiting, actor: actor, decision: decision)))
        }
        return r
    }

    /// Makes the change now (rules checked as usual).
    func apply(_ c: PendingChange) throws(RegistryError) {
        switch c.operation {
        case .enrolNew:
            guard let p = c.newStudent, let s = c.school, let g = c.grade else { throw RegistryError(nil, .governance(.enrolmentNeedsChild)) }
            _ = try enrol(p, at: s, grade: g, class: c.klass, on: c.day, reason: c.reason)
        case .enrolExisting:
            guard let n = c.student, let s = c.school, let g = c.grade else { throw RegistryError(nil, .governance(.enrolmentNeedsStudent)) }
            _ = try enrol(n, at: s, grade: g, class: c.klass, on: c.day, reason: c.reason)
        case .transfer:
            guard let n = c.student, let s = c.school else { throw RegistryError(nil, .governance(.transferNeedsStudentAndSchool)) }
            _ = try transfer(n, to: s, grade: c.grade, on: c.day, reason: c.reason)
        case .suspend: try suspend(c.student!, reason: c.reason ?? "", on: c.day)
        case .resume: try resume(c.student!, on: c.day, reason: c.reason)
        case .withdraw: try withdraw(c.student!, reason: c.reason ?? "", on: c.day)
        case .correct: try correct(c.student!, set: c.corrections.map { ($0.field, $0.value) }, reason: c.reason ?? "", on: c.day)
        case .void: try void(c.student!, reason: c.reason ?? "", on: c.day)
        case .importStudents:
            guard let f = c.file else { throw RegistryError(nil, .governance(.importRequestNeedsFile)) }
            let r: Result<ImportResult, RegistryError> = f.bytes.withUnsafeBytes { b in
                do throws(RegistryError) { return .success(try importStudents(bytes: b, file: f.name)) } catch { return .failure(error) }
            }
            _ = try r.get()
        }
    }

    // MARK: working days (R21)

    /// Adds holidays `from…to` (or one day) named `name`; they are not working days.
    public func addHoliday(from: Day, to: Day? = nil, name: String) throws(RegistryError) {
        try checkWritable()
        try checkCalendarActor()
        try TextRules.check(.schoolName, name)
        let last = to ?? from
        guard from <= last, last.rawValue - from.rawValue < 366 else { throw RegistryError(nil, .governance(.holidayRange)) }
        for d in from.rawValue...last.rawValue { appendRequestOp(.holiday(Day(rawValue: d), name: name.trimmingSpaces)) }
    }

    /// Makes `day` (a weekend's make-up day, 调休) a working day.
    public func addWorkday(_ day: Day) throws(RegistryError) {
        try checkWritable()
        try checkCalendarActor()
        appendRequestOp(.workday(day))
    }

    /// The calendar is kept by a province or the ministry (WORKFLOW.md).
    private func checkCalendarActor() throws(RegistryError) {
        guard isGoverned, let scope, scope.level < .province else { return }
        throw RegistryError(.r18, .governance(.calendarKeptByProvince(scope: scope)))
    }

    /// Whether `day` is a working day: Monday–Friday, less holidays, plus make-up days.
    public func isWorkingDay(_ day: Day) -> Bool {
        if workdays.contains(day) { return true }
        if holidays[day] != nil { return false }
        let weekday = (Int(day.rawValue) % 7 + 7 + 3) % 7          // 1970-01-01 was a Thursday: 0 = Monday
        return weekday < 5
    }

    /// The 10th working day after `day` (the next working day is day 1).
    public func dueDay(after day: Day) -> Day {
        var d = day, n = 0
        while n < 10 { d = d.adding(days: 1); if isWorkingDay(d) { n += 1 } }
        return d
    }

    /// The day the awaited step of an open request is due.
    public func due(_ r: Request) -> Day? { r.status == .open ? dueDay(after: r.lastStepDay) : nil }

    // MARK: the log

    func appendRequestOp(_ op: RequestOp) {
        requestLog.append(op)
        applyRequestOp(op)
    }

    func applyRequestOp(_ op: RequestOp) {
        switch op {
        case .open(let r): requestTable.append(r)
        case .approve(let n, let by, let day, let reason):
            requestTable[n - 1].approvals += 1
            requestTable[n - 1].lastStepDay = day
            requestTable[n - 1].steps.append(Request.Step(actor: by, day: day, what: "approved" + (reason.map { ": \($0)" } ?? "")))
            if requestTable[n - 1].approvals == requestTable[n - 1].parties.count { requestTable[n - 1].status = .done }
        case .reject(let n, let by, let day, let reason):
            requestTable[n - 1].status = .rejected; requestTable[n - 1].note = reason
            requestTable[n - 1].steps.append(Request.Step(actor: by, day: day, what: "rejected: \(reason)"))
        case .cancel(let n, let by, let day):
            requestTable[n - 1].status = .cancelled
            requestTable[n - 1].steps.append(Request.Step(actor: by, day: day, what: "cancelled"))
        case .refuse(let n, let by, let day, let message):
            requestTable[n - 1].status = .refused; requestTable[n - 1].note = message
            requestTable[n - 1].steps.append(Request.Step(actor: by, day: day, what: "refused: \(message)"))
        case .holiday(let d, let name): holidays[d] = name
        case .workday(let d): workdays.insert(d)
        }
    }

    /// The requests and calendar as the log says (after a rollback removed ops).
    func rebuildRequests() {
        requestTable = []; holidays = [:]; workdays = []
        for op in requestLog { applyRequestOp(op) }
    }
}
