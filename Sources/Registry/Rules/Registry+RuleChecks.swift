/// The checks the operations share; each throws the error naming its rule.
extension Registry {
    /// The student a change names; in a governed registry it must be in the acting session's
    /// scope (R18), unless `scoped` is false (a transfer or next-stage enrolment into the
    /// actor's own scope, which checks the receiving school instead).
    func row(_ number: RegistryNumber, scoped: Bool = true, duringRequest: Bool = false) throws(RegistryError) -> (Int32, StudentRow) {
        guard let r = rowIndex(of: number.rawValue) else { throw RegistryError(nil, "no student has registry number \(number)") }
        let row = rows[Int(r)]
        if scoped { try checkScope(school: row.school, "\(number) (\(name(row.name)))") }
        if !duringRequest { try checkNoOpenRequest(number) }
        return (r, row)
    }

    /// R20: while a request about a student is open, no other change reaches the student
    /// (but a growth record or a correction of a field that needs no approval).
    func checkNoOpenRequest(_ number: RegistryNumber) throws(RegistryError) {
        guard !requestTable.isEmpty, let open = openRequest(for: number) else { return }
        throw RegistryError(.r20, "\(number) has an open request (#\(open.number) \(open.change.kind), awaiting \(open.awaiting.map { "\($0)" } ?? "?")); no other change until it ends")
    }

    /// R18: in a governed registry, a change reaches only the schools in the acting actor's scope.
    func checkScope(school s: Int32, _ what: @autoclosure () -> String) throws(RegistryError) {
        guard isGoverned, let scope, !inScope(school: s, of: scope) else { return }
        let school = schoolRows[Int(s)]
        throw RegistryError(.r18, "\(what()) at \(school.code) \(school.name) is outside the scope of \(scope)")
    }

    /// Whether school `s` is in `scope`: the school itself, or one whose district starts with
    /// the bureau's code.
    func inScope(school s: Int32, of scope: ActorName) -> Bool {
        switch scope.level {
        case .national: return true
        case .school: return schoolRows[Int(s)].code.description == scope.code
        default: return schoolRows[Int(s)].district.description.hasPrefix(scope.code)
        }
    }

    func schoolFor(_ code: SchoolCode) throws(RegistryError) -> (Int32, School) {
        guard let s = schoolByCode[code.rawValue] else { throw RegistryError(nil, "no school has code \(code)") }
        return (s, schoolRows[Int(s)])
    }

    /// R5: the grade belongs to the school's stage.
    static func checkGrade(_ grade: Int, in school: School) throws(RegistryError) {
        guard school.stage.grades.contains(grade) else {
            throw RegistryError(.r5, "\(school.code) \(school.name) is a \(school.stage.rawValue) school (grades \(school.stage.grades.lowerBound)–\(school.stage.grades.upperBound)); grade \(grade) does not belong to it")
        }
    }

    static func checkClass(_ klass: Int?) throws(RegistryError) {
        if let k = klass, !(1...999).contains(k) { throw RegistryError(nil, "class \(k) is out of range (1–999)") }
    }

    /// R2: the ID number's birth date and sex agree with the record.
    static func checkIDAgrees(_ id: IDCardNumber, birth: Day, gender: Gender) throws(RegistryError) {
        guard id.birth == birth else {
            throw RegistryError(.r2, "ID number \(id) gives birth date \(id.birth), but the record says \(birth)")
        }
        guard id.gender == gender else {
            throw RegistryError(.r2, "ID number \(id) is a \(id.gender == .male ? "male" : "female") number (17th digit \(id.digits % 10) is \(id.digits % 2 == 1 ? "odd" : "even")), but the record says gender \(gender.rawValue)")
        }
    }

    /// R16: an event dated after today (`--today` when given) is refused.
    static func afterToday(_ day: Day, _ today: Day) -> RegistryError {
        RegistryError(.r16, "\(day) is after today (\(today)); an event is recorded on or after the day it happens")
    }

    /// R16: not before birth, not before the student's previous event, not after today.
    func checkDate(_ day: Day, row: StudentRow, number: RegistryNumber) throws(RegistryError) {
        guard day <= today else { throw Registry.afterToday(day, today) }
        guard day.rawValue >= row.birth else {
            throw RegistryError(.r16, "\(day) is before \(number) (\(name(row.name))) was born (\(Day(rawValue: row.birth)))")
        }
        guard day.rawValue >= row.lastDay else {
            throw RegistryError(.r16, "\(day) is before the previous event of \(number) (\(name(row.name))) on \(Day(rawValue: row.lastDay))")
        }
    }

    /// The 31 August that an enrolment on `day` counts ages at: enrolments from June on are
    /// for the school year starting that autumn; earlier ones for the year already running.
    static func ageReferenceDay(for day: Day) -> Day {
        let c = day.civil
        return Day(year: c.month >= 6 ? c.year : c.year - 1, month: 8, day: 31)!
    }

    /// R6: the entrant's age at 31 August fits the grade (6–8 for grade 1, shifted for later
    /// grades); otherwise a reason is required.
    static func checkAge(birth: Day, grade: Int, on day: Day, reason: String?) throws(RegistryError) {
        if let reason, !reason.trimmingSpaces.isEmpty { return }
        let ref = Registry.ageReferenceDay(for: day)
        let age = birth.age(on: ref)
        let low = grade + 5, high = grade + 7
        if age < low {
            throw RegistryError(.r6, "a grade-\(grade) entrant must be \(low) by \(ref); a child born \(birth) is \(age) then — give a reason to enrol anyway")
        }
        if age > high {
            throw RegistryError(.r6, "a grade-\(grade) entrant is expected to be \(low)–\(high) on \(ref); a child born \(birth) is \(age) then — give a reason to enrol anyway")
        }
    }

    /// R15: a compulsory-stage enrolment outside the hukou district is allowed but flagged.
    func zoningWarnings(hukou: DistrictCode?, school: School, name: String) -> [RegistryWarning] {
        guard school.stage.isCompulsory, let hukou, hukou != school.district else { return [] }
        return [RegistryWarning(.r15, "\(name)'s hukou district \(hukou) differs from \(school.name)'s district \(school.district); listed by check zoning")]
    }

    /// R3: the next free temporary number for a district and birth date.
    func nextTemporaryNumber(district: DistrictCode, birth: Day) throws(RegistryError) -> RegistryNumber {
        let key = UInt64(district.rawValue) * 100_000_000 + UInt64(birth.compact)!
        let seq = (temporarySequence[key] ?? 0) + 1
        guard seq <= 9999 else {
            throw RegistryError(.r3, "all 9999 temporary numbers for district \(district) and birth date \(birth) are taken")
        }
        return RegistryNumber(temporaryFor: district, birth: birth, sequence: seq)
    }

    /// Remembers an L number's sequence so it is never issued again.
    func noteTemporary(_ number: RegistryNumber) {
        guard number.kind == .l else { return }
        let digits = UInt64(number.body)!
        let key = digits / 10_000, seq = Int(digits % 10_000)
        if seq > temporarySequence[key] ?? 0 { temporarySequence[key] = seq }
    }
}
