/// One students row, from fields to a planned enrolment (on any core), then enrolled and its
/// status restored (on the registry's thread). A CSV record and a spreadsheet's row go the
/// same way, so both kinds of file give the same registry and the same refusals.
///
/// How a row's state is restored (an export → import round trip gives every student back as
/// it stands, whatever its status): the student is enrolled on `enrolled_on` (the first
/// enrolment, with the row's reason); a status other than active is then the status change an
/// administrator would have made — `graduate`, `suspend`, `withdraw` or `void` — on
/// `status_on` (today when empty, as a statement without `on`), with the row's reason, under
/// the same rules (R9, R12, R13, R11, R16). The history shows both events, as recorded.
extension Registry {
    /// Reads and plans one data row: every check that needs no student of the registry.
    static func planStudentRow<F: ImportFields>(_ f: F, line: Int, columns c: StudentColumns, schools: SchoolDirectory,
                                                today: Day, into part: inout ParsedPart) {
        func fail(_ problem: StorageMessage, rule: Rule? = nil) {
            part.refused.append(RefusedRow(line: line, rule: rule, problem: .storage(problem)))
        }
        guard f.count == c.count else { return fail(.fieldCount(expected: c.count, found: f.count)) }
        if !c.header.unnamed.isEmpty, let problem = c.header.valueUnderNoName(f) { return fail(problem) }
        let genderText = f.string(c.gender)
        guard let gender = Gender(text: genderText) else { return fail(.badGender(genderText)) }
        guard let birth = f.with(c.birth, CSVField.day) else {
            return fail(.notDate(column: c.label(.birthDate), text: f.string(c.birth)))
        }
        let hukouEmpty = f.with(c.hukou) { $0.isEmpty }
        let hukou = f.with(c.hukou, CSVField.district)
        guard hukouEmpty || hukou != nil else {
            return fail(.notDistrictCode(column: c.label(.hukou), text: f.string(c.hukou)))
        }
        guard let school = f.with(c.school, CSVField.school) else {
            return fail(.notSchoolCode(column: c.label(.school), text: f.string(c.school)))
        }
        guard let grade = f.with(c.grade, CSVField.int), (1...12).contains(grade) else {
            return fail(.badGrade(f.string(c.grade)), rule: .r5)
        }
        let enrolledEmpty = f.with(c.enrolled) { $0.isEmpty }
        let enrolled: Day? = enrolledEmpty ? today : f.with(c.enrolled, CSVField.day)
        guard let enrolled else { return fail(.notDate(column: c.label(.enrolledOn), text: f.string(c.enrolled))) }
        // The optional columns, each only when the file has it: an import of the nine
        // columns reads no more per row than before they existed.
        var klass: Int? = nil, status = Status.active, statusDay = today, reason: String? = nil, kept: RegistryNumber? = nil
        if let k = c.klass, !f.with(k, { $0.isEmpty }) {
            guard let v = f.with(k, CSVField.int) else { return fail(.notClassNumber(column: c.label(.class), text: f.string(k))) }
            klass = v
        }
        // An export's rows say `active` and repeat the ID number in `no`: both are read from
        // the bytes, with no string made.
        if let s = c.status, !f.with(s, { $0.isEmpty || CSVField.isActive($0) }) {
            let text = f.string(s)
            guard let v = Status(importText: text) else { return fail(.badStatus(column: c.label(.status), text: text)) }
            status = v
        }
        if let s = c.statusOn, status != .active, !f.with(s, { $0.isEmpty }) {
            guard let d = f.with(s, CSVField.day) else { return fail(.notDate(column: c.label(.statusOn), text: f.string(s))) }
            statusDay = d
        }
        if let r = c.reason, !f.with(r, { $0.isEmpty }) { reason = f.string(r) }
        if let n = c.no, !f.with(n, { $0.isEmpty }) {
            guard let v = f.with(n, CSVField.registryNumber) else {
                return fail(.badRegistryNumber(column: c.label(.no), text: f.string(n)), rule: .r3)
            }
            kept = v
        }
        var family: (migrant: UInt8, leftBehind: UInt8) = (0, 0)
        if let m = c.migrant {
            guard let v = familyCode(f, m) else { return fail(.notFamilyAnswer(column: c.label(.migrant), text: f.string(m))) }
            family.migrant = v
        }
        if let l = c.leftBehind {
            guard let v = familyCode(f, l) else { return fail(.notFamilyAnswer(column: c.label(.leftBehind), text: f.string(l))) }
            family.leftBehind = v
        }
        let idCard = f.string(c.id)
        let p = NewStudent(name: f.string(c.name), gender: gender, birth: birth, idCard: idCard.isEmpty ? nil : idCard,
                           ethnicity: f.string(c.ethnicity), hukou: hukou,
                           migrant: YesNo.decode(family.migrant), leftBehind: YesNo.decode(family.leftBehind))
        do throws(RegistryError) {
            // R6 judges the grade the row gives at the day it held it: today for a student in
            // school, the status day for one who has left (a graduate of 2015 was of age then).
            var plan = try planEnrolment(p, schools: schools, at: school, grade: grade, class: klass, on: enrolled, today: today,
                                         reason: reason, agesAt: status == .active ? today : statusDay)
            if let kept {
                let id = plan.idCard == 0 ? nil : IDCardNumber(digits: plan.idCard).description
                switch kept.kind {
                case .g:
                    // Equal to the number of the ID just validated: a valid G number. A G number
                    // that is none (its check character wrong) is said to be so.
                    guard kept.rawValue == plan.number else {
                        guard RegistryNumber(kept.description) != nil else {
                            return fail(.badRegistryNumber(column: c.label(.no), text: kept.description), rule: .r3)
                        }
                        return fail(.numberNotOfIDCard(number: "\(kept)", idCard: id), rule: .r3)
                    }
                case .l:
                    if let id { return fail(.temporaryNumberWithIDCard(number: "\(kept)", idCard: id), rule: .r3) }
                    plan.kept = kept.rawValue
                case .j: plan.kept = kept.rawValue
                }
            }
            part.planned.append(PlannedRow(line: line, plan: plan, reason: reason,
                                           status: status == .active ? nil : ImportedStatus(status: status, day: statusDay)))
        } catch {
            // A spreadsheet that held the ID numbers as numbers wrote them so, digits lost.
            if error.rule == .r2, idCard.contains("E+") || idCard.contains("e+") {
                return fail(.idCardAsNumber(column: c.label(.idCard), text: idCard), rule: .r2)
            }
            part.refused.append(RefusedRow(line: line, rule: error.rule, problem: error.id))
        }
    }

    /// The two bits a row stores for a `migrant` or `left_behind` field (0 unknown, 1 no, 2 yes);
    /// nil when it is no answer. `yes`, `no` and empty, what an export and `xueji generate`
    /// write, are read from the bytes; any other spelling (是, Y, 1, 不详 …) the way `YesNo`
    /// reads text, so the two never disagree.
    static func familyCode<F: ImportFields>(_ f: F, _ i: Int) -> UInt8? {
        let common: UInt8? = f.with(i) { b in
            if b.isEmpty { return 0 }
            if b.count == 2, b[0] == 0x6E, b[1] == 0x6F { return YesNo.no.code }                  // no
            if b.count == 3, b[0] == 0x79, b[1] == 0x65, b[2] == 0x73 { return YesNo.yes.code }   // yes
            return nil
        }
        if let common { return common }
        let text = f.string(i)
        return YesNo.isUnknown(text) ? 0 : YesNo(text: text)?.code
    }

    /// A students import while its planned rows are enrolled: what it did, the bad rows, progress.
    struct StudentImportRun {
        var bad: BadRows
        var result = ImportResult()
        let progress: ((Int, Int) -> Void)?
        /// Where a refused import rolls back to.
        let savepoint: Savepoint
        /// Records handled, refused ones included.
        var done = 0
        /// How many records are expected (0 until known).
        var total = 0

        init(file: String, progress: ((Int, Int) -> Void)?, savepoint: Savepoint) {
            bad = BadRows(file: file); self.progress = progress; self.savepoint = savepoint
        }
    }

    /// Enrols one part's planned rows and notes its refused ones, merged back into line order,
    /// so the report lists bad rows as one reader would, and R1 finds the later of two lines.
    func enrolPart(_ part: ParsedPart, base: Int, _ run: inout StudentImportRun) throws(RegistryError) {
        // Every 4096 records, refused ones included: progress, and a Ctrl-C undoes it all.
        func tick() throws(RegistryError) {
            run.done += 1
            guard run.done % 4096 == 0 else { return }
            run.progress?(run.done, max(run.done, run.total))
            do throws(RegistryError) { try checkCancelled() } catch { rollback(to: run.savepoint); throw error }
        }
        // A registry holding some students asks the server once for those R1 will ask about.
        if partial != nil {
            prefetch(part.planned.flatMap { row -> [PartialStudents.Key] in
                var keys: [PartialStudents.Key] = []
                if row.plan.idCard != 0 {
                    keys += [.idCard(IDCardNumber(digits: row.plan.idCard)), .number(RegistryNumber(rawValue: row.plan.number))]
                }
                if row.plan.kept != 0 { keys.append(.number(RegistryNumber(rawValue: row.plan.kept))) }
                return keys
            })
        }
        var k = 0
        for row in part.planned {
            while k < part.refused.count, part.refused[k].line < row.line {
                run.bad.add(base + part.refused[k].line, part.refused[k].problem, rule: part.refused[k].rule); k += 1
                try tick()
            }
            try tick()
            do throws(RegistryError) {
                if let status = row.status {
                    // The enrolment is undone with a status change that fails, so later rows
                    // meet the registry as if this row had never been read.
                    let sp = savepoint()
                    do throws(RegistryError) {
                        try enrol(row.plan, reason: row.reason)
                        try restore(status, row: Int32(rows.count - 1), reason: row.reason)
                    } catch { rollback(to: sp); throw error }
                } else {
                    try enrol(row.plan, reason: row.reason)
                }
                run.result.imported += 1
                if row.plan.outsideHukouDistrict { run.result.flagged += 1 }
            } catch {
                run.bad.add(base + row.line, error.id, rule: error.rule)
            }
        }
        for r in part.refused[k...] { run.bad.add(base + r.line, r.problem, rule: r.rule); try tick() }
    }

    /// All or nothing: bad rows undo everything; the last progress call says all is done.
    func finish(_ run: StudentImportRun) throws(RegistryError) -> ImportResult {
        run.progress?(run.done, run.done)
        return try finish(run.savepoint, bad: run.bad, result: run.result)
    }

    /// The status change that gives a just-enrolled row its status, as the statement would.
    private func restore(_ s: ImportedStatus, row r: Int32, reason: String?) throws(RegistryError) {
        let cur = rows[Int(r)], number = RegistryNumber(rawValue: cur.number)
        let hasReason = !(reason ?? "").trimmingSpaces.isEmpty
        switch s.status {
        case .active: return
        case .graduated: try graduate(row: r, on: s.day)
        case .suspended:
            guard hasReason else { throw RegistryError(.r13, .lifecycle(.suspensionNeedsReason)) }
            try statusChange(.suspend, r, cur, number, to: .suspended, on: s.day, reason: reason)
        case .withdrawn:
            guard hasReason else { throw RegistryError(.r12, .lifecycle(.withdrawalNeedsReason)) }
            try statusChange(.withdraw, r, cur, number, to: .withdrawn, on: s.day, reason: reason)
        case .voided:
            guard hasReason else { throw RegistryError(.r11, .lifecycle(.voidNeedsReason)) }
            try statusChange(.void, r, cur, number, to: .voided, on: s.day, reason: reason)
        }
    }
}
