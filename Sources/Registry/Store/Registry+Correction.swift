/// Corrections (R11): the old value stays in the history; the number never changes (R3).
extension Registry {
    /// Corrects fields of a record; needs a reason. Re-checks R1, R2 and R16 on the result.
    public func correct(_ number: RegistryNumber, set assignments: [(StudentField, Value)], reason: String,
                        on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(corrections: assignments, reason: reason)
        let keyFields = assignments.contains { Registry.keyFields.contains($0.0) }
        let (r, cur) = try row(number, duringRequest: !keyFields)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r11, .lifecycle(.correctionNeedsReason)) }
        let day = date ?? today
        var s = student(StudentID(r))
        var list: [FieldChange] = []
        for (field, value) in assignments {
            guard field != .no else {
                throw RegistryError(.r3, .identity(.registryNumberNeverChanges(number: number)))
            }
            guard field.isCorrectable else { throw RegistryError(.r11, .lifecycle(.fieldNotCorrectable(field: field))) }
            let before = self.value(field, of: s, on: today)
            let after = try normalised(field, value)
            try apply(field, after, to: &s)
            if before != after { list.append(FieldChange(field, before, after)) }
        }
        guard !list.isEmpty else { throw RegistryError(nil, .lifecycle(.nothingToCorrect)) }
        if let id = s.idCard {
            if let other = lookUp(idCard: id.digits), other != r {
                throw RegistryError(.r1, .identity(.idAlreadyRegistered(id: "\(id)", number: "\(RegistryNumber(rawValue: rows[Int(other)].number))",
                                                                     name: name(rows[Int(other)].name))))
            }
            try Registry.checkIDAgrees(id, birth: s.birth, gender: s.gender, today: today)
            // R3: a student known by a temporary L number gets the G number with the ID number;
            // the L number stays an alias (the G number is the one change `no` ever sees). When
            // the G number is already another student's (whose ID was corrected away), it cannot
            // be issued twice: the student keeps the L number and `check duplicates` lists the pair.
            let old = RegistryNumber(rawValue: cur.number), g = RegistryNumber(idCard: id)
            if old.kind == .l, (partial == nil ? byNumber[g.rawValue] : lookUp(number: g.rawValue)) == nil {
                list.append(FieldChange(.no, .text(old.description), .text(g.description)))
            }
        }
        if s.birth.rawValue != cur.birth {
            guard s.birth <= today else { throw RegistryError(.r2, .identity(.birthAfterToday(birth: s.birth, today: today))) }
            let first = firstEventDay(of: r)
            guard s.birth.rawValue <= first else {
                throw RegistryError(.r16, .identity(.birthAfterFirstEvent(birth: s.birth, first: Day(rawValue: first))))
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
            guard !t.isEmpty else { throw RegistryError(nil, .identity(.nameEmpty)) }
            return .text(t)
        case .gender:
            guard let g = Gender(text: value.description) else { throw RegistryError(nil, .identity(.genderInvalid(value: value))) }
            return .text(g.rawValue)
        case .birth:
            guard case .date = value else { throw RegistryError(nil, .identity(.birthNeedsDate)) }
            return value
        case .id_card:
            if value.isNull || value.description.isEmpty { return .null }
            return .text(try IDCardNumber(validating: value.description).description)
        case .ethnicity:
            let t = value.description.trimmingSpaces
            return t.isEmpty ? .null : .text(t)
        case .hukou:
            if value.isNull { return .null }
            guard let d = DistrictCode(value.description) else { throw RegistryError(nil, .identity(.hukouNeedsDistrictCode(value: value))) }
            try Registry.checkDistrictInForce(d, field: "hukou")
            return .text(d.description)
        case .class:
            if value.isNull { return .null }
            guard case .int(let k) = value else { throw RegistryError(nil, .identity(.classNeedsNumber)) }
            try Registry.checkClass(k)
            return value
        case .migrant, .leftBehind:
            return try Registry.familyAnswer(field, value)
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
        case .migrant: s.migrant = YesNo(rawValue: v.description)
        case .leftBehind: s.leftBehind = YesNo(rawValue: v.description)
        default: break
        }
    }
}
