/// ID number (17 digits packed in a UInt64, never 0) → student row: an open-addressing hash
/// table with linear probing and backward-shift deletion, in two flat arrays.
///
/// It replaces a `[UInt64: Int32]` dictionary: the keys are already well spread once multiplied
/// (Fibonacci hashing), so there is no need for a seeded SipHash per probe, and one array of
/// keys scans in cache order. Every G number is found through it (R1, lookups, imports), and
/// opening a registry fills it with every student.
struct IDTable {
    /// 0 marks an empty slot (no ID number packs to 0).
    private var keys: [UInt64]
    private var values: [Int32]
    /// log2 of the capacity.
    private var bits: Int
    /// Entries held.
    private(set) var count = 0

    /// An empty table.
    init() {
        bits = 4
        keys = Array(repeating: 0, count: 1 << bits)
        values = Array(repeating: 0, count: 1 << bits)
    }

    private var mask: Int { (1 << bits) - 1 }

    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits)) }

    /// The row of `key`; setting nil removes it.
    subscript(key: UInt64) -> Int32? {
        get {
            var i = home(key)
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == 0 { return nil }
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

    private mutating func insert(_ key: UInt64, _ value: Int32) {
        precondition(key != 0, "an ID number never packs to 0")
        if (count + 1) * 4 > (1 << bits) * 3 { rehash(bits: bits + 1) }
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { values[i] = value; return }
            if k == 0 { keys[i] = key; values[i] = value; count += 1; return }
            i = (i + 1) & mask
        }
    }

    /// Linear probing without tombstones: later entries of the same run move back into the gap
    /// when their home slot allows it, so every lookup still stops at the first empty slot.
    private mutating func remove(_ key: UInt64) {
        var i = home(key)
        while keys[i] != key {
            if keys[i] == 0 { return }
            i = (i + 1) & mask
        }
        var j = i
        while true {
            j = (j + 1) & mask
            let k = keys[j]
            if k == 0 { break }
            let h = home(k)
            // Move j back to i unless its home lies cyclically in (i, j].
            let stays = i <= j ? (i < h && h <= j) : (i < h || h <= j)
            if !stays { keys[i] = k; values[i] = values[j]; i = j }
        }
        keys[i] = 0
        count -= 1
    }

    private mutating func rehash(bits newBits: Int) {
        let oldKeys = keys, oldValues = values
        bits = newBits
        keys = Array(repeating: 0, count: 1 << bits)
        values = Array(repeating: 0, count: 1 << bits)
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { insert(k, v) }
    }
}
