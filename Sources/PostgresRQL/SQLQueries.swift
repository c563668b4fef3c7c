import Foundation
import PostgresRegistry
import RQL
import Registry

/// The PostgreSQL backend's answers to finds and counts: compiled to SQL (`SQLCompiler`) and
/// run on the server over the mirrored tables, on the coordinator, or, for a statement about
/// one province's students, on the shard holding it; `as of` from the students' versions.
public final class SQLQueries: QueryServer {
    private let store: PostgresStore
    private let database: ChainDatabase
    /// Whether the tables have all that queries read (see `PostgresStore.backfill`).
    private var complete = false

    /// The query server of a registry opened on PostgreSQL; nil for any other database.
    public init?(_ database: any RegistryDatabase) {
        guard let chain = database as? ChainDatabase, let store = chain.store as? PostgresStore else { return nil }
        self.store = store
        self.database = chain
    }

    /// A compiled statement and where it runs.
    private struct Compiled {
        var sql: String
        var target: PostgresStore.ReadTarget
        /// Whether the student's province came from the session's registry (another session may
        /// have moved the student since: an empty answer is asked again without it).
        var placedFromMemory = false
    }

    /// A student's province as the session's registry has it costs no trip to `homes` and lets
    /// the server plan over one partition (over all 35, planning a point query took ~1.3 ms).
    private func compile(_ query: ServerQuery, in registry: Registry) throws(StorageError) -> Compiled? {
        try compile(query, in: registry, fromMemory: true)
    }

    /// The rows of a compiled statement; an empty answer placed from memory is asked again
    /// with the province the tables say.
    private func answer(_ query: ServerQuery, in registry: Registry, empty: ([[String?]]) -> Bool) throws(StorageError) -> [[String?]]? {
        guard let c = try compile(query, in: registry) else { return nil }
        let rows = try store.read(c.sql, on: c.target)
        guard c.placedFromMemory, empty(rows), let again = try compile(query, in: registry, fromMemory: false) else { return rows }
        return try store.read(again.sql, on: again.target)
    }

    private func compile(_ query: ServerQuery, in registry: Registry, fromMemory: Bool) throws(StorageError) -> Compiled? {
        if !complete {
            // A session holding one scope cannot fill the tables in (it lacks the others' students):
            // until a whole session has, its statements are answered in memory, from its scope.
            complete = database.isPartial ? !(try store.backfillPending()) : try store.backfill(from: registry, at: database.sequence)
            if !complete { return nil }
        }
        let condition: StudentCondition, asOf: Day?
        switch query {
        case .find(let q): (condition, asOf) = (q.condition, q.asOf)
        case .count(let q): (condition, asOf) = (q.condition, q.asOf)
        case .checkCandidates(_, let c, let day, _): (condition, asOf) = (c, day)
        case .checkCount(_, let q): (condition, asOf) = (q.condition, q.asOf)
        case .duplicates(let day):
            return Compiled(sql: SQLCompiler(today: registry.today, asOf: day).duplicates(), target: .coordinator)
        case .history(let number):
            return try history(number, in: registry, fromMemory: fromMemory)
        }
        // On shards a student's home is looked up first, to send the statement to its shard; on
        // one server the statement looks it up itself (one trip, one partition read).
        let store = self.store
        let memory = fromMemory ? SQLCompiler.provinceInMemory(of: condition, in: registry) : nil
        var place = SQLCompiler.Place.anywhere
        if let memory { place = .province(memory) } else {
            place = try SQLCompiler.place(of: condition, asOf: asOf, in: registry,
                                          home: store.isSharded ? { (n: String) throws(StorageError) -> Int? in try store.home(of: n) } : nil)
        }
        var compiler = SQLCompiler(today: registry.today, asOf: asOf)
        let sql: String?
        switch query {
        case .find(let q): sql = compiler.find(q, place: place)
        case .count(let q): sql = compiler.count(q, place: place)
        case .checkCandidates(let kind, let c, _, let limit): sql = compiler.candidates(kind, c, place: place, limit: limit.map { $0 + 1 })
        case .checkCount(let kind, let q): sql = compiler.exactly(kind).flatMap { compiler.count(q, place: place, and: $0) }
        case .duplicates, .history: sql = nil
        }
        guard let sql else { return nil }
        // A shard holds no schools: a statement reading them runs on the coordinator, which
        // reaches the province's foreign partition alone.
        var target = PostgresStore.ReadTarget.coordinator
        if case .province(let p) = place, !((compiler.needsSchool || compiler.needsCoordinator) && store.isSharded) { target = .province(p) }
        return Compiled(sql: sql, target: target, placedFromMemory: memory != nil)
    }

    public func find(_ q: FindQuery, in registry: Registry) throws(StorageError) -> [[Value]]? {
        guard let rows = try answer(.find(q), in: registry, empty: { $0.isEmpty }) else { return nil }
        let types = q.columns.map(\.valueType)
        return rows.map { row in
            zip(row, types).map { SQLCompiler.value($0, $1) }
        }
    }

    public func count(_ q: CountQuery, in registry: Registry) throws(StorageError) -> [[Value]: Int]? {
        try groups(.count(q), q, in: registry)
    }

    public func counts(checking kind: Statement.CheckKind, _ q: CountQuery, in registry: Registry) throws(StorageError) -> [[Value]: Int]? {
        try groups(.checkCount(kind, q), q, in: registry)
    }

    /// The groups of a count (`q`'s fields) the server answers `query` with.
    private func groups(_ query: ServerQuery, _ q: CountQuery, in registry: Registry) throws(StorageError) -> [[Value]: Int]? {
        let none: ([[String?]]) -> Bool = { rows in rows.allSatisfy { ($0.last.flatMap { $0 }).flatMap { Int($0) } ?? 0 == 0 } }
        guard let rows = try answer(query, in: registry, empty: none) else { return nil }
        let types = q.groupBy.map(\.valueType)
        var groups: [[Value]: Int] = [:]
        for row in rows {
            let key = zip(row.dropLast(), types).map { SQLCompiler.value($0, $1) }
            groups[key, default: 0] += Int(row.last.flatMap { $0 } ?? "0") ?? 0
        }
        if q.groupBy.isEmpty && groups.isEmpty { groups[[]] = 0 }
        return groups
    }

    /// A find of `no` in SQL, at most `limit` + 1 rows (one more says there are too many).
    public func numbers(matching condition: StudentCondition, asOf: Day?, limit: Int, in registry: Registry) throws(StorageError) -> [RegistryNumber]? {
        var q = FindQuery()
        q.condition = condition
        q.columns = [.no]
        q.asOf = asOf
        q.limit = limit + 1
        return try numbers(.find(q), limit: limit, in: registry)
    }

    /// A find of `no` in SQL, in the registry's order, read through a cursor `size` rows at a time.
    public func numberParts(matching condition: StudentCondition, size: Int, in registry: Registry) throws(StorageError) -> (any NumberParts)? {
        var q = FindQuery()
        q.condition = condition
        q.columns = [.no, .schoolProvince]      // (now: the partition's province, as the candidates')
        guard let c = try compile(.find(q), in: registry, fromMemory: false) else { return nil }
        return NumberRead(try store.pages(c.sql, on: c.target, size: size), store)
    }

    /// The candidates of a check in SQL (`SQLCompiler.candidates`), in the registry's order,
    /// read through a cursor `size` rows at a time.
    public func numberParts(checking kind: Statement.CheckKind, matching condition: StudentCondition, asOf: Day?, size: Int,
                            in registry: Registry) throws(StorageError) -> (any NumberParts)? {
        guard let c = try compile(.checkCandidates(kind, condition, asOf: asOf, limit: nil), in: registry, fromMemory: false) else { return nil }
        return NumberRead(try store.pages(c.sql, on: c.target, size: size), store)
    }

    /// The registry numbers a statement of one `no` column answers, at most `limit` (nil: more).
    private func numbers(_ query: ServerQuery, limit: Int, in registry: Registry) throws(StorageError) -> [RegistryNumber]? {
        guard let rows = try answer(query, in: registry, empty: { $0.isEmpty }), rows.count <= limit else { return nil }
        return rows.compactMap { $0.first.flatMap { $0 }.flatMap(RegistryNumber.init) }
    }

    /// The superset of the check's findings in SQL (`SQLCompiler.candidates`), at most `limit`
    /// + 1 rows (one more says there are too many).
    public func numbers(checking kind: Statement.CheckKind, matching condition: StudentCondition, asOf: Day?, limit: Int,
                        in registry: Registry) throws(StorageError) -> [RegistryNumber]? {
        try numbers(.checkCandidates(kind, condition, asOf: asOf, limit: limit), limit: limit, in: registry)
    }

    public func duplicateGroups(asOf: Day?, in registry: Registry) throws(StorageError) -> DuplicateGroups? {
        guard let c = try compile(.duplicates(asOf: asOf), in: registry) else { return nil }
        var byID: [(first: Int64, IDCardNumber, [StudentID])] = [], byPerson: [(first: Int64, [StudentID])] = []
        let rows = try store.read(c.sql, on: c.target)
        // A session holding some students fetches the members it lacks, all in one question (a
        // group is listed whole; one question each took 3.6 s for 2,741 members at 1 M).
        do throws(RegistryError) {
            try database.holdStudents(numbered: rows.flatMap { $0.count == 4 ? SQLCompiler.numbers($0[2]) : [] })
        } catch {
            guard case .storage(let message) = error.id else { return nil }
            throw StorageError(.io, message, rule: error.rule)
        }
        for row in rows where row.count == 4 {
            let members = SQLCompiler.numbers(row[2]).compactMap { registry.find($0) }
            guard members.count > 1, let first = row[3].flatMap({ Int64($0) }) else { continue }
            if row[0] == "id" {
                guard let id = row[1].flatMap({ IDCardNumber($0) }) else { continue }
                byID.append((first, id, members))
            } else {
                byPerson.append((first, members))
            }
        }
        return DuplicateGroups(byID: byID.sorted { $0.first < $1.first }.map { ($0.1, $0.2) },
                               byPerson: byPerson.sorted { $0.first < $1.first }.map(\.1))
    }

    /// From the events table, on the server holding the student (its province's partition on
    /// one server); nil when the tables do not have the history yet.
    public func history(of number: RegistryNumber, in registry: Registry) throws(StorageError) -> [Event]? {
        if !complete {
            // A session holding one scope cannot fill the tables in (it lacks the others' students):
            // until a whole session has, its statements are answered in memory, from its scope.
            complete = database.isPartial ? !(try store.backfillPending()) : try store.backfill(from: registry, at: database.sequence)
            if !complete { return nil }
        }
        // Every student has an event: none where memory put it means another session moved it.
        guard let rows = try answer(.history(number), in: registry, empty: { $0.isEmpty }) else { return [] }
        var events: [Event] = []
        for (i, row) in rows.enumerated() {
            guard row.count == 9, let kind = row[0].flatMap(EventKind.init(rawValue:)), let day = row[1].flatMap(Day.init),
                  let at = row[2].flatMap({ Int64($0) }), let actor = row[3], let changes = Self.changes(row[4]) else { return nil }
            events.append(Event(at: i, kind: kind, student: number, effective: day, recordedAt: at, actor: actor,
                                reason: row[5], growth: row[6].flatMap(GrowthKind.init(rawValue:)), text: row[7], relation: row[8],
                                changes: changes))
        }
        return events
    }

    /// The statement reading a student's events, on the server holding them: the partition of
    /// the province the session's registry puts the student in (`fromMemory`), else the one
    /// `homes` names (on one server the statement looks it up itself); nil for a number no
    /// server holds.
    private func history(_ number: RegistryNumber, in registry: Registry, fromMemory: Bool) throws(StorageError) -> Compiled? {
        let n = SQLCompiler.literal(.text(number.description))
        var target = PostgresStore.ReadTarget.coordinator
        var table = "events", filter = "province = (SELECT province FROM homes WHERE number = \(n)) AND "
        let known = fromMemory ? (try? registry.student(number)).map { PostgresStore.province(of: $0, in: registry) } : nil
        if let p = known {
            table = "events_" + PostgresStore.partition(ofProvince: p); filter = ""
            if store.isSharded { target = .province(p) }
        } else if store.isSharded {
            guard let p = try store.home(of: number.description) else { return nil }
            target = .province(p); filter = ""
        }
        return Compiled(sql: """
            SELECT kind, to_char(day, 'YYYY-MM-DD'), extract(epoch FROM recorded_at)::bigint::text, actor, changes::text,
                   reason, growth, note, relation
            FROM \(table) WHERE \(filter)number = \(n) ORDER BY entry, position
            """, target: target, placedFromMemory: known != nil)
    }

    /// An event's field changes from the JSON the events table holds them in, each value of its
    /// field's type: a list of changes, or a first enrolment's record as enrolled (one object,
    /// its fields in the order history shows them).
    static func changes(_ json: String?) -> [FieldChange]? {
        guard let data = json?.data(using: .utf8), let parsed = try? JSONSerialization.jsonObject(with: data) else { return nil }
        func value(_ v: Any?, of field: StudentField) -> Value {
            guard let s = v as? String else { return .null }
            switch field.valueType {
            case .int: return Int(s).map(Value.int) ?? .text(s)
            case .date: return Day(s).map(Value.date) ?? .text(s)
            case .text: return .text(s)
            }
        }
        if let record = parsed as? [String: Any] {
            return Registry.enrolledRecordFields.compactMap { f in record[f.rawValue].map { FieldChange(f, .null, value($0, of: f)) } }
        }
        guard let list = parsed as? [[String: Any]] else { return nil }
        var out: [FieldChange] = []
        for c in list {
            guard let field = (c["field"] as? String).flatMap(StudentField.init(rawValue:)) else { return nil }
            out.append(FieldChange(field, value(c["before"], of: field), value(c["after"], of: field)))
        }
        return out
    }

    public func explain(_ query: ServerQuery, in registry: Registry) throws(StorageError) -> ServerPlan? {
        guard let c = try compile(query, in: registry) else { return nil }
        let plan = try store.read("EXPLAIN (COSTS OFF) " + c.sql, on: c.target).compactMap { $0.first ?? nil }
        return ServerPlan(server: store.serverName(c.target), statement: c.sql, plan: plan)
    }
}


/// A `PagedRead` of one `no` column, as registry numbers.
private final class NumberRead: NumberParts {
    private let read: PagedRead
    private let store: PostgresStore

    init(_ read: PagedRead, _ store: PostgresStore) { self.read = read; self.store = store }

    /// The part's numbers; the province beside each tells the store where to fetch it.
    func next() throws(StorageError) -> [RegistryNumber]? {
        guard let rows = try read.next() else { return nil }
        var provinces: [String: Int16] = [:]
        let numbers = rows.compactMap { row -> RegistryNumber? in
            guard let n = row.first.flatMap({ $0 }).flatMap(RegistryNumber.init) else { return nil }
            if row.count > 1, let p = row[1].flatMap({ Int16($0) }) { provinces[n.description] = p }
            return n
        }
        store.expect(provinces: provinces)
        return numbers
    }

    func close() {
        read.close()
        store.expect(provinces: [:])
    }
}
