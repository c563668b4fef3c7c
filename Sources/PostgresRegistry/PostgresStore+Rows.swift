import PostgresNIO
import Registry

/// Where each student's row stands in the tables' order (`row`).
extension PostgresStore {
    /// A student's row in the tables: the registry's order, which a whole session's rows are;
    /// a session holding one scope has the tables' (`learnServerRows`).
    func row(of s: Student) -> Int32 {
        guard let new = serverRows else { return s.id.index }
        return new[s.number.description] ?? knownRows[s.number.description] ?? s.id.index
    }

    /// For a session holding one scope, under the writer lock: the rows the tables hold of the
    /// entry's students (under their numbers before it, for one it renumbered), and the next
    /// rows, after the students ever registered, for those it registers, in the order it did.
    /// A student's row never changes: those learned are kept, and a change to them alone asks
    /// the server nothing.
    func learnServerRows(_ numbers: [RegistryNumber], registry: Registry) throws(PGError) {
        serverStudents = nil
        guard registry.partial != nil else { serverRows = nil; return }
        let newNumber = Dictionary(renumbered.map { ($0.old, $0.new) }, uniquingKeysWith: { $1 })
        let registered = numbers.filter { newStudents.contains($0.description) }.compactMap { try? registry.student($0) }
        let asked = (numbers.map(\.description) + renumbered.map(\.old)).filter { knownRows[newNumber[$0] ?? $0] == nil && !newStudents.contains($0) }
        if !asked.isEmpty || !registered.isEmpty {
            // Read from the partitions of the provinces the students were ever in (the tables
            // may hold one where it was before this entry moved it): over every partition of
            // a sharded coordinator, the read took ~25 ms.
            // (Versions are by day: the province the entry moved a student from is added, and
            // one not found there is asked again over every partition.)
            var provinces = Set<Int>(), placed = true
            for n in asked {
                guard let number = RegistryNumber(newNumber[n] ?? n), let id = registry.find(number) else { placed = false; break }
                for v in registry.versions(of: id) { provinces.insert(Self.province(of: v.student, in: registry)) }
                if let p = formerProvince[n] { provinces.insert(p) }
            }
            let pruned = placed && !provinces.isEmpty ? "province IN (\(provinces.sorted().map { String($0) }.joined(separator: ", "))) AND " : ""
            var unfound = Set(asked)
            for r in try db.query("""
                SELECT NULL::text, students FROM xueji_head
                UNION ALL
                SELECT number, row::bigint FROM students WHERE \(unescaped: pruned)number = ANY(\(asked)) AND row IS NOT NULL
                """) {
                guard let (n, row) = try? r.decode((String?, Int64?).self) else { continue }
                if let n { knownRows[newNumber[n] ?? n] = Int32(truncatingIfNeeded: row ?? 0); unfound.remove(n) } else { serverStudents = row ?? 0 }
            }
            if !pruned.isEmpty && !unfound.isEmpty {
                for r in try db.query("SELECT number, row::bigint FROM students WHERE number = ANY(\(Array(unfound))) AND row IS NOT NULL") {
                    if let (n, row) = try? r.decode((String, Int64).self) { knownRows[newNumber[n] ?? n] = Int32(truncatingIfNeeded: row) }
                }
            }
        }
        // The new ones apart (not kept: the entry may yet be undone, the number issued again).
        var rows: [String: Int32] = [:]
        for (k, s) in registered.sorted(by: { $0.id.index < $1.id.index }).enumerated() {
            rows[s.number.description] = Int32(truncatingIfNeeded: (serverStudents ?? 0) + Int64(k))
        }
        if let n = serverStudents { serverStudents = n + Int64(registered.count) }
        serverRows = rows
    }
}
