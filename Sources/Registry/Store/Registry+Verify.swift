/// Index self-check: every index must agree with the rows it was built from (`verify`).
extension Registry {
    /// Problems found comparing each index with the stored rows; empty when consistent.
    public func checkIndexes() -> [StorageMessage] {
        need(.all)
        var problems: [StorageMessage] = []
        var withID = 0, inBuckets = 0
        for (i, r) in rows.enumerated() {
            let n = RegistryNumber(rawValue: r.number)
            if rowIndex(of: r.number) != Int32(i) { problems.append(.numberIndexMisses(n)) }
            if r.idCard != 0 {
                withID += 1
                if byIDCard[r.idCard] != Int32(i) { problems.append(.idIndexMisses(n)) }
            }
            if bySchoolGrade[bucketKey(r.school, r.grade)]?.contains(Int32(i)) != true {
                problems.append(.schoolGradeIndexMisses(n))
            }
            if problems.count > 20 { break }
        }
        for b in bySchoolGrade.buckets { inBuckets += b.rows.count }
        if byIDCard.count != withID { problems.append(.idIndexCount(entries: byIDCard.count, idNumbers: withID)) }
        if inBuckets != rows.count { problems.append(.schoolGradeIndexCount(entries: inBuckets, students: rows.count)) }
        var e = 0
        for (i, r) in rows.enumerated() where r.lastEvent >= 0 {
            if events[Int(r.lastEvent)].student != Int32(i) { e += 1 }
        }
        if e > 0 { problems.append(.latestEventsMisplaced(e)) }
        return problems
    }
}
