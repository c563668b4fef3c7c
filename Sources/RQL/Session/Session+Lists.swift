import Registry

/// A field of something `find schools|actors|requests` lists.
protocol ListedField: Hashable, Sendable {
    var rawValue: String { get }
    var valueType: ValueType { get }
    /// This field, if `ref` names one of this kind.
    static func from(_ ref: FieldRef) -> Self?
    /// The value a literal stands for when compared with this field.
    func value(of literal: Literal) -> Value
    /// The list whose fields these are (for the headers' Chinese).
    static var list: FieldRef.Catalogue { get }
}

extension SchoolField: ListedField {
    static func from(_ ref: FieldRef) -> SchoolField? { ref.schoolField }
    static var list: FieldRef.Catalogue { .schools }
    func value(of literal: Literal) -> Value { literal.value(for: self) }
}

extension ActorField: ListedField {
    static func from(_ ref: FieldRef) -> ActorField? { ref.actorField }
    static var list: FieldRef.Catalogue { .actors }
    func value(of literal: Literal) -> Value { literal.value(for: self) }
}

extension DistrictField: ListedField {
    static func from(_ ref: FieldRef) -> DistrictField? { ref.districtField }
    static var list: FieldRef.Catalogue { .districts }
    func value(of literal: Literal) -> Value { literal.value(for: self) }
}

extension RequestField: ListedField {
    static func from(_ ref: FieldRef) -> RequestField? { ref.requestField }
    static var list: FieldRef.Catalogue { .requests }
    func value(of literal: Literal) -> Value { literal.value(for: self) }
}

/// `find schools`, `find actors`, `find requests`: the same where, order by and limit over
/// each list's own fields.
extension Session {
    /// Filters, orders and cuts the `count` items of a list: `read` gives a field's value for
    /// conditions and order (`shown` what the table prints, when it differs).
    func list<F: ListedField>(_ s: Statement.FindList, count: Int, columns: [F], scope: Condition<F>? = nil, noun: ResultText.Noun,
                              read: (Int, F) -> Value, shown: ((Int, F) -> Value)? = nil) throws(Diagnostic) -> [OutputItem] {
        var cond: Condition<F> = .always
        if let e = s.whereClause {
            cond = try condition(e) { ref throws(Diagnostic) in
                guard let f = F.from(ref) else { throw Diagnostic(.notAFieldOf(field: ref.name, noun: noun.rawValue), at: ref.span) }
                return f
            } value: { lit, f in f.value(of: lit) }
        }
        if let scope { cond = cond.isAlways ? scope : .and(scope, cond) }
        let keys = s.orderBy.compactMap { F.from($0.field) }
        var rows: [(keys: [Value], index: Int)] = []
        for i in 0..<count where cond.matches({ read(i, $0) }) { rows.append((keys.map { read(i, $0) }, i)) }
        if !keys.isEmpty {
            rows.sort { a, b in
                for (k, key) in s.orderBy.enumerated() where a.keys[k] != b.keys[k] {
                    // Nulls last either way, as in the student lists.
                    if a.keys[k].isNull || b.keys[k].isNull { return b.keys[k].isNull }
                    return key.descending ? b.keys[k] < a.keys[k] : a.keys[k] < b.keys[k]
                }
                return a.index < b.index
            }
        }
        if let limit = s.limit?.value, rows.count > limit { rows.removeLast(rows.count - limit) }
        let cells: [[Value]] = rows.map { r in columns.map { shown?(r.index, $0) ?? read(r.index, $0) } }
        var table = ResultTable(columns: columns.map { .init($0.rawValue, $0.valueType == .int && shown != nil ? .text : $0.valueType) },
                                rows: cells, footer: ResultText.count(rows.count, noun).text)
        table.list = F.list
        return [.table(table)]
    }

    func findSchools(_ s: Statement.FindList) throws(Diagnostic) -> [OutputItem] {
        let active = try activeStudentsBySchool(s.span)
        return try list(s, count: registry.schools.count, columns: [.code, .name, .stage, .district, .students] as [SchoolField],
                        scope: schoolScope, noun: .school) { i, f in
            if f == .students, let active { return .int(active[registry.schools[i].code.description] ?? 0) }
            return registry.value(f, ofSchoolAt: i)
        }
    }

    /// The active students of each school, by code, as the server counts them, for a session
    /// that does not hold every student of its scope (a national one); nil: the registry in
    /// memory counts them (it holds them, or no server answers and it holds them first).
    private func activeStudentsBySchool(_ span: SourceSpan) throws(Diagnostic) -> [String: Int]? {
        guard !database.holdsStudents(of: identity?.name ?? .national) else { return nil }
        var q = CountQuery()
        q.condition = .compare(.status, .eq, .text(Status.active.rawValue))
        q.groupBy = [.school]
        if let server = answeringServer, let groups = try onServer(span, { () throws(StorageError) in try server.count(q, in: registry) }) {
            var out: [String: Int] = [:]
            for (key, n) in groups { if let code = key.first { out[code.description, default: 0] += n } }
            return out
        }
        try holdingScope(span)
        return nil
    }

    /// `find districts`: one row per name a code had (GB/T 2260), so old names are found too.
    func findDistricts(_ s: Statement.FindList) throws(Diagnostic) -> [OutputItem] {
        let rows = Session.districtRows
        return try list(s, count: rows.count, columns: DistrictField.columns, noun: .district) { i, f in
            let r = rows[i]
            switch f {
            case .code: return .text(String(r.code))
            case .name: return .text(r.name)
            case .province: return .text(String(r.code / 10_000))
            case .city: return .text(String(r.code / 100))
            case .from: return r.from.map(Value.int) ?? .null
            case .to: return r.to.map(Value.int) ?? .null
            case .status: return .text(DistrictField.statusWords[r.to == nil ? 0 : 1])
            }
        }
    }

    /// The table's periods as rows, each named with its prefecture (洛阳市郊区, then 洛阳市洛龙区).
    static let districtRows: [(code: UInt32, name: String, from: Int?, to: Int?)] = {
        let table = DistrictTable.standard
        return table.entries.flatMap { e in
            e.periods.filter { ($0.from ?? .min) <= ($0.to ?? .max) }.map { p in
                (e.code, table.name(of: e.code, period: p) ?? p.name, p.from, p.to)
            }
        }
    }()

    func findActors(_ s: Statement.FindList) throws(Diagnostic) -> [OutputItem] {
        let actors = registry.registeredActors
        return try list(s, count: actors.count, columns: ActorField.columns, noun: .actor) { i, f in
            let a = actors[i]
            switch f {
            case .actor: return .text(a.name.description)
            case .name: return .text(a.title)
            case .level: return .text(a.name.level.word)
            case .key: return .text(a.key.description)
            case .addedBy: return a.addedBy.map { .text($0.description) } ?? .null
            case .status: return .text(ActorField.statusWords[a.isRevoked ? 1 : 0])
            }
        }
    }

    func findRequests(_ s: Statement.FindList) throws(Diagnostic) -> [OutputItem] {
        let list = visibleRequests()
        return try self.list(s, count: list.count, columns: RequestField.columns, noun: .request,
                             read: { i, f in self.value(f, of: list[i]) },
                             shown: { i, f in f == .no ? .text("#\(list[i].number)") : self.value(f, of: list[i]) })
    }

    /// A request's field, as `find requests` compares and shows it.
    func value(_ f: RequestField, of r: Request) -> Value {
        switch f {
        case .no: return .int(r.number)
        case .kind: return .text(r.change.kind)
        case .request: return .text(describe(r))
        case .student: return r.student.map { .text($0.description) } ?? .null
        case .school: return r.change.school.map { .text($0.description) } ?? .null
        case .status: return .text(r.status.rawValue)
        case .awaiting: return r.awaiting.map { .text($0.description) } ?? .null
        case .due: return registry.due(r).map { .date($0) } ?? .null
        case .startedBy: return .text(r.startedBy.description)
        case .startedOn: return .date(r.startedOn)
        }
    }
}
