import Registry

/// A scope's former students (WORKFLOW.md, "Actors and scopes" and "Privacy"): a student who
/// was in the session's scope and left it (a transfer, a next stage elsewhere) stays visible
/// there read-only, as the record stood on the day they left, with the history up to that
/// day; `show … as of` a day they were in the scope shows them as they were then.
extension Session {
    /// The student's last stay in the session's scope that ended: the record as it stood then,
    /// and the day they left (the effective day of the change that took them out). Nil: never
    /// in the scope, or an open registry.
    func formerStay(_ id: StudentID) -> (record: Student, left: Day)? {
        guard let scope = studentScope else { return nil }
        for v in registry.versions(of: id).reversed() {
            guard let left = v.to, v.from != nil else { continue }
            if scope.matches({ registry.value($0, of: v.student, on: left.adding(days: -1)) }) { return (v.student, left) }
        }
        return nil
    }

    /// Whether the record as it stood at the end of `day` is in the session's scope.
    func inScope(_ id: StudentID, asOf day: Day) -> Bool {
        guard let scope = studentScope else { return true }
        guard let s = registry.student(id, asOf: day) else { return false }
        return scope.matches { registry.value($0, of: s, on: day) }
    }

    /// A former student's events: those before the day they left, and the change that took them out.
    func eventsUntilLeaving(_ events: [Event], left: Day) -> [Event] {
        var out = events.filter { $0.effective < left }
        if let leaving = events.first(where: { $0.effective >= left && $0.changes.contains { $0.field == .school } }) {
            out.append(leaving)
        }
        return out
    }
}
