/// `revert entry N reason "…"` (R23): a bulk change made by mistake is undone by compensating
/// events, one per student, dated as the change was; the history keeps both.
extension Registry {
    /// Reverts the promotions or graduations that journal entry `entry` recorded (`recorded`,
    /// as the database read them back). Refused under R23 unless each of those events is still
    /// its student's latest; returns how many students were reverted.
    public func revert(_ recorded: [RecordedEvent], entry: Int, reason: String) throws(RegistryError) -> Int {
        try checkWritable()
        try TextRules.check(.reason, reason)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r23, .lifecycle(.revertNeedsReason)) }
        guard !recorded.isEmpty, recorded.allSatisfy({ $0.kind == .promote || $0.kind == .graduate }) else {
            throw RegistryError(.r23, .lifecycle(.revertNotBulkChange(entry: entry)))
        }
        // (A session holding some students asks the server once for those it lacks.)
        prefetch(recorded.map { .number($0.student) })
        var rowsToRevert: [(row: Int32, event: RecordedEvent)] = []
        for e in recorded {
            guard let r = lookUp(number: e.student.rawValue) else {
                throw RegistryError(.r23, .lifecycle(.revertStudentMissing(number: e.student, entry: entry)))
            }
            let last = rows[Int(r)].lastEvent
            let latest = last >= 0 ? event(at: Int(last)) : nil
            guard let latest, latest.kind == e.kind, latest.effective == e.day, latest.recordedAt == e.recordedAt,
                  latest.changes == e.changes else {
                throw RegistryError(.r23, .lifecycle(.revertLaterEvent(number: e.student, name: name(rows[Int(r)].name), later: latest?.kind,
                                                                     laterOn: latest?.effective, entry: entry)))
            }
            try checkScope(school: rows[Int(r)].school, .student(number: e.student, name: name(rows[Int(r)].name)))
            rowsToRevert.append((r, e))
        }
        for (r, e) in rowsToRevert {
            record(.revert, row: r, day: e.day, changes: e.changes.reversed().map { FieldChange($0.field, $0.after, $0.before) },
                   text: reason.trimmingSpaces, extra: "entry \(entry)")
        }
        return rowsToRevert.count
    }
}
