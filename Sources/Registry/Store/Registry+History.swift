/// History and time travel: every event kept in memory, folded back to answer `as of`.
extension Registry {
    /// The fields a first enrolment's event lists (the record as enrolled), in the order shown.
    public static let enrolledRecordFields: [StudentField] = [.name, .gender, .birth, .id_card, .ethnicity, .hukou, .school, .grade,
                                                              .class, .status, .migrant, .leftBehind]

    /// Every event of a student, oldest first; a first enrolment lists the record as enrolled.
    public func history(of id: StudentID) -> [Event] {
        need([.rows, .history])
        var chain: [Int32] = []
        var e = rows[Int(id.index)].lastEvent
        while e >= 0 { chain.append(e); e = events[Int(e)].prev }
        var out: [Event] = []
        out.reserveCapacity(chain.count)
        var state = student(id)
        // Walk newest → oldest, undoing as we go, so a first enrolment can show what it set.
        for ei in chain {
            var ev = event(at: Int(ei))
            let row = events[Int(ei)]
            if ev.kind == .enrol && row.detail == 1 {
                ev.changes = Self.enrolledRecordFields.compactMap { f in
                    let v = value(f, of: state, on: today)
                    return v.isNull ? nil : FieldChange(f, .null, v)
                }
            }
            undo(ev.changes, on: &state)
            out.append(ev)
        }
        return out.reversed()
    }

    /// The days a student's record may have changed on: its events' effective days, oldest
    /// first, each once.
    public func eventDays(of id: StudentID) -> [Day] {
        need([.rows, .history])
        var days: [Int32] = []
        var e = rows[Int(id.index)].lastEvent
        while e >= 0 {
            let d = events[Int(e)].day
            if days.last != d { days.append(d) }
            e = events[Int(e)].prev
        }
        return Set(days).sorted().map(Day.init(rawValue:))
    }

    /// Each version of a student's record and the days it held: from the effective day of the
    /// event that made it (nil: before any) up to, not including, that of the next (nil: still).
    public func versions(of id: StudentID) -> [(from: Day?, to: Day?, student: Student)] {
        let days = eventDays(of: id)
        guard let first = days.first else { return [(nil, nil, student(id))] }
        var out: [(from: Day?, to: Day?, student: Student)] = []
        if let before = student(id, asOf: first.adding(days: -1)) { out.append((nil, first, before)) }
        for (i, d) in days.enumerated() {
            guard let v = student(id, asOf: d) else { continue }
            out.append((d, i + 1 < days.count ? days[i + 1] : nil, v))
        }
        return out
    }

    /// The event at a position of the log.
    public func event(at i: Int) -> Event {
        need([.rows, .history])
        let e = events[i]
        let kind = EventKind(code: e.kind)
        let list = Array(changes[Int(e.changeStart)..<Int(e.changeStart) + Int(e.changeCount)])
        let growth: GrowthKind? = kind == .record && e.detail > 0 ? GrowthKind.allCases[Int(e.detail) - 1] : nil
        let t: String? = e.text == 0 ? nil : texts[Int(e.text)]
        let x: String? = e.extra == 0 ? nil : texts[Int(e.extra)]
        // A growth record keeps its text in `text` and a reason in `extra`; a confirmation the
        // guardian's name and relation.
        let texted = kind == .record || kind == .confirm
        return Event(
            sequence: i, kind: kind, student: RegistryNumber(rawValue: rows[Int(e.student)].number),
            effective: Day(rawValue: e.day), recordedAt: e.recordedAt, actor: actors[e.actor],
            reason: kind == .record ? x : kind == .confirm ? nil : t,
            growth: growth, text: texted ? t : nil, relation: kind == .confirm ? x : nil, changes: list)
    }

    /// The student as the record stood at the end of `day`, or nil when not yet enrolled then.
    public func student(_ id: StudentID, asOf day: Day) -> Student? {
        need([.rows, .history])
        let row = rows[Int(id.index)]
        if row.lastDay <= day.rawValue { return student(id) }
        var s = student(id)
        var e = row.lastEvent
        while e >= 0 {
            let ev = events[Int(e)]
            if ev.day <= day.rawValue { break }
            if ev.kind == EventKind.enrol.code && ev.detail == 1 { return nil }
            undo(changes[Int(ev.changeStart)..<Int(ev.changeStart) + Int(ev.changeCount)], on: &s)
            e = ev.prev
        }
        s.statusSince = Day(rawValue: statusSince(fromEvent: e))
        return s
    }

    /// Applies the `before` side of changes to a record copy.
    func undo(_ list: some BidirectionalCollection<FieldChange>, on s: inout Student) {
        for c in list.reversed() {
            let v = c.before
            switch c.field {
            case .no: if let n = RegistryNumber(v.description) { s.number = n }
            case .name: s.name = v.description
            case .gender: s.gender = Gender(text: v.description) ?? s.gender
            case .birth: if case .date(let d) = v { s.birth = d }
            case .id_card: s.idCard = v.isNull ? nil : IDCardNumber(v.description)
            case .ethnicity: s.ethnicity = v.description
            case .hukou: s.hukou = DistrictCode(v.description)
            case .school: if let c = SchoolCode(v.description), let i = schoolByCode[c.rawValue] { s.schoolIndex = Int(i) }
            case .grade: if case .int(let g) = v { s.grade = g }
            case .class: if case .int(let k) = v { s.klass = k } else { s.klass = nil }
            case .status: s.status = Status(rawValue: v.description) ?? s.status
            case .enrolledOn: if case .date(let d) = v { s.enrolledOn = d }
            case .migrant: s.migrant = YesNo(rawValue: v.description)
            case .leftBehind: s.leftBehind = YesNo(rawValue: v.description)
            default: break
            }
        }
    }
}
