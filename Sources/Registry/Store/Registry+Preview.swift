/// `explain promote where …` / `explain graduate where …` (RQL.md): what a bulk change would
/// do — how many would change, who would be skipped under which rule — changing nothing.
extension Registry {
    /// Runs the bulk change on `ids` and undoes it at once; the result lists each refusal.
    /// Allowed on a read-only registry and outside `database.write`: nothing it does stays, and
    /// nothing reaches the journal.
    public func preview(graduating: Bool, _ ids: [StudentID], on date: Day? = nil,
                        progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> BulkResult {
        need(.all)
        let wasWriting = writing
        writing = true
        let sp = savepoint()
        defer { rollback(to: sp); writing = wasWriting }
        let day = date ?? today
        return try bulk(ids, progress: progress, listing: true) { r throws(RegistryError) in
            if graduating { try graduate(row: r, on: day) } else { try promote(row: r, on: day) }
        }
    }
}
