import PostgresNIO
import Registry

/// Each event's journal record, kept beside its row (migration 12): enough to rebuild a student,
/// or a scope's students, from the tables alone, as the journal's entries would.
extension PostgresStore {
    /// The records of the events of the students under `numbers` (their numbers now) in entries
    /// up to `sequence`, in the order they were recorded; nil when a row has none (written before
    /// migration 12 and not filled in yet).
    func eventRecords(of numbers: [String], through sequence: UInt64) throws(PGError) -> [[UInt8]]? {
        var out: [[UInt8]] = []
        for row in try db.query("""
            SELECT record FROM events WHERE number = ANY(\(numbers)) AND entry <= \(Int64(min(sequence, UInt64(Int64.max))))
            ORDER BY entry, position
            """) {
            guard let b = try? row.decode(ByteBuffer?.self) else { return nil }
            out.append(Array(buffer: b))
        }
        return out
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
            do throws(StorageError) { try JournalChain.replay(records: records, into: rebuilt) } catch {
                return .tableDisagrees(table: "events", what: "the records do not rebuild the students: \(error.id)")
            }
            if let n = registry.firstStudentDiffering(numbers, in: rebuilt) {
                return .tableDisagrees(table: "events", what: "\(n) rebuilt from the records differs from the journal")
            }
        }
        return nil
    }
}
