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

/// A student rebuilt elsewhere (from a server's copy of each event's record) against the
/// registry's own: found by number, since row and event positions differ between the two.
extension Registry {
    /// A registry with this one's schools and nothing else, today as this one's: where students
    /// rebuilt from their events' records (`JournalChain.replay(records:)`) are put.
    public func emptyCopyWithSchools() -> Registry {
        let copy = Registry(today: today)
        for (i, s) in schoolRows.enumerated() {
            copy.schoolRows.append(s)
            copy.schoolByCode[s.code.rawValue] = Int32(i)
            copy.schoolsByDistrict[s.district.rawValue, default: []].append(Int32(i))
        }
        return copy
    }

    /// The first of `numbers` whose record, confirmation day or history (every event, as
    /// `history` shows it, but its position) is not the same in `other`, or that `other` lacks.
    public func firstStudentDiffering(_ numbers: [RegistryNumber], in other: Registry) -> RegistryNumber? {
        need(.all); other.need(.all)
        for n in numbers {
            guard let a = find(n) else { continue }
            guard let b = other.find(n) else { return n }
            let sa = student(a)
            var sb = other.student(b)
            sb.id = sa.id
            sb.schoolIndex = sa.schoolIndex
            if sa != sb || schoolRows[sa.schoolIndex] != other.schoolRows[other.student(b).schoolIndex]
                || rows[Int(a.index)].unconfirmedSince != other.rows[Int(b.index)].unconfirmedSince { return n }
            let ha = history(of: a).map { e -> Event in var e = e; e.sequence = 0; return e }
            let hb = other.history(of: b).map { e -> Event in var e = e; e.sequence = 0; return e }
            if ha != hb { return n }
        }
        return nil
    }
}
