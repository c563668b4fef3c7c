/// Corrections (R11): the old value stays in the history; the number never changes (R3).
extension Registry {
    /// Corrects fields of a record; needs a reason. Re-checks R1, R2 and R16 on the result.
    public func correct(_ number: RegistryNumber, set assignments: [(StudentField, Value)], reason: String,
                        on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(corrections: assignments, reason: reason)
        let keyFields = assignments.contains { Registry.keyFields.contains($0.0) }
        let (r, cur) = try row(number, duringRequest: !keyFields)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r11, "a correction needs a reason") }
        let day = date ?? today
        var s = student(StudentID(r))
        var list: [FieldChange] = []
        for (field, value) in assignments {
            guard field != .no else {
                throw RegistryError(.r3, "the registry number \(number) is issued once and never changes")
            }
            guard field.isCorrectable else {
                let how: String
                switch field {
                case .school: how = "use transfer"
                case .grade: how = "use promote or transfer … grade N"
                case .status: how = "use suspend, resume, withdraw or graduate"
                case .enrolledOn: how = "it is the date of the enrolment event"
                default: how = "it is computed from other fields"
                }
                throw RegistryError(.r11, "\(field.rawValue) cannot be corrected: \(how)")
            }
            let before = self.value(field, of: s, on: today)
            let after = try normalised(field, value)
            try apply(field, after, to: &s)
            if before != after { list.append(FieldChange(field, before, after)) }
        }
        guard !list.isEmpty else { throw RegistryError(nil, "nothing to correct: the record already holds these values") }
        if let id = s.idCard {
            if let other = byIDCard[id.digits], other != r {
                throw RegistryError(.r1, "ID number \(id) is already registered as \(RegistryNumber(rawValue: rows[Int(other)].number)) (\(name(rows[Int(other)].name)))")
            }
            try Registry.checkIDAgrees(id, birth: s.birth, gender: s.gender)
        }
        if s.birth.rawValue != cur.birth {
            guard s.birth <= today else { throw RegistryError(.r2, "the birth date \(s.birth) is after today (\(today))") }
            let first = firstEventDay(of: r)
            guard s.birth.rawValue <= first else {
                throw RegistryError(.r16, "birth date \(s.birth) is after the student's first event on \(Day(rawValue: first))")
            }
        }
        try checkDate(day, row: cur, number: number)
        record(.correct, row: r, day: day, changes: list, text: reason)
    }

    private func firstEventDay(of r: Int32) -> Int32 {
        var e = rows[Int(r)].lastEvent, day = rows[Int(r)].lastDay
        while e >= 0 { day = events[Int(e)].day; e = events[Int(e)].prev }
        return day
    }

    /// Validates a corrected value and brings it to the stored form.
    private func normalised(_ field: StudentField, _ value: Value) throws(RegistryError) -> Value {
        switch field {
        case .name:
            let t = value.description.trimmingSpaces
            guard !t.isEmpty else { throw RegistryError(nil, "a name cannot be empty") }
            return .text(t)
        case .gender:
            guard let g = Gender(text: value.description) else { throw RegistryError(nil, "gender is M or F (男/女), not '\(value)'") }
            return .text(g.rawValue)
        case .birth:
            guard case .date = value else { throw RegistryError(nil, "birth needs a date (YYYY-MM-DD)") }
            return value
        case .id_card:
            if value.isNull || value.description.isEmpty { return .null }
            return .text(try IDCardNumber(validating: value.description).description)
        case .ethnicity:
            let t = value.description.trimmingSpaces
            return t.isEmpty ? .null : .text(t)
        case .hukou:
            if value.isNull { return .null }
            guard let d = DistrictCode(value.description) else { throw RegistryError(nil, "hukou needs a 6-digit district code, not '\(value)'") }
            return .text(d.description)
        case .class:
            if value.isNull { return .null }
            guard case .int(let k) = value else { throw RegistryError(nil, "class needs a number") }
            try Registry.checkClass(k)
            return value
        default:
            return value
        }
    }

    private func apply(_ field: StudentField, _ v: Value, to s: inout Student) throws(RegistryError) {
        switch field {
        case .name: s.name = v.description
        case .gender: s.gender = Gender(text: v.description)!
        case .birth: if case .date(let d) = v { s.birth = d }
        case .id_card: s.idCard = v.isNull ? nil : IDCardNumber(v.description)
        case .ethnicity: s.ethnicity = v.description
        case .hukou: s.hukou = DistrictCode(v.description)
        case .class: if case .int(let k) = v { s.klass = k } else { s.klass = nil }
        default: break
        }
    }
}
