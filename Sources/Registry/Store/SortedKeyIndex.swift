/// A range index over a 64-bit key (birth day, or the first 8 UTF-8 bytes of a name).
///
/// Sorted keys answer ranges by binary search; rows changed since the last sort wait in
/// `pending` and are checked by their current key, and the whole is re-sorted once pending
/// grows past a fraction of the rest. Stale sorted entries only add candidates: callers
/// always re-check the full predicate, so the index may over-answer but never miss a row.
struct SortedKeyIndex {
    private(set) var keys: [UInt64] = []
    private(set) var rows: [Int32] = []
    private(set) var pending: [Int32] = []

    mutating func noteChanged(_ row: Int32) { pending.append(row) }

    var needsRebuild: Bool { pending.count > 1024 && pending.count * 16 > rows.count }

    /// Sorts every live row by its current key.
    mutating func rebuild(count: Int, key: (Int32) -> UInt64) {
        var pairs = [(UInt64, Int32)]()
        pairs.reserveCapacity(count)
        for r in 0..<Int32(count) { pairs.append((key(r), r)) }
        pairs.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        keys = pairs.map(\.0); rows = pairs.map(\.1); pending = []
    }

    private func lowerBound(_ k: UInt64) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi { let m = (lo + hi) / 2; if keys[m] < k { lo = m + 1 } else { hi = m } }
        return lo
    }

    /// Rows whose key lies in `lo...hi` (a superset: re-check), in no particular order.
    func candidates(_ lo: UInt64, _ hi: UInt64, count: Int, key: (Int32) -> UInt64) -> [Int32] {
        guard lo <= hi else { return [] }
        var out = [Int32]()
        var i = lowerBound(lo)
        while i < keys.count, keys[i] <= hi { if rows[i] < count { out.append(rows[i]) }; i += 1 }
        for r in pending where r < count { let k = key(r); if k >= lo && k <= hi { out.append(r) } }
        return out
    }

    /// Rows with key in `lo...hi`: the sorted part by binary search, pending rows counted exactly.
    func estimate(_ lo: UInt64, _ hi: UInt64, count: Int, key: (Int32) -> UInt64) -> Int {
        guard lo <= hi else { return 0 }
        let a = lowerBound(lo)
        let b = hi == .max ? keys.count : lowerBound(hi + 1)
        var n = b - a
        for r in pending where r < count { let k = key(r); if k >= lo && k <= hi { n += 1 } }
        return n
    }
}
