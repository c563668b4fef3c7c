/// Key → the rows holding it (school+grade, hukou district). In a mapped image the buckets
/// are three arrays — sorted keys, start offsets, rows — read in place; a bucket changed after
/// the open is copied out once into `changed`, which then answers for that key.
struct BucketIndex<Key: FixedWidthInteger & Hashable> {
    private var keys: UnsafePointer<UInt64>?
    /// `keyCount + 1` offsets into `rows`.
    private var starts: UnsafePointer<UInt64>?
    private var rows: UnsafePointer<Int32>?
    private var keyCount = 0
    private var owner: AnyObject?
    /// Buckets changed (or added) since the image was mapped; an empty array hides a mapped bucket.
    private var changed: [Key: [Int32]] = [:]

    /// An empty index.
    init() {}

    /// Buckets read in place: `keys` ascending, bucket `i` = `rows[starts[i]..<starts[i+1]]`.
    init(keys: UnsafePointer<UInt64>, starts: UnsafePointer<UInt64>, rows: UnsafePointer<Int32>, keyCount: Int, owner: AnyObject) {
        self.keys = keys; self.starts = starts; self.rows = rows; self.keyCount = keyCount; self.owner = owner
    }

    /// Buckets from sorted (key, row) pairs: runs of one key become one bucket.
    init(sortedKeys: [UInt64], rows: [Int32]) {
        var start = 0
        while start < sortedKeys.count {
            var end = start + 1
            while end < sortedKeys.count && sortedKeys[end] == sortedKeys[start] { end += 1 }
            changed[Key(truncatingIfNeeded: sortedKeys[start])] = Array(rows[start..<end])
            start = end
        }
    }

    private func mappedRange(_ key: Key) -> Range<Int>? {
        guard keyCount > 0, let keys, let starts else { return nil }
        let k = UInt64(truncatingIfNeeded: key)
        var lo = 0, hi = keyCount
        while lo < hi { let m = (lo + hi) / 2; if keys[m] < k { lo = m + 1 } else { hi = m } }
        guard lo < keyCount, keys[lo] == k else { return nil }
        return Int(starts[lo])..<Int(starts[lo + 1])
    }

    /// The bucket's rows (a copy); nil when the key has none.
    subscript(key: Key) -> [Int32]? {
        if !changed.isEmpty, let b = changed[key] { return b.isEmpty ? nil : b }
        guard let r = mappedRange(key), let rows else { return nil }
        return Array(UnsafeBufferPointer(start: rows + r.lowerBound, count: r.count))
    }

    /// How many rows hold `key`.
    func count(_ key: Key) -> Int {
        if !changed.isEmpty, let b = changed[key] { return b.count }
        return mappedRange(key)?.count ?? 0
    }

    /// Calls `body` with each row holding `key`, without copying the bucket.
    func forEach(_ key: Key, _ body: (Int32) throws -> Void) rethrows {
        if !changed.isEmpty, let b = changed[key] { for r in b { try body(r) }; return }
        guard let r = mappedRange(key), let rows else { return }
        for i in r { try body(rows[i]) }
    }

    /// Takes a mapped bucket into `changed` before its first change.
    private mutating func own(_ key: Key) {
        if changed[key] == nil { changed[key] = self[key] ?? [] }
    }

    mutating func append(_ r: Int32, to key: Key) {
        own(key)
        changed[key, default: []].append(r)
    }

    /// Removes `r` from the bucket, moving the bucket's last row into its place.
    mutating func remove(_ r: Int32, from key: Key) {
        own(key)
        guard var bucket = changed[key], let i = bucket.lastIndex(of: r) else { return }
        changed[key] = nil                       // keep the array uniquely referenced while editing
        bucket.swapAt(i, bucket.count - 1)
        bucket.removeLast()
        changed[key] = bucket
    }

    /// Every key with at least one row, ascending, with its rows.
    var buckets: [(key: Key, rows: [Int32])] {
        var out: [(key: Key, rows: [Int32])] = []
        if let keys {
            for i in 0..<keyCount {
                let k = Key(truncatingIfNeeded: keys[i])
                if changed[k] == nil, let b = self[k] { out.append((k, b)) }
            }
        }
        for (k, b) in changed where !b.isEmpty { out.append((k, b)) }
        return out.sorted { UInt64(truncatingIfNeeded: $0.key) < UInt64(truncatingIfNeeded: $1.key) }
    }
}
