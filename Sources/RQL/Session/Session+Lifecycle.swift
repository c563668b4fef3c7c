import Registry

/// The statements that change the registry; each reports what it did in one line.
extension Session {
    func addSchool(_ s: Statement.AddSchool) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let code = try schoolCode(s.code), district = try districtCode(s.district, field: "district")
        let stage = Stage(rawValue: s.stage.value.rawValue)!
        try change(s.span) { () throws(RegistryError) in
            try registry.addSchool(School(code: code, name: s.name.value, stage: stage, district: district))
        }
        return [.said(.addedSchool(code: code.description, name: s.name.value, stage: stage.rawValue, grades: stage.grades,
                                  district: district.description)),
                .acknowledgement("add school", ["code": .text(code.description), "name": .text(s.name.value), "stage": .text(stage.rawValue),
                                                "district": .text(district.description)])]
    }

    func enrol(_ s: Statement.Enrol) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let code = try schoolCode(s.school)
        var spans: [Rule: SourceSpan] = [.r5: s.grade.span, .r6: s.grade.span]
        if let on = s.on { spans[.r16] = on.span }
        let result: EnrolResult
        switch s.target {
        case .existing(let text):
            let n = try number(text)
            spans[.r4] = text.span; spans[.r10] = s.school.span
            let pending = PendingChange(.enrolExisting, student: n, school: code, grade: s.grade.value, klass: s.classNumber?.value,
                                        day: s.on?.value ?? registry.today, reason: s.reason?.value)
            if let out = try requestIfNeeded(pending, at: s.span, spans: spans) { return out }
            result = try change(s.span, spans: spans) { () throws(RegistryError) in
                try registry.enrol(n, at: code, grade: s.grade.value, class: s.classNumber?.value, on: s.on?.value, reason: s.reason?.value)
            }
        case .newStudent:
            func required(_ f: StudentField) throws(Diagnostic) -> Statement.Assignment {
                guard let a = s.assignment(f) else { throw Diagnostic(.newStudentNeeds(field: f.rawValue), at: s.span) }
                return a
            }
            let name = try required(.name), genderA = try required(.gender), birthA = try required(.birth)
            guard let gender = Gender(text: genderA.value.description) else {
                throw Diagnostic(.genderIsMOrF, at: genderA.literal.span)
            }
            guard case .date(let birth) = birthA.value else { throw Diagnostic(.birthNeedsDate, at: birthA.literal.span) }
            var hukou: DistrictCode?
            if let h = s.assignment(.hukou) { hukou = try districtCode(Located(h.value.description, h.literal.span), field: "hukou") }
            let idA = s.assignment(.id_card)
            if let idA { spans[.r1] = idA.literal.span; spans[.r2] = idA.literal.span }
            let p = NewStudent(name: name.value.description, gender: gender, birth: birth,
                               idCard: idA.map { $0.value.description }, ethnicity: s.assignment(.ethnicity)?.value.description ?? "",
                               hukou: hukou, migrant: s.assignment(.migrant).flatMap { YesNo(rawValue: $0.value.description) },
                               leftBehind: s.assignment(.leftBehind).flatMap { YesNo(rawValue: $0.value.description) })
            let pending = PendingChange(.enrolNew, school: code, grade: s.grade.value, klass: s.classNumber?.value,
                                        day: s.on?.value ?? registry.today, reason: s.reason?.value, newStudent: p)
            if let out = try requestIfNeeded(pending, at: s.span, spans: spans) { return out }
            result = try change(s.span, spans: spans) { () throws(RegistryError) in
                try registry.enrol(p, at: code, grade: s.grade.value, class: s.classNumber?.value, on: s.on?.value, reason: s.reason?.value)
            }
        }
        let st = registry.student(registry.find(result.number)!)
        let school = registry.school(code)!
        var out: [OutputItem] = [.said(.enrolled(number: result.number.description, name: st.name, school: code.description,
                                                   schoolName: school.name, grade: st.grade)),
                                 .acknowledgement("enrol", ["no": .text(result.number.description), "name": .text(st.name),
                                                            "school": .text(code.description), "grade": .int(st.grade)])]
        out += result.warnings.map { .message($0.description) }
        return out
    }

    func transfer(_ s: Statement.Transfer) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let (n, id) = try studentID(s.number, scoped: false)
        let code = try schoolCode(s.school)
        var spans: [Rule: SourceSpan] = [.r7: s.school.span, .r18: s.school.span]
        if let on = s.on { spans[.r16] = on.span }
        let pending = PendingChange(.transfer, student: n, school: code, grade: s.grade?.value, day: s.on?.value ?? registry.today,
                                    reason: s.reason?.value)
        if let out = try requestIfNeeded(pending, at: s.span, spans: spans) { return out }
        let from = registry.school(at: registry.student(id).schoolIndex)
        let warnings = try change(s.span, spans: spans) { () throws(RegistryError) in
            try registry.transfer(n, to: code, grade: s.grade?.value, on: s.on?.value, reason: s.reason?.value)
        }
        let st = registry.student(id), to = registry.school(at: st.schoolIndex)
        return [.said(.transferred(number: n.description, name: st.name, from: from.code.description, fromName: from.name,
                                  to: to.code.description, toName: to.name, grade: st.grade)),
                .acknowledgement("transfer", ["no": .text(n.description), "name": .text(st.name), "from": .text(from.code.description),
                                              "school": .text(to.code.description), "grade": .int(st.grade)])]
            + warnings.map { .message($0.description) }
    }

    func stageChange(_ s: Statement.StageChange, graduating: Bool) throws(Diagnostic) -> [OutputItem] {
        let verb = graduating ? "graduated" : "promoted"
        switch s.target {
        case .student(let text):
            let (n, id) = try studentID(text)
            var spans: [Rule: SourceSpan] = [:]
            if let on = s.on { spans[.r16] = on.span }
            try change(s.span, spans: spans) { () throws(RegistryError) in
                if graduating { try registry.graduate(n, on: s.on?.value) } else { try registry.promote(n, on: s.on?.value) }
            }
            let st = registry.student(id)
            let school = registry.school(at: st.schoolIndex)
            return [.said(graduating ? .graduatedOne(number: n.description, name: st.name, schoolName: school.name, stage: school.stage.rawValue)
                                     : .promotedOne(number: n.description, name: st.name, grade: st.grade)),
                    .acknowledgement(graduating ? "graduate" : "promote", ["no": .text(n.description), "name": .text(st.name),
                                                                           "school": .text(school.code.description), "grade": .int(st.grade)])]
        case .matching(let expr):
            let cond = try studentCondition(expr)
            // (The students that qualify as the statement starts, as a whole session's do: it
            // chooses them before it takes the writer lock.)
            try holdingScope(s.span, selecting: cond)
            var ids: [StudentID] = []
            QueryExecutor.forEachMatch(cond, plan: Planner.plan(cond, in: registry), in: registry) { id, _ in ids.append(id) }
            let result = try change(s.span) { () throws(RegistryError) in
                graduating ? try registry.graduate(ids, on: s.on?.value, progress: progress)
                           : try registry.promote(ids, on: s.on?.value, progress: progress)
            }
            // The entry it became, for `revert entry N` (inside a transaction, the commit's).
            let entry = result.changed > 0 && database.transaction == .none ? database.lastEntry.map { ResultText.journalEntry($0).text } : nil
            let skipped = result.skipped.keys.sorted().map { "\(result.skipped[$0]!) (\($0.id))" }.joined(separator: ", ")
            return [.message(ResultText.bulk(graduating ? .graduated : .promoted, changed: result.changed, skipped: result.skipped).text + (entry ?? "")),
                    .acknowledgement(graduating ? "graduate" : "promote", [
                        "changed": .int(result.changed), "skipped": .int(result.skippedTotal),
                        "skipped_by_rule": skipped.isEmpty ? .null : .text(skipped),
                        "entry": result.changed > 0 && database.transaction == .none ? database.lastEntry.map(Value.int) ?? .null : .null])]
        }
    }

    /// `revert entry N reason "…"` (R23): compensating events for the bulk change entry N made.
    func revert(_ s: Statement.Revert) throws(Diagnostic) -> [OutputItem] {
        try checkTexts([(.reason, s.reason)])
        let n = s.entry.value
        let recorded = try engine(s.entry.span, spans: [.r23: s.entry.span]) { () throws(RegistryError) in try database.recordedEvents(ofEntry: n) }
        let count = try change(s.span, spans: [.r23: s.entry.span]) { () throws(RegistryError) in
            try registry.revert(recorded, entry: n, reason: s.reason.value)
        }
        return [.said(.reverted(entry: n, students: count, graduated: recorded.first?.kind == .graduate, day: recorded.first!.day.description)),
                .acknowledgement("revert", ["entry": .int(n), "changed": .int(count)])]
    }

    /// suspend, resume, withdraw and void: a request where someone must approve, else the change.
    func statusChange(_ s: Statement.StatusChange, _ op: PendingChange.Operation) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let (n, id) = try studentID(s.number)
        let reason = s.reason?.value, on = s.on?.value
        let pending = PendingChange(op, student: n, day: on ?? registry.today, reason: reason)
        if let out = try requestIfNeeded(pending, at: s.span, spans: dateSpan(s.on)) { return out }
        try change(s.span, spans: dateSpan(s.on)) { () throws(RegistryError) in
            switch op {
            case .suspend: try registry.suspend(n, reason: reason ?? "", on: on)
            case .resume: try registry.resume(n, on: on, reason: reason)
            case .withdraw: try registry.withdraw(n, reason: reason ?? "", on: on)
            default: try registry.void(n, reason: reason ?? "", on: on)
            }
        }
        let number = n.description, name = registry.student(id).name
        let said: AcknowledgementText
        switch op {
        case .suspend: said = .suspended(number: number, name: name)
        case .resume: said = .resumed(number: number, name: name)
        case .withdraw: said = .withdrew(number: number, name: name)
        default: said = .voided(number: number, name: name)
        }
        return [.said(said), studentAck(op.kind, n, id)]
    }

    func correct(_ s: Statement.Correct) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let (n, id) = try studentID(s.number)
        var spans = dateSpan(s.on)
        for a in s.assignments {
            if a.field == .id_card { spans[.r1] = a.literal.span; spans[.r2] = a.literal.span }
            if a.field == .no { spans[.r3] = a.fieldSpan }
            if a.field == .hukou, !a.value.isNull, DistrictCode(Session.asciiDigits(a.value.description)) != nil {
                _ = try districtCode(Located(a.value.description, a.literal.span), field: "hukou")
            }
        }
        let pending = PendingChange(.correct, student: n, day: s.on?.value ?? registry.today, reason: s.reason.value,
                                    corrections: s.assignments.map { .init($0.field, Session.normalise($0.value, $0.field)) })
        if let out = try requestIfNeeded(pending, at: s.span, spans: spans) { return out }
        let before = registry.eventCount
        try change(s.span, spans: spans) { () throws(RegistryError) in
            try registry.correct(n, set: s.assignments.map { ($0.field, Session.normalise($0.value, $0.field)) },
                                 reason: s.reason.value, on: s.on?.value)
        }
        let e = registry.event(at: before)
        let what = e.changes.map { "\($0.field.rawValue) \(Session.show($0.before)) → \(Session.show($0.after))" }
        return [.said(.corrected(number: n.description, name: registry.student(id).name, changes: what)),
                .acknowledgement("correct", ["no": .text(n.description), "name": .text(registry.student(id).name),
                                             "changes": .text(what.joined(separator: ", "))])]
    }

    func record(_ s: Statement.Record) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let (n, id) = try studentID(s.number)
        let kind = GrowthKind(rawValue: s.kind.value.rawValue)!
        try change(s.span, spans: dateSpan(s.on)) { () throws(RegistryError) in
            try registry.record(n, kind, s.text.value, on: s.on?.value)
        }
        return [.said(.recorded(kind: kind.rawValue, number: n.description, name: registry.student(id).name)),
                .acknowledgement("record", ["no": .text(n.description), "name": .text(registry.student(id).name), "kind": .text(kind.rawValue)])]
    }

    func confirm(_ s: Statement.Confirm) throws(Diagnostic) -> [OutputItem] {
        try checkTexts(s.texts)
        let (n, id) = try studentID(s.number)
        try change(s.span, spans: dateSpan(s.on)) { () throws(RegistryError) in
            try registry.confirm(n, guardian: s.guardian.value, relation: s.relation.value, on: s.on?.value)
        }
        let name = registry.student(id).name, e = registry.event(at: registry.eventCount - 1)
        let guardian = e.text ?? s.guardian.value, relation = e.relation ?? s.relation.value
        return [.said(.confirmed(number: n.description, name: name, guardian: guardian, relation: relation)),
                .acknowledgement("confirm", ["no": .text(n.description), "name": .text(name), "guardian": .text(guardian),
                                             "relation": .text(relation)])]
    }

    /// `{"statement": "suspend", "no": …, "name": …, "school": …}`.
    func studentAck(_ statement: String, _ n: RegistryNumber, _ id: StudentID) -> OutputItem {
        let st = registry.student(id)
        return .acknowledgement(statement, ["no": .text(n.description), "name": .text(st.name),
                                            "school": .text(registry.school(at: st.schoolIndex).code.description)])
    }

    private func dateSpan(_ on: Located<Day>?) -> [Rule: SourceSpan] { on.map { [.r16: $0.span] } ?? [:] }

    /// A value in a message: `(none)` for null.
    static func show(_ v: Value) -> String { v.isNull ? "(none)" : v.description }
}
