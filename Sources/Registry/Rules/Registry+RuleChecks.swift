/// The checks the operations share; each throws the error naming its rule.
extension Registry {
    /// The student a change names; in a governed registry it must be in the acting session's
    /// scope (R18), unless `scoped` is false (a transfer or next-stage enrolment into the
    /// actor's own scope, which checks the receiving school instead).
    func row(_ number: RegistryNumber, scoped: Bool = true, duringRequest: Bool = false) throws(RegistryError) -> (Int32, StudentRow) {
        guard let r = lookUp(number: number.rawValue) else { throw RegistryError(nil, .identity(.noStudent(number: "\(number)"))) }
        let row = rows[Int(r)]
        if scoped { try checkScope(school: row.school, .student(number: number, name: name(row.name))) }
        if !duringRequest { try checkNoOpenRequest(number) }
        return (r, row)
    }

    /// R20: while a request about a student is open, no other change reaches the student
    /// (but a growth record or a correction of a field that needs no approval).
    func checkNoOpenRequest(_ number: RegistryNumber) throws(RegistryError) {
        guard !requestTable.isEmpty, let open = openRequest(for: number) else { return }
        throw RegistryError(.r20, .lifecycle(.studentHasOpenRequest(number: number, request: open.number, kind: open.change.kind,
                                                                     awaiting: open.awaiting)))
    }

    /// R18: in a governed registry, a change reaches only the schools in the acting actor's scope.
    func checkScope(school s: Int32, _ what: @autoclosure () -> LifecycleMessage.ScopeSubject) throws(RegistryError) {
        guard isGoverned, let scope, !inScope(school: s, of: scope) else { return }
        let school = schoolRows[Int(s)]
        throw RegistryError(.r18, .lifecycle(.outsideScope(subject: what(), school: school.code, schoolName: school.name, scope: scope)))
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
        guard let s = schoolByCode[code.rawValue] else { throw RegistryError(nil, .identity(.noSchool(code: "\(code)"))) }
        return (s, schoolRows[Int(s)])
    }

    /// R5: the grade belongs to the school's stage.
    static func checkGrade(_ grade: Int, in school: School) throws(RegistryError) {
        guard school.stage.grades.contains(grade) else {
            throw RegistryError(.r5, .identity(.gradeNotInSchoolStage(school: school.code, name: school.name, stage: school.stage, grade: grade)))
        }
    }

    /// A hukou or a school's district names a code in force today (GB/T 2260).
    public static func checkDistrictInForce(_ code: DistrictCode, field: String) throws(RegistryError) {
        let table = DistrictTable.standard
        guard !table.isInForce(code.rawValue) else { return }
        throw RegistryError(nil, .identity(.districtNotInForce(field: field, code: code.description, name: table.name(of: code.rawValue),
                                                               to: table.periods(of: code.rawValue).last?.to)))
    }

    static func checkClass(_ klass: Int?) throws(RegistryError) {
        if let k = klass, !(1...999).contains(k) { throw RegistryError(nil, .identity(.classOutOfRange(klass: k))) }
    }

    /// R2: the ID number's birth date and sex agree with the record, and its district code was
    /// in force at some time from the birth to today (GB/T 2260).
    static func checkIDAgrees(_ id: IDCardNumber, birth: Day, gender: Gender, today: Day) throws(RegistryError) {
        let code = UInt32(id.digits / 100_000_000_000)
        let table = DistrictTable.standard
        if !table.wasInForce(code, from: birth.civil.year, to: today.civil.year) {
            let periods = table.periods(of: code)
            guard let name = table.name(of: code) else {
                throw RegistryError(.r2, .identity(.idDistrictUnknown(id: "\(id)", code: String(code))))
            }
            throw RegistryError(.r2, .identity(.idDistrictNotInForce(id: "\(id)", code: String(code), name: name,
                                                                    from: periods.last?.from, to: periods.last?.to, birthYear: birth.civil.year)))
        }
        guard id.birth == birth else {
            throw RegistryError(.r2, .identity(.idBirthDisagrees(id: id, birth: birth)))
        }
        guard id.gender == gender else {
            throw RegistryError(.r2, .identity(.idGenderDisagrees(id: id, gender: gender)))
        }
    }

    /// R16: an event dated after today (`--today` when given) is refused.
    static func afterToday(_ day: Day, _ today: Day) -> RegistryError {
        RegistryError(.r16, .identity(.afterToday(day: day, today: today)))
    }

    /// R16: not before birth, not before the student's previous event, not after today.
    func checkDate(_ day: Day, row: StudentRow, number: RegistryNumber) throws(RegistryError) {
        guard day <= today else { throw Registry.afterToday(day, today) }
        guard day.rawValue >= row.birth else {
            throw RegistryError(.r16, .identity(.beforeBirth(day: day, number: number, name: name(row.name), birth: Day(rawValue: row.birth))))
        }
        guard day.rawValue >= row.lastDay else {
            throw RegistryError(.r16, .identity(.beforePreviousEvent(day: day, number: number, name: name(row.name),
                                                                  previous: Day(rawValue: row.lastDay))))
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
            throw RegistryError(.r6, .lifecycle(.entrantTooYoung(grade: grade, reference: ref, birth: birth, age: age)))
        }
        if age > high {
            throw RegistryError(.r6, .lifecycle(.entrantAgeUnexpected(grade: grade, reference: ref, birth: birth, age: age)))
        }
    }

    /// R15: a compulsory-stage enrolment outside the hukou district is allowed but flagged.
    func zoningWarnings(hukou: DistrictCode?, school: School, name: String) -> [RegistryWarning] {
        guard school.stage.isCompulsory, let hukou, hukou != school.district else { return [] }
        return [RegistryWarning(.r15, .lifecycle(.outsideHukouDistrict(name: name, hukou: hukou, school: school.name, district: school.district)))]
    }

    /// R3: the next free temporary number for a district and birth date.
    func nextTemporaryNumber(district: DistrictCode, birth: Day) throws(RegistryError) -> RegistryNumber {
        let key = UInt64(district.rawValue) * 100_000_000 + UInt64(birth.compact)!
        while true {
            let seq = (temporarySequence[key] ?? 0) + 1
            guard seq <= 9999 else {
                throw RegistryError(.r3, .identity(.temporaryNumbersExhausted(district: district, birth: birth)))
            }
            let number = RegistryNumber(temporaryFor: district, birth: birth, sequence: seq)
            // A registry holding some students asks the server whether another has it (or had:
            // an alias); the student fetched notes its sequence, and the next is tried.
            guard let partial else { return number }
            if rowIndex(of: number.rawValue) == nil {
                let fetched = partial.fetched
                _ = fetchStudent(.number(number))
                guard partial.fetched > fetched else { return number }
            }
            noteTemporary(number)
        }
    }

    /// Remembers an L number's sequence so it is never issued again.
    func noteTemporary(_ number: RegistryNumber) {
        guard number.kind == .l else { return }
        let digits = UInt64(number.body)!
        let key = digits / 10_000, seq = Int(digits % 10_000)
        if seq > temporarySequence[key] ?? 0 { temporarySequence[key] = seq }
    }
}
