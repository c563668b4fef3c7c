/// The bridge between the engine and its journal: what changed since a savepoint, as a
/// journal entry, and applying a decoded entry straight to the store (no rule checks: the
/// rules ran when the change was first made, and replay must reproduce it, not re-judge it).
extension Registry {
    /// Everything added since `sp` as one entry; a first enrolment carries the row as it was
    /// right after that enrolment (later events of the same group are undone off a copy).
    func journalEntry(since sp: Savepoint, label: String? = nil) -> JournalEntry {
        var records: [JournalEntry.Record] = []
        records.reserveCapacity(events.count - sp.events)
        // (One range, unless students were fetched meanwhile: a plain loop over each.)
        for range in ownEvents(since: sp.events) {
            for i in range {
                let e = events[i]
                let list = Array(changes[Int(e.changeStart)..<Int(e.changeStart) + Int(e.changeCount)])
                let kind = EventKind(code: e.kind)
                var newRow: JournalEntry.NewRow?
                if kind == .enrol && e.detail == 1 { newRow = initialRow(e.student, enrolmentEvent: Int32(i)) }
                records.append(JournalEntry.Record(
                    kind: kind, detail: e.detail, student: rows[Int(e.student)].number, day: e.day,
                    recordedAt: e.recordedAt, actor: actors[e.actor], text: texts[Int(e.text)],
                    extra: texts[Int(e.extra)], changes: list, newRow: newRow))
            }
        }
        let actorChanges = Array(actorLog[sp.actorChanges...])
        let requestOps = Array(requestLog[sp.requestOps...])
        let label = label ?? (records.isEmpty && sp.schools == schoolRows.count && !actorChanges.isEmpty ? "actor"
            : records.isEmpty && sp.schools == schoolRows.count && !requestOps.isEmpty ? "request" : Registry.defaultLabel(records))
        var entry = JournalEntry(label: label, day: records.first?.day ?? 0,
                                 recordedAt: records.first?.recordedAt ?? clock(),
                                 schools: Array(schoolRows[sp.schools...]), events: records)
        entry.actorChanges = actorChanges
        entry.requestOps = requestOps
        return entry
    }

    private static func defaultLabel(_ records: [JournalEntry.Record]) -> String {
        guard let first = records.first else { return "school" }
        if records.allSatisfy({ $0.kind == first.kind }) {
            return records.count == 1 ? first.kind.rawValue : "\(first.kind.rawValue) ×\(records.count)"
        }
        return "transaction"
    }

    private func initialRow(_ r: Int32, enrolmentEvent e: Int32) -> JournalEntry.NewRow {
        var s = student(StudentID(r))
        var i = rows[Int(r)].lastEvent
        while i > e {
            let ev = events[Int(i)]
            undo(changes[Int(ev.changeStart)..<Int(ev.changeStart) + Int(ev.changeCount)], on: &s)
            i = ev.prev
        }
        return JournalEntry.NewRow(
            idCard: s.idCard?.digits ?? 0, name: s.name, gender: s.gender.code, birth: s.birth.rawValue,
            ethnicity: s.ethnicity, hukou: s.hukou?.rawValue ?? 0, school: schoolRows[s.schoolIndex].code.rawValue,
            grade: UInt8(s.grade), klass: UInt16(s.klass ?? 0),
            family: StudentRow.family(migrant: s.migrant, leftBehind: s.leftBehind))
    }

    /// Applies a decoded entry; throws a message when it names a student or school that does
    /// not exist (the journal and the store disagree), leaving the entry partly applied —
    /// callers treat that as damage and stop.
    /// A partial registry (`partial`) takes, of the entry's events (`filtered`), those of the
    /// students it holds and of students new in, or coming into, a scope it holds (fetched as
    /// they stood before entry `sequence`, then changed by it).
    func apply(_ entry: JournalEntry, sequence: UInt64? = nil, filtered: Bool = true, places: [UInt64]? = nil) throws(RegistryError) {
        for s in entry.schools {
            guard schoolByCode[s.code.rawValue] == nil else { throw RegistryError(nil, .storage(.schoolAddedTwice(s.code))) }
            let i = Int32(schoolRows.count)
            schoolRows.append(s)
            schoolByCode[s.code.rawValue] = i
            schoolsByDistrict[s.district.rawValue, default: []].append(i)
        }
        for c in entry.actorChanges { appendActorChange(c) }
        for op in entry.requestOps {
            if case .open(let r) = op, r.number != requestTable.count + 1 { throw RegistryError(nil, .storage(.requestOutOfOrder(r.number))) }
            appendRequestOp(op)
        }
        // An import is one entry of millions of first enrolments: the tables grow once, and the
        // ID table stays at most half full while they are looked up (an absent key probes a
        // long run in a table near its 3/4 limit).
        let newRows = entry.events.count > 4096 ? entry.events.lazy.filter { $0.newRow != nil }.count : 0
        if newRows > 4096 {
            reserveCapacity(students: newRows)
            byIDCard.reserveCapacity(byIDCard.count + 2 * newRows)
        }
        let partial = filtered && self.partial != nil
        for (i, e) in entry.events.enumerated() {
            if partial && !holds(e, before: sequence) { continue }
            let r: Int32
            if let n = e.newRow {
                guard e.kind == .enrol, e.detail == 1 else { throw RegistryError(nil, .storage(.newRowOnEvent(e.kind))) }
                guard rowIndex(of: e.student) == nil else {
                    throw RegistryError(nil, .storage(.enrolledFirstTimeTwice(RegistryNumber(rawValue: e.student))))
                }
                guard let s = schoolByCode[n.school] else { throw RegistryError(nil, .identity(.noSchool(code: SchoolCode(rawValue: n.school).description))) }
                let number = RegistryNumber(rawValue: e.student)
                if number.kind == .l { noteTemporary(number) }
                r = insertRow(StudentRow(
                    number: e.student, idCard: n.idCard, name: nameRef(n.name), birth: n.birth, enrolledOn: e.day,
                    statusSince: e.day, lastDay: e.day, hukou: n.hukou, school: s, lastEvent: -1,
                    ethnicity: UInt16(ethnicities.intern(n.ethnicity)), klass: n.klass, grade: n.grade,
                    gender: n.gender, status: Status.active.code, family: n.family, unconfirmedSince: e.day))
                self.partial?.place(row: Int(r), key: places?[i] ?? (sequence ?? 0) << 32 | UInt64(i))
            } else {
                // The entry of R3's L → G names the student by the number it issues.
                let issued = e.changes.first { $0.field == .no }.flatMap { RegistryNumber($0.before.description) }
                guard let found = rowIndex(of: e.student) ?? issued.flatMap({ rowIndex(of: $0.rawValue) }) else {
                    throw RegistryError(nil, .identity(.noStudent(number: RegistryNumber(rawValue: e.student).description)))
                }
                r = found
            }
            for c in e.changes where c.field == .school {
                guard let code = SchoolCode(c.after.description), schoolByCode[code.rawValue] != nil else {
                    throw RegistryError(nil, .identity(.noSchool(code: c.after.description)))
                }
            }
            record(e.kind, row: r, day: Day(rawValue: e.day), changes: e.changes, text: e.text,
                   detail: e.detail, extra: e.extra, recordedAt: e.recordedAt, actor: e.actor)
        }
    }
}

extension Registry {
    /// Whether a partial registry takes event `e` of entry `sequence`: its student is held, or new
    /// at a school held, or comes to one (fetched first, as it stood before the entry).
    private func holds(_ e: JournalEntry.Record, before sequence: UInt64?) -> Bool {
        if let n = e.newRow { return holdsStudents(ofSchool: n.school) }
        if rowIndex(of: e.student) != nil { return true }
        let issued = e.changes.first { $0.field == .no }.flatMap { RegistryNumber($0.before.description) }
        if let issued, rowIndex(of: issued.rawValue) != nil { return true }
        let arriving = e.changes.contains { c in
            c.field == .school && SchoolCode(c.after.description).map { holdsStudents(ofSchool: $0.rawValue) } == true
        }
        guard arriving, let sequence else { return false }
        return fetchStudent(.number(issued ?? RegistryNumber(rawValue: e.student)), through: sequence - 1) != nil
    }
}
