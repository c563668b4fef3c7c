/// A question an index can answer; the planner builds these from `where` predicates and asks
/// the registry how many rows each would return before choosing one.
public enum IndexLookup: Sendable, Hashable, CustomStringConvertible {
    /// `no = G…` (hash).
    case number(RegistryNumber)
    /// `id_card = "…"` (hash).
    case idCard(IDCardNumber)
    /// `school = …` optionally with `grade = …` (hash buckets per school and grade).
    case school(SchoolCode, grade: Int?)
    /// `school.district = …` (the schools of the district, then their buckets).
    case schoolDistrict(DistrictCode)
    /// `hukou = …` (hash buckets).
    case hukou(DistrictCode)
    /// `name = …` or `name like "王%"`: a name prefix (sorted on the first 8 UTF-8 bytes).
    case namePrefix(String)
    /// `birth` in a range, either end optional, both inclusive (sorted).
    case birth(from: Day?, through: Day?)

    /// The index's name as `explain` prints it.
    public var indexName: String {
        switch self {
        case .number: "registry-number index"
        case .idCard: "id-card index"
        case .school(_, let g): g == nil ? "school+grade index (school)" : "school+grade index"
        case .schoolDistrict: "school+grade index (schools of district)"
        case .hukou: "hukou index"
        case .namePrefix: "name index"
        case .birth: "birth-date index"
        }
    }

    /// The lookup as `explain` prints it, e.g. `name index: prefix "王"`.
    public var description: String {
        switch self {
        case .number(let n): "\(indexName): no = \(n)"
        case .idCard(let c): "\(indexName): id_card = \(c)"
        case .school(let s, let g): "\(indexName): school = \(s)" + (g.map { ", grade = \($0)" } ?? "")
        case .schoolDistrict(let d): "\(indexName): school.district = \(d)"
        case .hukou(let d): "\(indexName): hukou = \(d)"
        case .namePrefix(let p): "\(indexName): prefix \"\(p)\""
        case .birth(let a, let b): "\(indexName): birth " + (a.map { ">= \($0)" } ?? "") + (a != nil && b != nil ? " and " : "") + (b.map { "<= \($0)" } ?? "")
        }
    }
}

extension Registry {
    /// Estimated rows the lookup returns (exact for hash indexes).
    public func estimate(_ lookup: IndexLookup) -> Int {
        need([.rows, .idIndex, .buckets, .sortedKeys])
        switch lookup {
        case .number(let n): return rowIndex(of: n.rawValue) == nil ? 0 : 1
        case .idCard(let c): return byIDCard[c.digits] == nil ? 0 : 1
        case .school(let code, let g):
            guard let s = schoolByCode[code.rawValue] else { return 0 }
            let grades = g.map { [$0] } ?? Array(1...12)
            return grades.reduce(0) { $0 + (bySchoolGrade[bucketKey(s, UInt8($1))]?.count ?? 0) }
        case .schoolDistrict(let d):
            return (schoolsByDistrict[d.rawValue] ?? []).reduce(0) { $0 + estimate(.school(schoolRows[Int($1)].code, grade: nil)) }
        case .hukou(let d): return byHukou[d.rawValue]?.count ?? 0
        case .namePrefix(let p):
            if byName.needsRebuild { byName.rebuild(count: rows.count, key: nameKey) }
            let (lo, hi) = Registry.nameRange(p)
            return byName.estimate(lo, hi, count: rows.count, key: nameKey)
        case .birth(let a, let b):
            if byBirth.needsRebuild { byBirth.rebuild(count: rows.count, key: birthKey) }
            return byBirth.estimate(a.map { Registry.dayKey($0.rawValue) } ?? 0, b.map { Registry.dayKey($0.rawValue) } ?? .max, count: rows.count, key: birthKey)
        }
    }

    /// The rows the lookup finds, ascending, without duplicates. A superset for `namePrefix`
    /// and after corrections: callers re-check their whole predicate on each row.
    public func lookup(_ lookup: IndexLookup) -> [StudentID] {
        need([.rows, .idIndex, .buckets, .sortedKeys])
        var out: [Int32]
        switch lookup {
        case .number(let n): out = rowIndex(of: n.rawValue).map { [$0] } ?? []
        case .idCard(let c): out = byIDCard[c.digits].map { [$0] } ?? []
        case .school(let code, let g):
            guard let s = schoolByCode[code.rawValue] else { return [] }
            out = (g.map { [$0] } ?? Array(1...12)).flatMap { bySchoolGrade[bucketKey(s, UInt8($0))] ?? [] }
        case .schoolDistrict(let d):
            out = (schoolsByDistrict[d.rawValue] ?? []).flatMap { s in (1...12).flatMap { bySchoolGrade[bucketKey(s, UInt8($0))] ?? [] } }
        case .hukou(let d): out = byHukou[d.rawValue] ?? []
        case .namePrefix(let p):
            if byName.needsRebuild { byName.rebuild(count: rows.count, key: nameKey) }
            let (lo, hi) = Registry.nameRange(p)
            out = byName.candidates(lo, hi, count: rows.count, key: nameKey)
        case .birth(let a, let b):
            if byBirth.needsRebuild { byBirth.rebuild(count: rows.count, key: birthKey) }
            out = byBirth.candidates(a.map { Registry.dayKey($0.rawValue) } ?? 0, b.map { Registry.dayKey($0.rawValue) } ?? .max,
                                     count: rows.count, key: birthKey)
        }
        out.sort()
        var uniq: [StudentID] = []
        uniq.reserveCapacity(out.count)
        var last: Int32 = -1
        for r in out where r != last { uniq.append(StudentID(r)); last = r }
        if let keys = partial?.keys, partial?.outOfOrder == true { uniq.sort { keys[Int($0.index)] < keys[Int($1.index)] } }
        return uniq
    }

    /// Drops the sorted indexes after a bulk load; they are rebuilt at their first use.
    func markSortedIndexesStale() { byName.markStale(); byBirth.markStale() }

    /// Brings the sorted indexes up to date now (after a bulk load) rather than at first use.
    public func rebuildSortedIndexes() {
        need(.rows)
        byName.rebuild(count: rows.count, key: nameKey)
        byBirth.rebuild(count: rows.count, key: birthKey)
    }

    /// Sorts what is pending in the sorted indexes, so an image stores them complete.
    func settleSortedIndexes() {
        if byName.stale || !byName.pending.isEmpty { byName.rebuild(count: rows.count, key: nameKey) }
        if byBirth.stale || !byBirth.pending.isEmpty { byBirth.rebuild(count: rows.count, key: birthKey) }
    }

    private func nameKey(_ r: Int32) -> UInt64 { withNameBytes(rows[Int(r)].name) { Registry.prefixKey($0) } }
    private func birthKey(_ r: Int32) -> UInt64 { Registry.dayKey(rows[Int(r)].birth) }
    static func dayKey(_ d: Int32) -> UInt64 { UInt64(UInt32(bitPattern: d &+ Int32.min)) }

    static func prefixKey(_ bytes: some Sequence<UInt8>, pad: UInt8 = 0) -> UInt64 {
        var k: UInt64 = 0, n = 0
        for b in bytes { if n == 8 { break }; k = k << 8 | UInt64(b); n += 1 }
        while n < 8 { k = k << 8 | UInt64(pad); n += 1 }
        return k
    }

    static func nameRange(_ prefix: String) -> (UInt64, UInt64) {
        (prefixKey(prefix.utf8, pad: 0), prefixKey(prefix.utf8, pad: 0xFF))
    }
}
