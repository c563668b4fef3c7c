/// ID number (17 digits packed in a UInt64, never 0) → student row: an open-addressing hash
/// table with linear probing and backward-shift deletion, key and row side by side in one
/// array of slots.
///
/// It replaces a `[UInt64: Int32]` dictionary: the keys are already well spread once multiplied
/// (Fibonacci hashing), so there is no seeded SipHash per probe, and a probe costs one cache
/// line. Every G number is found through it (R1, lookups, imports), and opening a registry
/// fills it with every student — in slot order (`init(keys:rows:)`), so that the fill walks
/// memory forwards instead of missing the cache once per student.
struct IDTable {
    struct Slot: BitwiseCopyable {
        /// 0 marks an empty slot (no ID number packs to 0).
        var key: UInt64
        var row: Int32
    }

    /// In a mapped image, the slots are read (and changed, page by page) in place.
    private(set) var slots: Column<Slot>
    /// log2 of the capacity.
    private(set) var bits: Int
    /// Entries held.
    private(set) var count = 0

    /// An empty table.
    init() {
        bits = 4
        slots = Column(Array(repeating: Slot(key: 0, row: 0), count: 1 << bits))
    }

    /// A table whose `1 << bits` slots lie in a mapped image, holding `count` entries.
    init(mapped: UnsafeMutablePointer<Slot>, bits: Int, count: Int, owner: AnyObject) {
        slots = Column(mapped: mapped, count: 1 << bits, owner: owner)
        self.bits = bits; self.count = count
    }

    /// A table holding `rows[i]` under `keys[i]` for every non-zero key (keys are distinct).
    init(keys: [UInt64], rows: [Int32]) {
        self.init()
        let n = keys.lazy.filter { $0 != 0 }.count
        reserveCapacity(n)
        // Counting sort of the entries by the top 10 bits of their home slot, then insertion in
        // that order: the scatter writes 1,024 streams (their cache lines stay in L2), and each
        // bucket's inserts fall in 1/1024 of the slots (a few dozen KB at 1M), where inserting
        // in row order would miss the cache once per student.
        let bucketBits = min(bits, 10), shift = bits - bucketBits
        var starts = [Int](repeating: 0, count: (1 << bucketBits) + 1)
        for k in keys where k != 0 { starts[(home(k) >> shift) + 1] += 1 }
        for b in 0..<(1 << bucketBits) { starts[b + 1] += starts[b] }
        var orderedKeys = [UInt64](repeating: 0, count: n), orderedRows = [Int32](repeating: 0, count: n)
        for (k, r) in zip(keys, rows) where k != 0 {
            let b = home(k) >> shift
            orderedKeys[starts[b]] = k; orderedRows[starts[b]] = r
            starts[b] += 1
        }
        // Room was reserved: no growth check and no copy-on-write check per insert.
        let m = mask, b = bits
        slots.withUnsafeMutableBufferPointer { table in
            for (k, r) in zip(orderedKeys, orderedRows) {
                var i = IDTable.home(k, bits: b)
                while table[i].key != 0 && table[i].key != k { i = (i + 1) & m }
                table[i] = Slot(key: k, row: r)
            }
        }
        count = n
    }

    private var mask: Int { (1 << bits) - 1 }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { IDTable.home(key, bits: bits) }

    @inline(__always)
    private static func home(_ key: UInt64, bits: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    /// The row of `key`; setting nil removes it.
    subscript(key: UInt64) -> Int32? {
        get {
            var i = home(key)
            while true {
                let s = slots[i]
                if s.key == key { return s.row }
                if s.key == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            if let newValue { insert(key, newValue) } else { remove(key) }
        }
    }

    /// Makes room for `n` entries in all, so the table grows once (imports, opening).
    mutating func reserveCapacity(_ n: Int) {
        var b = bits
        while (1 << b) * 3 < n * 4 { b += 1 }      // load at most 3/4
        if b > bits { rehash(bits: b) }
    }

    private mutating func insert(_ key: UInt64, _ row: Int32) {
        precondition(key != 0, "an ID number never packs to 0")
        if (count + 1) * 4 > (1 << bits) * 3 { rehash(bits: bits + 1) }
        var i = home(key)
        while true {
            let k = slots[i].key
            if k == key { slots[i].row = row; return }
            if k == 0 { slots[i] = Slot(key: key, row: row); count += 1; return }
            i = (i + 1) & mask
        }
    }

    /// Linear probing without tombstones: later entries of the same run move back into the gap
    /// when their home slot allows it, so every lookup still stops at the first empty slot.
    private mutating func remove(_ key: UInt64) {
        var i = home(key)
        while slots[i].key != key {
            if slots[i].key == 0 { return }
            i = (i + 1) & mask
        }
        var j = i
        while true {
            j = (j + 1) & mask
            let k = slots[j].key
            if k == 0 { break }
            let h = home(k)
            // Move j back to i unless its home lies cyclically in (i, j].
            let stays = i <= j ? (i < h && h <= j) : (i < h || h <= j)
            if !stays { slots[i] = slots[j]; i = j }
        }
        slots[i].key = 0
        count -= 1
    }

    private mutating func rehash(bits newBits: Int) {
        let old = slots
        bits = newBits
        slots = Column(Array(repeating: Slot(key: 0, row: 0), count: 1 << bits))
        count = 0
        for s in old where s.key != 0 { insert(s.key, s.row) }
    }
}
