/// Comparison of two registries for `verify`: records, events, schools and what the indexes
/// answer. Interned ids may differ (rolled-back changes leave pool entries), values may not.
extension Registry {
    /// A description of the first difference from `other`, or nil when they agree.
    func firstDifference(from other: Registry) -> String? {
        need(.all); other.need(.all)
        guard schoolRows == other.schoolRows else { return "the schools differ" }
        guard rows.count == other.rows.count else { return "\(rows.count) students against \(other.rows.count)" }
        guard events.count == other.events.count else { return "\(events.count) events against \(other.events.count)" }
        for id in allStudents where student(id) != other.student(id) {
            return "student \(student(id).number) differs (\(student(id).name) / \(other.student(id).name))"
        }
        for i in 0..<events.count where event(at: i) != other.event(at: i) {
            let e = event(at: i)
            return "event #\(i + 1) (\(e.effective), \(e.kind.rawValue) \(e.student)) differs"
        }
        for id in allStudents {
            let s = student(id)
            guard other.find(s.number) == id else { return "the registry-number index misses \(s.number)" }
            if let c = s.idCard, other.find(idCard: c) != id { return "the id-card index misses \(c)" }
        }
        for s in schoolRows {
            for g in s.stage.grades where lookup(.school(s.code, grade: g)) != other.lookup(.school(s.code, grade: g)) {
                return "the school+grade index differs for \(s.code) grade \(g)"
            }
        }
        let hukous = Set(rows.map(\.hukou)).filter { $0 != 0 }
        for h in hukous where lookup(.hukou(DistrictCode(rawValue: h))) != other.lookup(.hukou(DistrictCode(rawValue: h))) {
            return "the hukou index differs for \(h)"
        }
        return nil
    }
}
