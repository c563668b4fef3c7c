/// Comparison of two registries for `verify`: records, events, schools and what the indexes
/// answer. Interned ids may differ (rolled-back changes leave pool entries), values may not.
extension Registry {
    /// A description of the first difference from `other`, or nil when they agree.
    func firstDifference(from other: Registry) -> StorageMessage? {
        need(.all); other.need(.all)
        guard schoolRows == other.schoolRows else { return .schoolsDiffer }
        guard rows.count == other.rows.count else { return .studentCountDiffers(rows.count, other.rows.count) }
        guard events.count == other.events.count else { return .eventCountDiffers(events.count, other.events.count) }
        // The record, and what the row keeps beside it (the confirmation day `check unconfirmed` reads).
        for id in allStudents where student(id) != other.student(id)
            || rows[Int(id.index)].unconfirmedSince != other.rows[Int(id.index)].unconfirmedSince {
            return .studentDiffers(student(id).number, name: student(id).name, otherName: other.student(id).name)
        }
        for i in 0..<events.count where event(at: i) != other.event(at: i) {
            let e = event(at: i)
            return .eventDiffers(index: i + 1, day: e.effective, kind: e.kind, student: e.student)
        }
        for id in allStudents {
            let s = student(id)
            guard other.find(s.number) == id else { return .numberIndexDiffers(s.number) }
            if let c = s.idCard, other.find(idCard: c) != id { return .idIndexDiffers(c) }
        }
        for s in schoolRows {
            for g in s.stage.grades where lookup(.school(s.code, grade: g)) != other.lookup(.school(s.code, grade: g)) {
                return .schoolGradeIndexDiffers(s.code, grade: g)
            }
        }
        let hukous = Set(rows.map(\.hukou)).filter { $0 != 0 }
        for h in hukous where lookup(.hukou(DistrictCode(rawValue: h))) != other.lookup(.hukou(DistrictCode(rawValue: h))) {
            return .hukouIndexDiffers(DistrictCode(rawValue: h))
        }
        return nil
    }
}
