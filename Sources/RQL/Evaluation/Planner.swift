import Registry

/// How a query will find its rows: one index lookup, or a scan of every student.
public struct QueryPlan: Sendable, Equatable, CustomStringConvertible {
    /// The chosen lookup; nil for a full scan.
    public var lookup: IndexLookup?
    /// Rows the plan is expected to visit.
    public var estimatedRows: Int
    /// Whether rows are folded back to an `as of` date (forces a scan).
    public var asOf: Day?
    /// Other lookups that were considered, with their estimates (for `explain`).
    public var alternatives: [(IndexLookup, Int)]

    /// Equal when the chosen access is the same.
    public static func == (a: QueryPlan, b: QueryPlan) -> Bool {
        a.lookup == b.lookup && a.estimatedRows == b.estimatedRows && a.asOf == b.asOf
    }

    /// One line: `index: name index: prefix "王" (estimated 120 rows)` or `scan: …`.
    public var description: String { text.english }

    /// The same line, as a catalogue entry.
    public var text: ResultText {
        if let lookup { return .planIndex(lookup: "\(lookup)", rows: estimatedRows) }
        return .planScan(students: estimatedRows, asOf: asOf)
    }
}

/// Chooses an index for the indexable terms of a `where` (equality, range, prefix) using the
/// registry's estimates; `and` of several uses the most selective, `or` falls back to a scan.
public enum Planner {
    /// The plan for a condition over the registry's current state (or as of a day).
    public static func plan(_ condition: StudentCondition, in registry: Registry, asOf: Day? = nil) -> QueryPlan {
        let all = registry.studentCount
        if let asOf {
            // History folding needs every row: the indexes describe only the current state.
            return QueryPlan(lookup: nil, estimatedRows: all, asOf: asOf, alternatives: [])
        }
        let options = candidates(condition).map { ($0, registry.estimate($0)) }
        guard let best = options.min(by: { $0.1 < $1.1 }), best.1 < all || all == 0 else {
            return QueryPlan(lookup: nil, estimatedRows: all, asOf: nil, alternatives: options)
        }
        return QueryPlan(lookup: best.0, estimatedRows: best.1, asOf: nil, alternatives: options.filter { $0.0 != best.0 })
    }

    /// Lookups that return a superset of the rows satisfying the condition.
    static func candidates(_ condition: StudentCondition) -> [IndexLookup] {
        let terms = condition.conjuncts
        var out: [IndexLookup] = []
        var grade: Int?
        var birthLow: Day?, birthHigh: Day?
        for t in terms {
            if case .compare(.grade, .eq, .int(let g)) = t { grade = g }
        }
        for t in terms {
            switch t {
            case .compare(.no, .eq, .text(let s)):
                if let n = RegistryNumber(s) { out.append(.number(n)) }
            case .compare(.id_card, .eq, .text(let s)):
                if let c = IDCardNumber(s) { out.append(.idCard(c)) }
            case .compare(.school, .eq, .text(let s)):
                if let c = SchoolCode(s) { out.append(.school(c, grade: grade)) }
            case .compare(.schoolDistrict, .eq, .text(let s)):
                if let d = DistrictCode(s) { out.append(.schoolDistrict(d)) }
            case .compare(.hukou, .eq, .text(let s)):
                if let d = DistrictCode(s) { out.append(.hukou(d)) }
            case .compare(.name, .eq, .text(let s)):
                out.append(.namePrefix(s))
            case .like(.name, let p, negated: false):
                let prefix = p.literalPrefix
                if !prefix.isEmpty { out.append(.namePrefix(prefix)) }
            case .compare(.birth, let op, .date(let d)):
                switch op {
                case .eq: birthLow = max(birthLow ?? d, d); birthHigh = min(birthHigh ?? d, d)
                case .gt: birthLow = max(birthLow ?? d.adding(days: 1), d.adding(days: 1))
                case .ge: birthLow = max(birthLow ?? d, d)
                case .lt: birthHigh = min(birthHigh ?? d.adding(days: -1), d.adding(days: -1))
                case .le: birthHigh = min(birthHigh ?? d, d)
                case .ne: break
                }
            case .between(.birth, .date(let a), .date(let b), negated: false):
                birthLow = max(birthLow ?? a, a); birthHigh = min(birthHigh ?? b, b)
            default: break
            }
        }
        if birthLow != nil || birthHigh != nil { out.append(.birth(from: birthLow, through: birthHigh)) }
        return out
    }
}
