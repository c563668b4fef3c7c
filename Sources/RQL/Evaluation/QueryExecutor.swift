import Registry

/// A `find` over students, after type checking.
public struct FindQuery: Sendable {
    /// The `where` condition.
    public var condition: StudentCondition = .always
    /// The `show` columns (default: `StudentField.defaultFindColumns`).
    public var columns: [StudentField] = StudentField.defaultFindColumns
    /// `order by` keys; descending when true.
    public var order: [(field: StudentField, descending: Bool)] = []
    /// `limit`.
    public var limit: Int?
    /// `as of`.
    public var asOf: Day?
    /// An empty query (every student).
    public init() {}
}

/// A `count` over students, after type checking.
public struct CountQuery: Sendable {
    /// The `where` condition.
    public var condition: StudentCondition = .always
    /// `by` fields; empty for a single total.
    public var groupBy: [StudentField] = []
    /// `as of`.
    public var asOf: Day?
    /// An empty query (count everyone).
    public init() {}
}

/// Runs queries against a registry using a plan: index candidates or a scan, each row
/// re-checked against the whole condition, history folded back for `as of`.
public enum QueryExecutor {
    /// Calls `body` with a field reader for each student that satisfies the condition.
    public static func forEachMatch(_ condition: StudentCondition, plan: QueryPlan, in registry: Registry,
                                    _ body: (StudentID, (StudentField) -> Value) -> Void) {
        if let day = plan.asOf {
            scan(registry) { id in
                guard let s = registry.student(id, asOf: day) else { return }
                let read = { (f: StudentField) in registry.value(f, of: s, on: day) }
                if condition.matches(read) { body(id, read) }
            }
            return
        }
        let read = { (id: StudentID) in { (f: StudentField) in registry.value(f, of: id) } }
        let test = CompiledCondition(condition, registry).test
        if let lookup = plan.lookup {
            for id in registry.lookup(lookup) where test(id) { body(id, read(id)) }
        } else {
            scan(registry) { id in if test(id) { body(id, read(id)) } }
        }
    }

    /// `forEachMatch` over the students `among` only, in that order (a part a session holds at a time).
    static func forEachMatch(_ condition: StudentCondition, among ids: [StudentID], asOf: Day?, in registry: Registry,
                             _ body: (StudentID, (StudentField) -> Value) -> Void) {
        if let day = asOf {
            for id in ids {
                guard let s = registry.student(id, asOf: day) else { continue }
                let read = { (f: StudentField) in registry.value(f, of: s, on: day) }
                if condition.matches(read) { body(id, read) }
            }
            return
        }
        let test = CompiledCondition(condition, registry).test
        for id in ids where test(id) { body(id, { (f: StudentField) in registry.value(f, of: id) }) }
    }

    /// Every student in row order, in runs of 64k between which a Ctrl-C (the registry's
    /// cancellation) stops the scan; the session then reports the statement interrupted.
    @inline(__always)
    static func scan(_ registry: Registry, _ body: (StudentID) -> Void) {
        if registry.partial != nil {
            // A session holding one scope: its rows, in the registry's order (a few, fetched, may not be in row order).
            for id in registry.allStudents { body(id) }
            return
        }
        let n = Int32(registry.studentCount), run: Int32 = 1 << 16
        var start: Int32 = 0
        while start < n {
            if registry.cancellation.isCancelled { return }
            for i in start..<min(n, start + run) { body(StudentID(i)) }
            start += run
        }
    }

    /// Calls `body` for each student matching the condition now (no `as of`), without building
    /// field readers: the fast path of counts and groupings.
    static func forEachCurrentMatch(_ condition: StudentCondition, plan: QueryPlan, in registry: Registry,
                                    _ body: (StudentID) -> Void) {
        let test = CompiledCondition(condition, registry).test
        if let lookup = plan.lookup {
            for id in registry.lookup(lookup) where test(id) { body(id) }
        } else if case .always = condition {
            scan(registry, body)
        } else {
            scan(registry) { id in if test(id) { body(id) } }
        }
    }

    /// `count … by` over integer field keys: one hash of a few integers per student, and the
    /// group's values read once from a sample member.
    static func countByKeys(_ q: CountQuery, plan: QueryPlan, in registry: Registry) -> [[Value]: Int] {
        var groups: [[Int64]: (n: Int, sample: StudentID)] = [:]
        if q.groupBy.count == 1, let size = registry.denseKeyDomain(q.groupBy[0]) {
            // A small domain (schools, grades, …): count into an array, no hashing at all.
            let f = q.groupBy[0]
            var counts = [Int](repeating: 0, count: size), samples = [Int32](repeating: -1, count: size)
            forEachCurrentMatch(q.condition, plan: plan, in: registry) { id in
                let k = registry.denseKey(f, of: id)
                counts[k] += 1
                if samples[k] < 0 { samples[k] = id.index }
            }
            for k in 0..<size where counts[k] > 0 { groups[[Int64(k)]] = (counts[k], StudentID(samples[k])) }
        } else if q.groupBy.count == 1 {
            let f = q.groupBy[0]
            var single: [Int64: (n: Int, sample: StudentID)] = [:]
            forEachCurrentMatch(q.condition, plan: plan, in: registry) { id in
                let k = registry.key(f, of: id) ?? .min
                if let g = single[k] { single[k] = (g.n + 1, g.sample) } else { single[k] = (1, id) }
            }
            for (k, g) in single { groups[[k]] = g }
        } else {
            var key = [Int64](repeating: 0, count: q.groupBy.count)
            forEachCurrentMatch(q.condition, plan: plan, in: registry) { id in
                for (i, f) in q.groupBy.enumerated() { key[i] = registry.key(f, of: id) ?? .min }
                if let g = groups[key] { groups[key] = (g.n + 1, g.sample) } else { groups[key] = (1, id) }
            }
        }
        var out: [[Value]: Int] = [:]
        for g in groups.values { out[q.groupBy.map { registry.value($0, of: g.sample) }, default: 0] += g.n }
        return out
    }

    /// The students matching a find, projected, ordered and limited.
    public static func find(_ q: FindQuery, in registry: Registry) -> ResultTable {
        findTable(q, rows: findRows(q, in: registry))
    }

    /// A find's table from its rows.
    static func findTable(_ q: FindQuery, rows: [[Value]]) -> ResultTable {
        ResultTable(columns: q.columns.map { .init($0.rawValue, $0.valueType) },
                    rows: rows, footer: ResultText.count(rows.count, .student).text)
    }

    /// A find's rows, answered from memory.
    static func findRows(_ q: FindQuery, in registry: Registry) -> [[Value]] {
        let plan = Planner.plan(q.condition, in: registry, asOf: q.asOf)
        var rows: [(keys: [Value], cells: [Value])] = []
        forEachMatch(q.condition, plan: plan, in: registry) { _, read in
            rows.append((q.order.map { read($0.field) }, q.columns.map(read)))
        }
        if !q.order.isEmpty {
            rows.sort { a, b in
                for (i, k) in q.order.enumerated() where a.keys[i] != b.keys[i] {
                    return k.descending ? b.keys[i] < a.keys[i] : a.keys[i] < b.keys[i]
                }
                return false
            }
        }
        if let limit = q.limit, rows.count > limit { rows.removeLast(rows.count - limit) }
        return rows.map(\.cells)
    }

    /// The number of matching students, overall or per group (groups in key order).
    public static func count(_ q: CountQuery, in registry: Registry) -> ResultTable {
        countTable(q, groups: countGroups(q, in: registry))
    }

    /// A count's table from its groups' counts: groups in key order, or the one total.
    static func countTable(_ q: CountQuery, groups: [[Value]: Int]) -> ResultTable {
        if q.groupBy.isEmpty {
            return ResultTable(columns: [.init("count", .int)], rows: [[.int(groups[[]] ?? 0)]])
        }
        let keys = groups.keys.sorted { a, b in
            for i in a.indices where a[i] != b[i] { return a[i] < b[i] }
            return false
        }
        return ResultTable(
            columns: q.groupBy.map { .init($0.rawValue, $0.valueType) } + [.init("count", .int)],
            rows: keys.map { $0 + [.int(groups[$0]!)] }, style: .counts)
    }

    /// A count's groups, answered from memory.
    static func countGroups(_ q: CountQuery, in registry: Registry) -> [[Value]: Int] {
        let plan = Planner.plan(q.condition, in: registry, asOf: q.asOf)
        if q.groupBy.isEmpty {
            var n = 0
            if q.asOf == nil { forEachCurrentMatch(q.condition, plan: plan, in: registry) { _ in n += 1 } }
            else { forEachMatch(q.condition, plan: plan, in: registry) { _, _ in n += 1 } }
            return [[]: n]
        }
        var groups: [[Value]: Int] = [:]
        if q.asOf == nil && q.groupBy.allSatisfy(Registry.isKeyable) {
            groups = countByKeys(q, plan: plan, in: registry)
        } else {
            forEachMatch(q.condition, plan: plan, in: registry) { _, read in
                groups[q.groupBy.map(read), default: 0] += 1
            }
        }
        return groups
    }
}
