/// A point in the registry's history to roll back to (transactions, all-or-nothing imports).
public struct Savepoint: Sendable, Equatable {
    /// Events recorded before this point.
    public let events: Int
    /// Students registered before this point.
    public let students: Int
    /// Schools added before this point.
    public let schools: Int
    /// Actor changes (added, revoked) before this point.
    public var actorChanges: Int = 0
    /// Request steps and calendar changes before this point.
    public var requestOps: Int = 0
}

extension Registry {
    /// The current position, for `rollback(to:)`.
    public func savepoint() -> Savepoint {
        Savepoint(events: events.count, students: rows.count, schools: schoolRows.count, actorChanges: actorLog.count,
                  requestOps: requestLog.count)
    }

    /// Undoes every event, student and school added since the savepoint, newest first.
    public func rollback(to sp: Savepoint) {
        if actorLog.count > sp.actorChanges { actorLog.removeLast(actorLog.count - sp.actorChanges); rebuildActorTable() }
        if requestLog.count > sp.requestOps { requestLog.removeLast(requestLog.count - sp.requestOps); rebuildRequests() }
        let held = rows.count
        while events.count > sp.events { undoLastEvent() }
        while rows.count > sp.students { removeLastRow() }
        partial?.rolledBack(rows: rows.count, events: events.count)
        if rows.count < held { refollowProvinces() }
        while schoolRows.count > sp.schools {
            let s = schoolRows.removeLast()
            schoolByCode[s.code.rawValue] = nil
            schoolsByDistrict[s.district.rawValue]?.removeLast()
        }
    }

    // MARK: rows

    @discardableResult
    func insertRow(_ row: StudentRow) -> Int32 {
        let r = Int32(rows.count)
        rows.append(row)
        // A replayed row's place is set by `apply`; the session's own, once its entry is written.
        partial?.added(key: PartialStudents.pending)
        if row.idCard != 0 { byIDCard[row.idCard] = r }
        if needsNumberEntry(row) { byNumber[row.number] = r }
        bySchoolGrade.append(r, to: bucketKey(row.school, row.grade))
        if row.hukou != 0 { byHukou.append(r, to: row.hukou) }
        byName.noteChanged(r)
        byBirth.noteChanged(r)
        return r
    }

    func removeLastRow() {
        let r = Int32(rows.count - 1)
        let row = rows[Int(r)]
        if byNumber[row.number] == r { byNumber[row.number] = nil }
        if row.idCard != 0, byIDCard[row.idCard] == r { byIDCard[row.idCard] = nil }
        bySchoolGrade.remove(r, from: bucketKey(row.school, row.grade))
        if row.hukou != 0 { byHukou.remove(r, from: row.hukou) }
        rows.removeLast()
    }

    func bucketKey(_ school: Int32, _ grade: UInt8) -> UInt64 { UInt64(UInt32(bitPattern: school)) << 8 | UInt64(grade) }

    // MARK: fields

    /// Sets one field of a stored row, keeping every index in step. Only stored fields.
    func set(_ field: StudentField, _ value: Value, row r: Int32) {
        let i = Int(r)
        switch field {
        case .name:
            rows[i].name = nameRef(value.description); byName.noteChanged(r)
        case .gender:
            rows[i].gender = Gender(text: value.description)?.code ?? 0
        case .birth:
            if case .date(let d) = value { rows[i].birth = d.rawValue }
            byBirth.noteChanged(r)
        case .id_card:
            let old = rows[i].idCard
            if old != 0, byIDCard[old] == r { byIDCard[old] = nil }
            let new = IDCardNumber(value.description)?.digits ?? 0
            rows[i].idCard = new
            if new != 0 { byIDCard[new] = r }
            if needsNumberEntry(rows[i]) { byNumber[rows[i].number] = r }
            else if byNumber[rows[i].number] == r { byNumber[rows[i].number] = nil }
        case .no:
            // Only R3's L → G (and its undo): the L number stays an alias that finds the student.
            guard let n = RegistryNumber(value.description) else { return }
            let old = rows[i].number
            rows[i].number = n.rawValue
            if RegistryNumber(rawValue: old).kind == .l { byNumber[old] = r } else if byNumber[old] == r { byNumber[old] = nil }
            if needsNumberEntry(rows[i]) { byNumber[n.rawValue] = r }
        case .ethnicity:
            rows[i].ethnicity = UInt16(ethnicities.intern(value.description))
        case .hukou:
            let old = rows[i].hukou
            if old != 0 { byHukou.remove(r, from: old) }
            let new = DistrictCode(value.description)?.rawValue ?? 0
            rows[i].hukou = new
            if new != 0 { byHukou.append(r, to: new) }
        case .school:
            guard let code = SchoolCode(value.description), let s = schoolByCode[code.rawValue] else { return }
            moveBucket(r, school: s, grade: rows[i].grade)
        case .grade:
            if case .int(let g) = value { moveBucket(r, school: rows[i].school, grade: UInt8(g)) }
        case .class:
            if case .int(let c) = value { rows[i].klass = UInt16(c) } else { rows[i].klass = 0 }
        case .status:
            let new = Status(rawValue: value.description)?.code ?? 0, voided = Status.voided.code
            if rows[i].status == voided { voidedCount -= 1 }
            if new == voided { voidedCount += 1 }
            rows[i].status = new
        case .enrolledOn:
            if case .date(let d) = value { rows[i].enrolledOn = d.rawValue }
        case .migrant:
            rows[i].family = rows[i].family & ~3 | (YesNo(rawValue: value.description)?.code ?? 0)
        case .leftBehind:
            rows[i].family = rows[i].family & ~12 | (YesNo(rawValue: value.description)?.code ?? 0) << 2
        default:
            preconditionFailure("\(field) is derived, not stored")
        }
    }

    private func moveBucket(_ r: Int32, school: Int32, grade: UInt8) {
        let i = Int(r)
        let oldKey = bucketKey(rows[i].school, rows[i].grade), newKey = bucketKey(school, grade)
        guard oldKey != newKey else { return }
        bySchoolGrade.remove(r, from: oldKey)
        rows[i].school = school; rows[i].grade = grade
        bySchoolGrade.append(r, to: newKey)
    }

    // MARK: events

    /// Records an event and applies its changes to the row.
    /// Replay passes the journalled `recordedAt` and `actor`; live changes take the clock's and the session's.
    func record(_ kind: EventKind, row r: Int32, day: Day, changes list: [FieldChange],
                text: String? = nil, detail: UInt8 = 0, extra: String? = nil,
                recordedAt: Int64? = nil, actor eventActor: String? = nil) {
        let e = EventRow(
            recordedAt: recordedAt ?? clock(), student: r, prev: rows[Int(r)].lastEvent, day: day.rawValue,
            actor: actors.intern(eventActor ?? actor), text: internText(text), changeStart: Int32(changes.count),
            changeCount: UInt16(list.count), kind: kind.code, detail: detail, extra: internText(extra))
        changes.append(contentsOf: list)
        for c in list { set(c.field, c.after, row: r) }
        if list.contains(where: { $0.field == .status }) { rows[Int(r)].statusSince = day.rawValue }
        if let c = Registry.confirmationEffect(kind, list) { rows[Int(r)].unconfirmedSince = c ? StudentRow.confirmed : day.rawValue }
        rows[Int(r)].lastEvent = Int32(events.count)
        rows[Int(r)].lastDay = day.rawValue
        events.append(e)
    }

    /// `record(.enrol, …, detail: 1)` for a row just inserted with `lastEvent` = the new
    /// event's index and `lastDay` = `day`: nothing to change in the row, no field changes (an
    /// import records a million of these).
    func recordFirstEnrolment(row r: Int32, day: Day, text: String?) {
        events.append(EventRow(
            recordedAt: clock(), student: r, prev: -1, day: day.rawValue, actor: actors.intern(actor),
            text: internText(text), changeStart: Int32(changes.count), changeCount: 0,
            kind: EventKind.enrol.code, detail: 1, extra: 0))
    }

    private func internText(_ s: String?) -> UInt32 {
        guard let s, !s.isEmpty else { return 0 }
        texts.append(s)
        return UInt32(texts.count - 1)
    }

    /// Reverts the newest event: its changes are undone, a first enrolment removes the student.
    func undoLastEvent() {
        let e = events.removeLast()
        let r = e.student
        let list = changes[Int(e.changeStart)..<Int(e.changeStart) + Int(e.changeCount)]
        if EventKind(code: e.kind) == .enrol && e.detail == 1 {
            precondition(Int(r) == rows.count - 1, "a first enrolment is undone only as the newest row")
            removeLastRow()
        } else {
            for c in list.reversed() { set(c.field, c.before, row: r) }
            rows[Int(r)].lastEvent = e.prev
            rows[Int(r)].lastDay = e.prev >= 0 ? events[Int(e.prev)].day : rows[Int(r)].birth
            rows[Int(r)].statusSince = statusSince(fromEvent: e.prev)
            rows[Int(r)].unconfirmedSince = unconfirmedSince(fromEvent: e.prev, through: .max)
        }
        changes.removeLast(Int(e.changeCount))
        if e.extra != 0 { texts.removeLast() }
        if e.text != 0 { texts.removeLast() }
    }

    /// The effective date of the newest status-changing event at or before `start` in a chain.
    func statusSince(fromEvent start: Int32) -> Int32 {
        var e = start
        while e >= 0 {
            let ev = events[Int(e)]
            if EventKind(code: ev.kind) == .enrol && ev.detail == 1 { return ev.day }
            let list = changes[Int(ev.changeStart)..<Int(ev.changeStart) + Int(ev.changeCount)]
            if list.contains(where: { $0.field == .status }) { return ev.day }
            e = ev.prev
        }
        return 0
    }
}
