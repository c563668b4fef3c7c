import Registry

/// Runs the registry checks (`check duplicates | dropouts | zoning | migration | unconfirmed`):
/// each lists the students it finds with the reason, and ends with a count; with `by`, it counts
/// them per value instead. Runs them over the students a `where` selects, now or `as of` a day.
public enum CheckExecutor {
    static let columns: [StudentField] = [.no, .name, .gender, .birth, .school, .grade, .status]

    /// The student columns a check lists: dropouts show the family situation (these are the
    /// children the check exists for); unconfirmed records the class, where a teacher chases them.
    static func columns(_ kind: Statement.CheckKind) -> [StudentField] {
        switch kind {
        case .dropouts: columns + [.migrant, .leftBehind]
        case .unconfirmed: [.no, .name, .gender, .birth, .school, .grade, .class]
        default: columns
        }
    }

    /// One student a check found: the cells it lists, the reason, and (duplicates) its group.
    struct Finding {
        var id: StudentID
        var cells: [Value]
        var reason: ResultText
        var group: Int
    }

    /// The findings of one check as a table: the student columns, then `reason`; with `by`,
    /// the number found per value of those fields (as `count … by` shows it).
    ///
    /// `groups`: the duplicate groups when a server formed them (else they are formed here).
    public static func run(_ kind: Statement.CheckKind, where condition: StudentCondition = .always, by: [StudentField] = [],
                           asOf: Day? = nil, in registry: Registry, groups: DuplicateGroups? = nil) -> ResultTable {
        let found = findings(kind, where: condition, asOf: asOf, in: registry, groups: groups)
        if !by.isEmpty { return countTable(counts(found.map(\.id), by: by, asOf: asOf, registry), by: by) }
        return table(kind, found)
    }

    /// What check `kind` finds among the students `condition` selects, in the registry's order;
    /// `among`: of those students only (a part of them a session holds at a time), in that order.
    static func findings(_ kind: Statement.CheckKind, where condition: StudentCondition, asOf: Day?, in registry: Registry,
                         groups: DuplicateGroups? = nil, among: [StudentID]? = nil) -> [Finding] {
        let day = asOf ?? registry.today
        let plan = Planner.plan(condition, in: registry, asOf: asOf)
        let columns = columns(kind)
        var found: [Finding] = []
        let each: ((StudentID, (StudentField) -> Value) -> Void) -> Void = { body in
            guard let among else { return QueryExecutor.forEachMatch(condition, plan: plan, in: registry, body) }
            QueryExecutor.forEachMatch(condition, among: among, asOf: asOf, in: registry, body)
        }
        switch kind {
        case .duplicates:
            found = duplicates(condition, plan, registry, groups: groups).map { Finding(id: $0.0, cells: $0.1, reason: $0.2, group: $0.3) }
        case .unconfirmed:
            each { id, read in
                guard case .text(Status.active.rawValue) = read(.status), let a = registry.awaitingConfirmation(id, asOf: asOf) else { return }
                let reason: ResultText = a.corrected.isEmpty ? .awaitingSinceRegistration(on: a.since)
                    : .awaitingSinceCorrection(on: a.since, fields: a.corrected.map(\.rawValue))
                found.append(Finding(id: id, cells: columns.map(read) + [.date(a.since), .int(Int(day.rawValue - a.since.rawValue))],
                                     reason: reason, group: 0))
            }
        default:
            each { id, read in
                let s = asOf.flatMap { registry.student(id, asOf: $0) } ?? registry.student(id)
                let reason: ResultText?
                switch kind {
                case .dropouts: reason = dropoutReason(s, day: day)
                case .zoning: reason = zoningReason(s, registry)
                case .migration: reason = migrationReason(s, id: id, day: day, registry)
                case .duplicates, .unconfirmed, .pending, .overdue: reason = nil     // requests: the session answers them
                }
                if let reason { found.append(Finding(id: id, cells: columns.map(read), reason: reason, group: 0)) }
            }
        }
        return found
    }

    /// The table of a check's findings: their cells and reasons, and the count of them.
    static func table(_ kind: Statement.CheckKind, _ found: [Finding]) -> ResultTable {
        var cols = columns(kind).map { ResultTable.Column($0.rawValue, $0.valueType) }
        if kind == .unconfirmed { cols += [.init("since", .date), .init("days", .int)] }
        cols.append(.init("reason", .text))
        if kind == .duplicates { cols.insert(.init("group", .int), at: 0) }
        let rows = found.map { kind == .duplicates ? [.int($0.group)] + $0.cells + [.text($0.reason.text)] : $0.cells + [.text($0.reason.text)] }
        let noun: ResultText.Noun
        switch kind {
        case .duplicates: noun = .studentInDuplicateGroups
        case .dropouts: noun = .possibleDropout
        case .zoning: noun = .enrolmentOutsideHukou
        case .migration: noun = .seniorToReview
        case .unconfirmed: noun = .recordAwaitingConfirmation
        case .pending, .overdue: noun = .request
        }
        return ResultTable(columns: cols, rows: rows, footer: ResultText.count(found.count, noun).text)
    }

    /// The students a check found, counted per value of `fields` (a student in two duplicate
    /// groups counts once).
    static func counts(_ ids: [StudentID], by fields: [StudentField], asOf: Day?, _ registry: Registry) -> [[Value]: Int] {
        var groups: [[Value]: Int] = [:]
        for id in Set(ids) {
            if let day = asOf, let s = registry.student(id, asOf: day) {
                groups[fields.map { registry.value($0, of: s, on: day) }, default: 0] += 1
            } else {
                groups[fields.map { registry.value($0, of: id) }, default: 0] += 1
            }
        }
        return groups
    }

    /// Counts per value of `fields`, in key order as `count … by` lists them.
    static func countTable(_ groups: [[Value]: Int], by fields: [StudentField]) -> ResultTable {
        let keys = groups.keys.sorted { a, b in
            for i in a.indices where a[i] != b[i] { return a[i] < b[i] }
            return false
        }
        return ResultTable(columns: fields.map { .init($0.rawValue, $0.valueType) } + [.init("count", .int)],
                           rows: keys.map { $0 + [.int(groups[$0]!)] }, style: .counts)
    }

    /// Dropouts (控辍保学): compulsory age 6–15, not through junior stage, and withdrawn or
    /// suspended for more than a year.
    static func dropoutReason(_ s: Student, day: Day) -> ResultText? {
        let age = s.birth.age(on: day)
        guard (6...15).contains(age), s.grade <= 9 else { return nil }
        if s.status == .graduated && s.grade == 9 { return nil }
        switch s.status {
        case .withdrawn:
            return .dropoutWithdrawn(on: s.statusSince, ageThen: s.birth.age(on: s.statusSince), ageNow: age)
        case .suspended where s.statusSince.adding(years: 1) < day:
            return .dropoutSuspended(since: s.statusSince, age: age)
        default:
            return nil
        }
    }

    /// Zoning (R15): a current primary/junior enrolment outside the hukou district.
    static func zoningReason(_ s: Student, _ registry: Registry) -> ResultText? {
        let school = registry.school(at: s.schoolIndex)
        guard school.stage.isCompulsory, s.status == .active || s.status == .suspended,
              let h = s.hukou, h != school.district else { return nil }
        return .zoningHukou(hukou: h, school: school.district)
    }

    /// Migration: senior students whose hukou province differs from the school's, or who
    /// transferred in from another province during senior stage.
    static func migrationReason(_ s: Student, id: StudentID, day: Day, _ registry: Registry) -> ResultText? {
        let school = registry.school(at: s.schoolIndex)
        guard school.stage == .senior, s.status == .active || s.status == .suspended else { return nil }
        var reasons: [ResultText] = []
        if let h = s.hukou, h.province != school.district.province {
            reasons.append(.migrationHukouProvince(hukou: h.province, school: school.district.province))
        }
        for e in registry.history(of: id) where e.kind == .transfer && e.effective <= day {
            guard let from = e.changes.first(where: { $0.field == .school }),
                  let a = SchoolCode(from.before.description), let b = SchoolCode(from.after.description),
                  let sa = registry.school(a), let sb = registry.school(b) else { continue }
            let grade = e.changes.first(where: { $0.field == .grade })?.after
            let seniorNow = sb.stage == .senior || (grade.map { if case .int(let g) = $0 { g >= 10 } else { false } } ?? false)
            if seniorNow, sa.district.province != sb.district.province {
                reasons.append(.migrationTransferredIn(on: e.effective, province: sa.district.province, schoolName: sa.name))
            }
        }
        return reasons.isEmpty ? nil : reasons.count == 1 ? reasons[0] : .reasons(reasons)
    }

    /// R17: one ID number under two registry numbers, and likely duplicates (same name, birth
    /// and gender under different numbers), numbered by group.
    ///
    /// Groups are formed over the whole registry (as of the day); `where` chooses which groups
    /// are listed: those with at least one member it selects, each listed whole. (Grouping only
    /// the selected students would hide exactly the case the check exists for: one child entered
    /// at two schools, when `where` names one of them.)
    static func duplicates(_ condition: StudentCondition, _ plan: QueryPlan, _ registry: Registry, groups: DuplicateGroups?)
        -> [(StudentID, [Value], ResultText, Int)] {
        var selected = [Bool](repeating: false, count: registry.studentCount)
        QueryExecutor.forEachMatch(condition, plan: plan, in: registry) { id, _ in selected[Int(id.index)] = true }
        let (idGroups, personGroups) = groups.map { ($0.byID, $0.byPerson) } ?? (plan.asOf == nil
            ? (registry.sameIDUnderTwoNumbers(), registry.likelyDuplicateGroups())
            : duplicateGroups(asOf: plan.asOf!, registry))
        let cell = { (id: StudentID) -> [Value] in
            guard let day = plan.asOf, let s = registry.student(id, asOf: day) else { return columns.map { registry.value($0, of: id) } }
            return columns.map { registry.value($0, of: s, on: day) }
        }
        // A group is listed whole when any member is selected: a school sees the copy of its
        // pupil that another school holds.
        // Voided registrations drop out of the groups unless the statement asks about status.
        let keepVoided = !condition.conjuncts.contains(Session.notVoided)
        let live = { (ids: [StudentID]) -> [StudentID] in keepVoided ? ids : ids.filter { registry.student($0).status != .voided } }
        let listed = { (ids: [StudentID]) in ids.count > 1 && ids.contains { selected[Int($0.index)] } }
        var out: [(StudentID, [Value], ResultText, Int)] = []
        var group = 0
        var seen = Set<[StudentID]>()
        for (id, all) in idGroups {
            let ids = live(all)
            guard listed(ids), seen.insert(ids).inserted else { continue }
            group += 1
            for s in ids { out.append((s, cell(s), .duplicateID(id: id, numbers: ids.count), group)) }
        }
        for all in personGroups {
            let ids = live(all)
            guard listed(ids), seen.insert(ids).inserted else { continue }
            group += 1
            for s in ids { out.append((s, cell(s), .duplicatePerson(numbers: ids.count), group)) }
        }
        return out
    }

    /// The duplicate groups of the registry as it stood on a day (folding every history back).
    static func duplicateGroups(asOf day: Day, _ registry: Registry) -> ([(IDCardNumber, [StudentID])], [[StudentID]]) {
        var byID: [UInt64: [StudentID]] = [:]
        var byPerson: [PersonKey: [StudentID]] = [:]
        for id in registry.allStudents {
            guard let s = registry.student(id, asOf: day) else { continue }
            var ids = Set<UInt64>()
            if let c = s.idCard { ids.insert(c.digits) }
            if let c = s.number.idCard { ids.insert(c.digits) }
            for d in ids { byID[d, default: []].append(id) }
            byPerson[PersonKey(name: s.name, birth: s.birth, gender: s.gender), default: []].append(id)
        }
        let idGroups = byID.filter { $0.value.count > 1 }.map { (IDCardNumber(digits: $0.key), $0.value) }.sorted { $0.1[0] < $1.1[0] }
        let personGroups = byPerson.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
        return (idGroups, personGroups)
    }

    struct PersonKey: Hashable { let name: String; let birth: Day; let gender: Gender }
}
