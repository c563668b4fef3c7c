import PostgresNIO
import Registry

/// What `verify` checks of the tables against the journal a session replayed: the students'
/// rows, the count of students ever registered, each student rebuilt from the events' records,
/// the R1 table, the current versions and each province's last entry.
extension PostgresStore {
    /// What differs between the tables and the journal `registry` replayed (ten students at
    /// most named); none when they agree.
    package func problems(against registry: Registry) -> [StorageMessage] {
        var problems: [StorageMessage] = []
        do throws(PGError) {
            let rows = try db.query("SELECT number, school, grade, status, row FROM students")
            var seen = 0
            for row in rows {
                guard let (n, school, grade, status, order) = try? row.decode((String, Int64, Int16, String, Int32?).self) else { continue }
                seen += 1
                guard let number = RegistryNumber(n), let s = try? registry.student(number) else {
                    problems.append(.tableDisagrees(table: "students", what: "\(n) is not in the journal"))
                    continue
                }
                // (The row is the registry's order: null until a whole session fills it in.)
                if UInt64(school) != registry.school(at: s.schoolIndex).code.rawValue || Int(grade) != s.grade || status != s.status.rawValue
                    || order.map({ $0 != s.id.index }) == true {
                    problems.append(.tableDisagrees(table: "students", what: "\(n) differs from the journal"))
                }
                if problems.count >= 10 { break }
            }
            if problems.isEmpty, seen != registry.studentCount {
                problems.append(.tableDisagrees(table: "students", what: "\(seen) rows for \(registry.studentCount) students"))
            }
            let ever = try db.query("SELECT students FROM xueji_head")
            if problems.isEmpty, let n = (try? ever.first?.decode(Int64?.self)) ?? nil, n != registry.studentCount {
                problems.append(.tableDisagrees(table: "xueji_head", what: "\(n) students ever registered for \(registry.studentCount)"))
            }
            if problems.isEmpty, let p = try rebuildProblem(against: registry) { problems.append(p) }
            // The R1 table: each student's ID number, void or not, and nothing else.
            let ids = try db.query("""
                SELECT count(*) FROM (SELECT number, id_card FROM students WHERE id_card IS NOT NULL) s
                FULL JOIN id_numbers i USING (number, id_card) WHERE s.number IS NULL OR i.number IS NULL
                """)
            let strays = Int((try? ids.first?.decode(Int64.self)) ?? 0)
            if problems.isEmpty, strays > 0 {
                problems.append(.tableDisagrees(table: "id_numbers", what: "\(strays) ID numbers differ from the students'"))
            }
            // Each student's last version holds today (none at all: written before migration 5,
            // filled in at the first query).
            let current = try db.query("SELECT count(*) FROM student_versions WHERE upper_inf(valid)")
            let n = Int((try? current.first?.decode(Int64.self)) ?? 0)
            if problems.isEmpty, n != 0, n != registry.studentCount {
                problems.append(.tableDisagrees(table: "student_versions", what: "\(n) current versions for \(registry.studentCount) students"))
            }
            // Each province's last entry as the journal's links name it.
            let heads = try db.query("""
                SELECT count(*) FROM (\(unescaped: Schema.provinceHeadsFromJournal)) j FULL JOIN province_heads h USING (province)
                WHERE j.seq IS DISTINCT FROM h.seq OR j.hash IS DISTINCT FROM h.hash
                """)
            let wrong = Int((try? heads.first?.decode(Int64.self)) ?? 0)
            if wrong > 0 {
                problems.append(.tableDisagrees(table: "province_heads", what: "\(wrong) provinces' last entries are not the journal's"))
            }
        } catch {
            problems.append(error.storage(url).id)
        }
        return problems
    }

    /// What `verify` finds when every student is rebuilt from the tables' records: the first
    /// whose record or history is not the journal's (nil when none). In parts, each part's
    /// students rebuilt in a registry of their own.
    func rebuildProblem(against registry: Registry) throws(PGError) -> StorageMessage? {
        let part = 100_000
        for start in stride(from: 0, to: registry.studentCount, by: part) {
            let numbers = (start..<min(start + part, registry.studentCount)).map { registry.student(StudentID(Int32($0))).number }
            guard let records = try eventRecords(of: numbers.map(\.description), through: .max) else {
                return .tableDisagrees(table: "events", what: "an event without its journal record")
            }
            let rebuilt = registry.emptyCopyWithSchools()
            do throws(StorageError) { try JournalChain.replay(records: records.records, into: rebuilt) } catch {
                return .tableDisagrees(table: "events", what: "the records do not rebuild the students: \(error.id)")
            }
            if let n = registry.firstStudentDiffering(numbers, in: rebuilt) {
                return .tableDisagrees(table: "events", what: "\(n) rebuilt from the records differs from the journal")
            }
        }
        return nil
    }
}
