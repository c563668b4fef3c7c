/// Why a record awaits its guardian's confirmation (`check unconfirmed`).
public struct AwaitedConfirmation: Sendable, Hashable {
    /// The day of the registration or correction the guardian has not confirmed.
    public var since: Day
    /// The key fields that correction changed; empty when it was the registration.
    public var corrected: [StudentField]
}

/// The family situation (随迁子女, 留守儿童) and the guardian's confirmation of the collected
/// record (家长签字确认), issue 17.
extension Registry {
    /// Records that the student's guardian checked and signed the record as it stands: an event
    /// in the history with the guardian's name and relation. Not a change of any field, so it
    /// needs no approval and may be made while a request about the student is open (R18: only
    /// within the acting actor's scope; R16: not before the latest event, not after today).
    public func confirm(_ number: RegistryNumber, guardian: String, relation: String, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check((.guardian, guardian), (.relation, relation))
        let (r, cur) = try row(number, duringRequest: true)
        let who = guardian.trimmingSpaces, rel = relation.trimmingSpaces
        guard !who.isEmpty else { throw RegistryError(nil, .lifecycle(.confirmationNeedsGuardian)) }
        guard !rel.isEmpty else { throw RegistryError(nil, .lifecycle(.confirmationNeedsRelation)) }
        guard Status(code: cur.status) != .voided else { throw RegistryError(nil, .lifecycle(.confirmVoided(number: number, name: name(cur.name)))) }
        let day = date ?? today
        try checkDate(day, row: cur, number: number)
        record(.confirm, row: r, day: day, changes: [], text: who, extra: rel)
    }

    /// Why and since when the student's record awaits its guardian's confirmation: its last
    /// registration or key-field correction, with no confirmation after it. Nil when a guardian
    /// confirmed it since; `asOf` reads the history as it stood at the end of that day (nil as
    /// well when the student was not registered yet).
    public func awaitingConfirmation(_ id: StudentID, asOf day: Day? = nil) -> AwaitedConfirmation? {
        need(.rows)
        let row = rows[Int(id.index)]
        let through = day?.rawValue ?? .max
        // The row knows the answer for its current state: most records never need the history.
        if row.lastDay <= through, row.unconfirmedSince == StudentRow.confirmed { return nil }
        need(.history)
        var e = row.lastEvent
        while e >= 0 {
            let ev = events[Int(e)]
            if ev.day <= through {
                let list = changes[Int(ev.changeStart)..<Int(ev.changeStart) + Int(ev.changeCount)]
                if let c = Registry.confirmationEffect(EventKind(code: ev.kind), list) {
                    if c { return nil }
                    let corrected = EventKind(code: ev.kind) == .correct ? list.map(\.field).filter(Registry.keyFields.contains) : []
                    return AwaitedConfirmation(since: Day(rawValue: ev.day), corrected: corrected)
                }
            }
            e = ev.prev
        }
        return nil
    }

    /// What an event does to the confirmation: true confirms the record, false makes it await a
    /// new confirmation (a registration, or a correction of a key field: what the guardian signed
    /// is no longer what the record says), nil leaves it as it was.
    static func confirmationEffect(_ kind: EventKind, _ changes: some Collection<FieldChange>) -> Bool? {
        switch kind {
        case .confirm: return true
        case .enrol: return false
        case .correct where changes.contains(where: { keyFields.contains($0.field) }): return false
        default: return nil
        }
    }

    /// `StudentRow.unconfirmedSince` as the chain of events ending at `start` leaves it, counting
    /// only events effective on or before `through`.
    func unconfirmedSince(fromEvent start: Int32, through: Int32) -> Int32 {
        var e = start
        while e >= 0 {
            let ev = events[Int(e)]
            if ev.day <= through {
                let list = changes[Int(ev.changeStart)..<Int(ev.changeStart) + Int(ev.changeCount)]
                if let c = Registry.confirmationEffect(EventKind(code: ev.kind), list) { return c ? StudentRow.confirmed : ev.day }
            }
            e = ev.prev
        }
        return StudentRow.confirmed
    }

    /// A `migrant` or `left_behind` value brought to its stored form: `yes`, `no`, or null.
    static func familyAnswer(_ field: StudentField, _ value: Value) throws(RegistryError) -> Value {
        if value.isNull || YesNo.isUnknown(value.description) { return .null }
        guard let a = YesNo(text: value.description) else {
            throw RegistryError(nil, .lifecycle(.familyAnswerInvalid(field: field, value: value.description)))
        }
        return .text(a.rawValue)
    }
}
