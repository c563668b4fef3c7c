/// The lifecycle operations. Each checks every rule before it touches anything, so a refusal
/// (a thrown `RegistryError` naming its rule) changes nothing.
extension Registry {
    // MARK: enrolment

    /// First enrolment of a new person (R1–R3, R5, R6, R15, R16); issues the registry number.
    @discardableResult
    public func enrol(_ p: NewStudent, at code: SchoolCode, grade: Int, class klass: Int? = nil,
                      on date: Day? = nil, reason: String? = nil) throws(RegistryError) -> EnrolResult {
        try checkWritable()
        return try enrol(p, at: code, grade: grade, class: klass, on: date, reason: reason, agesAt: nil)
    }

    /// `agesAt` is a second day R6 may judge the grade at: an exported row gives the grade the
    /// student is in today, though the enrolment began earlier (a pupil enrolled in grade 1 in
    /// 2021 and now in grade 5 is the right age for grade 5 now, not in 2021).
    func enrol(_ p: NewStudent, at code: SchoolCode, grade: Int, class klass: Int?,
               on date: Day?, reason: String?, agesAt: Day?) throws(RegistryError) -> EnrolResult {
        let plan = try Registry.planEnrolment(p, schools: SchoolDirectory(self), at: code, grade: grade, class: klass,
                                              on: date ?? today, today: today, reason: reason, agesAt: agesAt)
        let number = try enrol(plan, reason: reason)
        return EnrolResult(number: number, warnings: zoningWarnings(hukou: p.hukou, school: schoolRows[Int(plan.school)], name: plan.name))
    }

    /// The checks of a first enrolment that need no student of the registry (text, name, school
    /// and grade, class, R16, the ID number's R2, R6), in the order `enrol` makes them, so an
    /// import can run them on every core; `enrol(_:reason:)` then makes the rest (R1, R3).
    static func planEnrolment(_ p: NewStudent, schools: SchoolDirectory, at code: SchoolCode, grade: Int, class klass: Int?,
                              on day: Day, today: Day, reason: String?, agesAt: Day?) throws(RegistryError) -> EnrolmentPlan {
        try TextRules.check((.name, p.name), (.ethnicity, p.ethnicity), (.reason, reason))
        let name = p.name.trimmingSpaces
        guard !name.isEmpty else { throw RegistryError(nil, .identity(.studentNeedsName)) }
        let (s, stage, district) = try schools.find(code)
        // The School (and its strings) only for the message: retaining it on every row costs.
        if !stage.grades.contains(grade) { try checkGrade(grade, in: schools.rows[Int(s)]) }
        try checkClass(klass)
        if let h = p.hukou { try checkDistrictInForce(h, field: "hukou") }
        guard p.birth <= today else { throw RegistryError(.r2, .identity(.birthAfterToday(birth: p.birth, today: today))) }
        guard day >= p.birth else {
            throw RegistryError(.r16, .identity(.enrolmentBeforeBirth(day: day, birth: p.birth)))
        }
        guard day <= today else { throw Registry.afterToday(day, today) }
        var idDigits: UInt64 = 0, number: UInt64 = 0
        if let text = p.idCard?.trimmingSpaces, !text.isEmpty {
            let id = try IDCardNumber(validating: text)
            try checkIDAgrees(id, birth: p.birth, gender: p.gender, today: today)
            idDigits = id.digits
            number = RegistryNumber(idCard: id).rawValue
        }
        // R6 is judged after R1/R3 (a duplicate is the better message); only the verdict is kept.
        var ageRefused = false
        if (try? checkAge(birth: p.birth, grade: grade, on: day, reason: reason)) == nil {
            ageRefused = agesAt.map { (try? checkAge(birth: p.birth, grade: grade, on: $0, reason: reason)) == nil } ?? true
        }
        let outside = stage.isCompulsory && p.hukou != nil && p.hukou != district
        return EnrolmentPlan(name: name, ethnicity: p.ethnicity.trimmingSpaces, idCard: idDigits, number: number,
                             birth: p.birth, day: day, hukou: p.hukou, school: s, klass: UInt16(klass ?? 0),
                             grade: UInt8(grade), gender: p.gender, ageRefused: ageRefused, outsideHukouDistrict: outside,
                             family: StudentRow.family(migrant: p.migrant, leftBehind: p.leftBehind))
    }

    /// The rest of a first enrolment, against the registry's students: R1 (the ID number is
    /// new), R3 (a temporary number is free), then R6 as planned; issues the number.
    @discardableResult
    func enrol(_ e: EnrolmentPlan, reason: String?) throws(RegistryError) -> RegistryNumber {
        try checkScope(school: e.school, .enrollingNew(name: e.name))
        if e.idCard != 0, !requestTable.isEmpty,
           let open = requestTable.last(where: { $0.status == .open && $0.change.newStudent?.idCard.flatMap(IDCardNumber.init)?.digits == e.idCard }) {
            throw RegistryError(.r1, .identity(.idHasOpenRequest(id: "\(IDCardNumber(digits: e.idCard))", request: open.number)))
        }
        if e.idCard != 0 {
            let id = IDCardNumber(digits: e.idCard)
            if let other = lookUp(idCard: e.idCard) {
                throw RegistryError(.r1, .identity(.idAlreadyRegistered(id: "\(id)", number: "\(RegistryNumber(rawValue: rows[Int(other)].number))",
                                                                     name: name(rows[Int(other)].name))))
            }
            // `rowIndex(of:)` without its first look-up: the ID index was just asked and has no entry.
            if let other = partial == nil ? byNumber[e.number] : lookUp(number: e.number) {
                // The ID was corrected away from the student whose number still holds it.
                throw RegistryError(.r1, .lifecycle(.idIsCorrectedNumber(id: id, number: RegistryNumber(rawValue: e.number),
                                                                         name: name(rows[Int(other)].name))))
            }
        }
        let number: RegistryNumber
        if e.kept != 0 {
            // An imported L or J number is kept as issued, once: never one a student has (or had: an alias).
            number = RegistryNumber(rawValue: e.kept)
            if let other = lookUp(number: e.kept) {
                throw RegistryError(.r3, .identity(.numberAlreadyIssued(number: number, name: name(rows[Int(other)].name))))
            }
        } else if e.idCard != 0 {
            number = RegistryNumber(rawValue: e.number)
        } else {
            number = try nextTemporaryNumber(district: e.hukou ?? schoolRows[Int(e.school)].district, birth: e.birth)
        }
        if e.ageRefused { try Registry.checkAge(birth: e.birth, grade: Int(e.grade), on: e.day, reason: reason) }
        let row = StudentRow(
            number: number.rawValue, idCard: e.idCard, name: nameRef(e.name), birth: e.birth.rawValue,
            enrolledOn: e.day.rawValue, statusSince: e.day.rawValue, lastDay: e.day.rawValue,
            hukou: e.hukou?.rawValue ?? 0, school: e.school, lastEvent: Int32(events.count),
            ethnicity: UInt16(ethnicities.intern(e.ethnicity)), klass: e.klass,
            grade: e.grade, gender: e.gender.code, status: Status.active.code, family: e.family, unconfirmedSince: e.day.rawValue)
        if number.kind == .l { noteTemporary(number) }
        let r = insertRow(row)
        recordFirstEnrolment(row: r, day: e.day, text: reason)
        return number
    }

    /// Enrolment of a registered student: the next stage (R10) or a return after withdrawal,
    /// under the same number (R3, R4, R5, R6, R15, R16).
    @discardableResult
    public func enrol(_ number: RegistryNumber, at code: SchoolCode, grade: Int, class klass: Int? = nil,
                      on date: Day? = nil, reason: String? = nil) throws(RegistryError) -> EnrolResult {
        try checkWritable()
        let day = date ?? today
        let (r, cur) = try row(number, scoped: false)
        try TextRules.check(.reason, reason)
        let (s, school) = try schoolFor(code)
        try checkScope(school: s, .enrolling(number: number, name: name(cur.name)))
        let status = Status(code: cur.status)
        if status == .active || status == .suspended {
            let at = schoolRows[Int(cur.school)]
            throw RegistryError(.r4, .lifecycle(.alreadyEnrolled(number: number, name: name(cur.name), status: status,
                                                                 school: at.code, schoolName: at.name,
                                                                 stage: Stage.of(grade: Int(cur.grade))!, newStage: school.stage)))
        }
        try Registry.checkGrade(grade, in: school)
        try Registry.checkClass(klass)
        let lastStage = Stage.of(grade: Int(cur.grade))!
        if status == .graduated {
            guard let next = lastStage.next else {
                throw RegistryError(.r10, .lifecycle(.noStageAfterSenior(number: number, name: name(cur.name))))
            }
            guard school.stage == next else {
                throw RegistryError(.r10, .lifecycle(.notNextStage(number: number, name: name(cur.name), graduated: lastStage, next: next,
                                                                   school: code, schoolStage: school.stage)))
            }
        } else if school.stage > lastStage {
            throw RegistryError(.r10, .lifecycle(.withdrewWithoutGraduating(number: number, name: name(cur.name), stage: lastStage, newStage: school.stage)))
        }
        try checkDate(day, row: cur, number: number)
        try Registry.checkAge(birth: Day(rawValue: cur.birth), grade: grade, on: day, reason: reason)
        let list = [
            FieldChange(.school, .text(schoolRows[Int(cur.school)].code.description), .text(code.description)),
            FieldChange(.grade, .int(Int(cur.grade)), .int(grade)),
            FieldChange(.class, cur.klass == 0 ? .null : .int(Int(cur.klass)), klass.map(Value.int) ?? .null),
            FieldChange(.status, .text(status.rawValue), .text(Status.active.rawValue)),
            FieldChange(.enrolledOn, .date(Day(rawValue: cur.enrolledOn)), .date(day)),
        ].filter { $0.before != $0.after }
        record(.enrol, row: r, day: day, changes: list, text: reason)
        _ = s
        let hukou = cur.hukou == 0 ? nil : DistrictCode(rawValue: cur.hukou)
        return EnrolResult(number: number, warnings: zoningWarnings(hukou: hukou, school: school, name: name(cur.name)))
    }

    // MARK: movement

    /// Moves an active student to another school (R7, R16); `grade` changes the grade too.
    @discardableResult
    public func transfer(_ number: RegistryNumber, to code: SchoolCode, grade: Int? = nil,
                         on date: Day? = nil, reason: String? = nil) throws(RegistryError) -> [RegistryWarning] {
        try checkWritable()
        try TextRules.check(.reason, reason)
        let day = date ?? today
        let (r, cur) = try row(number, scoped: false)
        guard Status(code: cur.status) == .active else {
            throw RegistryError(.r7, .lifecycle(.transferNeedsActive(number: number, name: name(cur.name), status: Status(code: cur.status))))
        }
        guard let s = schoolByCode[code.rawValue] else { throw RegistryError(.r7, .identity(.noSchool(code: "\(code)"))) }
        try checkScope(school: s, .transferInto(number: number, name: name(cur.name)))
        let from = schoolRows[Int(cur.school)], to = schoolRows[Int(s)]
        guard s != cur.school else {
            throw RegistryError(.r7, .lifecycle(.transferSameSchool(number: number, name: name(cur.name), school: code, schoolName: to.name)))
        }
        let g = grade ?? Int(cur.grade)
        let stage = Stage.of(grade: Int(cur.grade))!
        guard stage.grades.contains(g) else {
            throw RegistryError(.r7, .lifecycle(.transferLeavesStage(number: number, name: name(cur.name), stage: stage, grade: g)))
        }
        guard to.stage.grades.contains(g) else {
            throw RegistryError(.r7, .lifecycle(.schoolHoldsNoGrade(school: code, name: to.name, stage: to.stage, grade: g)))
        }
        try checkDate(day, row: cur, number: number)
        let list = [
            FieldChange(.school, .text(from.code.description), .text(to.code.description)),
            FieldChange(.grade, .int(Int(cur.grade)), .int(g)),
            FieldChange(.class, cur.klass == 0 ? .null : .int(Int(cur.klass)), .null),
            FieldChange(.enrolledOn, .date(Day(rawValue: cur.enrolledOn)), .date(day)),
        ].filter { $0.before != $0.after }
        record(.transfer, row: r, day: day, changes: list, text: reason)
        return zoningWarnings(hukou: cur.hukou == 0 ? nil : DistrictCode(rawValue: cur.hukou), school: to, name: name(cur.name))
    }

    /// Moves an active student up one grade (R8, R16).
    public func promote(_ number: RegistryNumber, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        let (r, _) = try row(number)
        try promote(row: r, on: date ?? today)
    }

    /// Graduates an active student in the stage's final grade (R9, R16).
    public func graduate(_ number: RegistryNumber, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        let (r, _) = try row(number)
        try graduate(row: r, on: date ?? today)
    }

    /// Promotes each student that qualifies; the others are counted by the rule that skipped them.
    public func promote(_ ids: [StudentID], on date: Day? = nil,
                        progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> BulkResult {
        try checkWritable()
        return try bulk(ids, progress: progress) { r throws(RegistryError) in try promote(row: r, on: date ?? today) }
    }

    /// Graduates each student that qualifies; the others are counted by the rule that skipped them.
    public func graduate(_ ids: [StudentID], on date: Day? = nil,
                         progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> BulkResult {
        try checkWritable()
        return try bulk(ids, progress: progress) { r throws(RegistryError) in try graduate(row: r, on: date ?? today) }
    }

    func bulk(_ ids: [StudentID], progress: ((Int, Int) -> Void)?, listing: Bool = false,
              _ op: (Int32) throws(RegistryError) -> Void) throws(RegistryError) -> BulkResult {
        var result = BulkResult()
        // Each student once, however often listed: a bit per row, not a hashed set.
        var seen = [UInt64](repeating: 0, count: (rows.count + 63) / 64)
        func firstTime(_ r: Int32) -> Bool {
            let (w, b) = (Int(r) >> 6, UInt64(1) << UInt64(r & 63))
            defer { seen[w] |= b }
            return seen[w] & b == 0
        }
        for (n, id) in ids.enumerated() where firstTime(id.index) {
            if n % 4096 == 0 { progress?(n, ids.count); try checkCancelled() }
            do throws(RegistryError) { try op(id.index); result.changed += 1 }
            catch {
                result.skipped[error.rule ?? .r16, default: 0] += 1
                if listing { result.refusals.append(.init(student: id, error: error)) }
            }
        }
        return result
    }

    func promote(row r: Int32, on day: Day) throws(RegistryError) {
        let cur = rows[Int(r)], number = RegistryNumber(rawValue: cur.number)
        try checkScope(school: cur.school, .student(number: number, name: name(cur.name)))
        try checkNoOpenRequest(number)
        guard Status(code: cur.status) == .active else {
            throw RegistryError(.r8, .lifecycle(.promoteNeedsActive(number: number, name: name(cur.name), status: Status(code: cur.status))))
        }
        let stage = Stage.of(grade: Int(cur.grade))!
        guard Int(cur.grade) < stage.finalGrade else {
            throw RegistryError(.r8, .lifecycle(.promoteFinalGrade(number: number, name: name(cur.name), grade: Int(cur.grade), stage: stage)))
        }
        try checkDate(day, row: cur, number: number)
        let list = [FieldChange(.grade, .int(Int(cur.grade)), .int(Int(cur.grade) + 1))]
        record(.promote, row: r, day: day, changes: list)
    }

    func graduate(row r: Int32, on day: Day) throws(RegistryError) {
        let cur = rows[Int(r)], number = RegistryNumber(rawValue: cur.number)
        try checkScope(school: cur.school, .student(number: number, name: name(cur.name)))
        try checkNoOpenRequest(number)
        let status = Status(code: cur.status)
        guard status == .active else {
            throw RegistryError(.r9, .lifecycle(.graduateNeedsActive(number: number, name: name(cur.name), status: status)))
        }
        let stage = Stage.of(grade: Int(cur.grade))!
        guard Int(cur.grade) == stage.finalGrade else {
            throw RegistryError(.r9, .lifecycle(.graduateNotFinalGrade(number: number, name: name(cur.name), grade: Int(cur.grade), stage: stage)))
        }
        try checkDate(day, row: cur, number: number)
        let list = [FieldChange(.status, .text(status.rawValue), .text(Status.graduated.rawValue))]
        record(.graduate, row: r, day: day, changes: list)
    }

    // MARK: status

    /// Suspends an active student (休学); needs a reason (R13, R16).
    public func suspend(_ number: RegistryNumber, reason: String, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.reason, reason)
        let (r, cur) = try row(number)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r13, .lifecycle(.suspensionNeedsReason)) }
        guard Status(code: cur.status) == .active else {
            throw RegistryError(.r13, .lifecycle(.suspendNeedsActive(number: number, name: name(cur.name), status: Status(code: cur.status))))
        }
        try statusChange(.suspend, r, cur, number, to: .suspended, on: date ?? today, reason: reason)
    }

    /// Brings a suspended student back (复学) (R13, R16).
    public func resume(_ number: RegistryNumber, on date: Day? = nil, reason: String? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.reason, reason)
        let (r, cur) = try row(number)
        guard Status(code: cur.status) == .suspended else {
            throw RegistryError(.r13, .lifecycle(.resumeNeedsSuspended(number: number, name: name(cur.name), status: Status(code: cur.status))))
        }
        try statusChange(.resume, r, cur, number, to: .active, on: date ?? today, reason: reason)
    }

    /// Records a withdrawal (退学); needs a reason (R12, R16).
    public func withdraw(_ number: RegistryNumber, reason: String, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.reason, reason)
        let (r, cur) = try row(number)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r12, .lifecycle(.withdrawalNeedsReason)) }
        let status = Status(code: cur.status)
        guard status == .active || status == .suspended else {
            throw RegistryError(.r12, .lifecycle(.withdrawNeedsActiveOrSuspended(number: number, name: name(cur.name), status: status)))
        }
        try statusChange(.withdraw, r, cur, number, to: .withdrawn, on: date ?? today, reason: reason)
    }

    /// Voids a registration made by mistake (a child entered twice): status `voided`, kept with
    /// its history; needs a reason.
    public func void(_ number: RegistryNumber, reason: String, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.reason, reason)
        let (r, cur) = try row(number)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r11, .lifecycle(.voidNeedsReason)) }
        guard Status(code: cur.status) != .voided else { throw RegistryError(nil, .lifecycle(.alreadyVoided(number: number, name: name(cur.name)))) }
        try statusChange(.void, r, cur, number, to: .voided, on: date ?? today, reason: reason)
    }

    func statusChange(_ kind: EventKind, _ r: Int32, _ cur: StudentRow, _ number: RegistryNumber,
                              to status: Status, on day: Day, reason: String?) throws(RegistryError) {
        try checkDate(day, row: cur, number: number)
        record(kind, row: r, day: day,
               changes: [FieldChange(.status, .text(Status(code: cur.status).rawValue), .text(status.rawValue))], text: reason)
    }

    // MARK: records

    /// Adds a growth record (award, activity, aid, health, talent) (R16).
    public func record(_ number: RegistryNumber, _ kind: GrowthKind, _ text: String, on date: Day? = nil) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.text, text)
        let (r, cur) = try row(number, duringRequest: true)
        guard !text.trimmingSpaces.isEmpty else { throw RegistryError(nil, .lifecycle(.recordNeedsText(kind: kind))) }
        let day = date ?? today
        try checkDate(day, row: cur, number: number)
        record(.record, row: r, day: day, changes: [], text: text, detail: UInt8(GrowthKind.allCases.firstIndex(of: kind)! + 1))
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces (ASCII and ideographic U+3000). Works on
    /// UTF-8 bytes: comparing `Character`s costs a string comparison each, on every enrolment.
    var trimmingSpaces: String {
        // Fast path: nothing to trim (almost always) — no copy of the bytes.
        if let f = utf8.first, let l = utf8.reversed().first, f != 0x20, f != 0x09, f != 0x0A, f != 0x0D, f != 0xE3,
           l != 0x20, l != 0x09, l != 0x0A, l != 0x0D, l != 0x80 {
            return String(self)
        }
        var u = Array(utf8)
        func isSpaceEnd(_ end: Int) -> Int {     // bytes of a space ending at `end` (exclusive), 0 if none
            guard end > 0 else { return 0 }
            let b = u[end - 1]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
            if end >= 3, u[end - 3] == 0xE3, u[end - 2] == 0x80, b == 0x80 { return 3 }
            return 0
        }
        func isSpaceStart(_ start: Int) -> Int {
            guard start < u.count else { return 0 }
            let b = u[start]
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
            if start + 2 < u.count, b == 0xE3, u[start + 1] == 0x80, u[start + 2] == 0x80 { return 3 }
            return 0
        }
        var a = 0, e = u.count
        while a < e { let n = isSpaceStart(a); if n == 0 { break }; a += n }
        while e > a { let n = isSpaceEnd(e); if n == 0 { break }; e -= n }
        if a == 0 && e == u.count { return String(self) }
        u = Array(u[a..<e])
        return String(decoding: u, as: UTF8.self)
    }
}

extension String {
    /// `StringProtocol.trimmingSpaces` on the string's own UTF-8 bytes: no array, and no copy
    /// when there is nothing to trim (an import trims three fields of every row).
    var trimmingSpaces: String {
        var s = self
        return s.withUTF8 { u in
            func spaceStart(_ i: Int) -> Int {   // bytes of a space starting at `i`, 0 if none
                let b = u[i]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
                return b == 0xE3 && i + 2 < u.count && u[i + 1] == 0x80 && u[i + 2] == 0x80 ? 3 : 0
            }
            func spaceEnd(_ end: Int) -> Int {   // bytes of a space ending at `end` (exclusive), 0 if none
                let b = u[end - 1]
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
                return b == 0x80 && end >= 3 && u[end - 3] == 0xE3 && u[end - 2] == 0x80 ? 3 : 0
            }
            var a = 0, e = u.count
            while a < e { let n = spaceStart(a); if n == 0 { break }; a += n }
            while e > a { let n = spaceEnd(e); if n == 0 { break }; e -= n }
            if a == 0 && e == u.count { return self }
            return String(decoding: UnsafeBufferPointer(rebasing: u[a..<e]), as: UTF8.self)
        }
    }
}
