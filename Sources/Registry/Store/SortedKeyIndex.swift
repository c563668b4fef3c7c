/// A range index over a 64-bit key (birth day, or the first 8 UTF-8 bytes of a name).
///
/// Sorted keys answer ranges by binary search; rows changed since the last sort wait in
/// `pending` and are checked by their current key, and the whole is re-sorted once pending
/// grows past a fraction of the rest. Stale sorted entries only add candidates: callers
/// always re-check the full predicate, so the index may over-answer but never miss a row.
struct SortedKeyIndex {
    /// In a mapped image, the sorted keys and rows are read in place.
    private(set) var keys = Column<UInt64>()
    private(set) var rows = Column<Int32>()
    private(set) var pending: [Int32] = []

    /// Set after a bulk load: the index is rebuilt at its first use rather than on the open path.
    private(set) var stale = false

    /// An empty index.
    init() {}

    /// Sorted keys and their rows read in place from a mapped image.
    init(keys: UnsafeMutablePointer<UInt64>, rows: UnsafeMutablePointer<Int32>, count: Int, owner: AnyObject) {
        self.keys = Column(mapped: keys, count: count, owner: owner)
        self.rows = Column(mapped: rows, count: count, owner: owner)
    }

    mutating func noteChanged(_ row: Int32) { if !stale { pending.append(row) } }

    /// Forgets everything; the next use rebuilds from the rows.
    mutating func markStale() { keys = Column(); rows = Column(); pending = []; stale = true }

    var needsRebuild: Bool { stale || (pending.count > 1024 && pending.count * 16 > rows.count) }

    /// Sorts every live row by its current key (LSD radix sort: no comparator calls, ties
    /// keep row order).
    mutating func rebuild(count: Int, key: (Int32) -> UInt64) {
        var k = [UInt64](repeating: 0, count: count), r = [Int32](repeating: 0, count: count)
        for i in 0..<count { k[i] = key(Int32(i)); r[i] = Int32(i) }
        SortedKeyIndex.radixSort(&k, &r)
        keys = Column(k); rows = Column(r); pending = []; stale = false
    }

    /// Sorts keys (carrying rows along) byte by byte from the lowest; skips bytes all keys share.
    static func radixSort(_ keys: inout [UInt64], _ rows: inout [Int32]) {
        let n = keys.count
        guard n > 1 else { return }
        var k2 = [UInt64](repeating: 0, count: n), r2 = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: 0, to: 64, by: 8) {
            for i in 0..<256 { counts[i] = 0 }
            keys.withUnsafeBufferPointer { kb in for x in kb { counts[Int((x >> UInt64(shift)) & 0xFF)] += 1 } }
            if counts.contains(n) { continue }                 // every key has the same byte here
            var sum = 0
            for i in 0..<256 { let c = counts[i]; counts[i] = sum; sum += c }
            keys.withUnsafeBufferPointer { kb in rows.withUnsafeBufferPointer { rb in
                k2.withUnsafeMutableBufferPointer { kd in r2.withUnsafeMutableBufferPointer { rd in
                    counts.withUnsafeMutableBufferPointer { cb in
                        for i in 0..<n {
                            let b = Int((kb[i] >> UInt64(shift)) & 0xFF)
                            let at = cb[b]; cb[b] = at + 1
                            kd[at] = kb[i]; rd[at] = rb[i]
                        }
                    }
                } }
            } }
            swap(&keys, &k2); swap(&rows, &r2)
        }
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
