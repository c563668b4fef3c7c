import Crypto

/// Reading one journal entry back: what `revert entry N` undoes (R23).
extension DiskDatabase {
    /// The number of the journal entry the last change of this session became (a checkpoint
    /// the change set off comes after it, and is not it).
    public var lastEntry: Int? { lastChangeEntry }

    /// The events journal entry `n` recorded, read from the journal (the chain was checked at
    /// open; this entry's own checksum is checked again here).
    public func recordedEvents(ofEntry n: Int) throws(RegistryError) -> [RecordedEvent] {
        guard n >= 1, UInt64(n) <= entryCount, let journal else { throw RegistryError(.r23, .storage(.noJournalEntry(n))) }
        try? flusher?.flush()
        let bytes: [UInt8]
        do throws(StorageError) { bytes = try journal.readAll() } catch { throw RegistryError(nil, .storage(error.id)) }
        let entry: JournalEntry? = bytes.withUnsafeBytes { b in
            var at = Journal.headerSize, seq = 1
            while at + Journal.frameHeaderSize <= b.count {
                var r = ByteReader(b, offset: at)
                guard (try? r.u32()) == Journal.frameMagic, let length = try? r.u32() else { return nil }
                let payload = (at + Journal.frameHeaderSize)..<(at + Journal.frameHeaderSize + Int(length))
                let end = payload.upperBound + Journal.hashSize
                guard end <= b.count else { return nil }
                if seq == n {
                    let stored = Array(UnsafeRawBufferPointer(rebasing: b[payload.upperBound..<end]))
                    guard Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: b[at..<payload.upperBound]))) == stored else { return nil }
                    var p = ByteReader(UnsafeRawBufferPointer(rebasing: b[payload]))
                    return try? JournalEntry.decode(&p)
                }
                at = end; seq += 1
            }
            return nil
        }
        guard let entry else { throw RegistryError(nil, .storage(.journalEntryUnreadable(n))) }
        return entry.events.map { e in
            RecordedEvent(student: RegistryNumber(rawValue: e.student), kind: e.kind, day: Day(rawValue: e.day),
                          recordedAt: e.recordedAt, changes: e.changes)
        }
    }
}
