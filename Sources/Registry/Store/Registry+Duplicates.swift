/// R17 duplicate detection on the current state, fast enough for a province: hashing and a
/// radix sort instead of a dictionary keyed by strings.
extension Registry {
    /// ID numbers held by two students: one as its ID number, another inside its G registry
    /// number (its ID was corrected away, or old data carried it). Each group lists both.
    public func sameIDUnderTwoNumbers() -> [(IDCardNumber, [StudentID])] {
        need([.rows, .idIndex])
        var out: [(IDCardNumber, [StudentID])] = []
        for (number, r) in byNumber {
            let n = RegistryNumber(rawValue: number)
            guard n.kind == .g, let other = byIDCard[n.payload / 11], other != r else { continue }
            out.append((IDCardNumber(digits: n.payload / 11), [StudentID(min(r, other)), StudentID(max(r, other))]))
        }
        return out.sorted { $0.1[0] < $1.1[0] }
    }

    /// Groups of students with the same name, birth date and gender under different numbers,
    /// each group in registration order, groups ordered by their first member.
    public func likelyDuplicateGroups() -> [[StudentID]] {
        need(.rows)
        let n = rows.count
        var keys = [UInt64](repeating: 0, count: n), order = [Int32](repeating: 0, count: n)
        for i in 0..<n {
            let row = rows[i]
            var h: UInt64 = 0xCBF2_9CE4_8422_2325                  // FNV-1a over the name's bytes
            withNameBytes(row.name) { for b in $0 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 } }
            h ^= UInt64(UInt32(bitPattern: row.birth)) << 1 | UInt64(row.gender)
            h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
            keys[i] = h ^ (h >> 33); order[i] = Int32(i)
        }
        SortedKeyIndex.radixSort(&keys, &order)
        var groups: [[StudentID]] = []
        var i = 0
        while i < n {
            var j = i + 1
            while j < n && keys[j] == keys[i] { j += 1 }
            if j - i > 1 {
                // Same hash: split by the real values (a hash collision must not make a group).
                var run = Array(order[i..<j]).sorted()
                while !run.isEmpty {
                    let a = rows[Int(run[0])]
                    let same = run.filter { let b = rows[Int($0)]; return sameName(b.name, a.name) && b.birth == a.birth && b.gender == a.gender }
                    if same.count > 1 { groups.append(same.map(StudentID.init)) }
                    run.removeAll { same.contains($0) }
                }
            }
            i = j
        }
        return groups.sorted { $0[0] < $1[0] }
    }
}
