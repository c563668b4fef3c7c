/// The journal as a chain of entries, for copying a registry to another backend and back
/// (`--copy-to`): the entries travel byte for byte, so their links and signatures still verify.
extension DiskDatabase {
    /// Every entry of the journal, in order (open already checked their chain).
    public func chainedEntries() throws(StorageError) -> [ChainedEntry] {
        guard let journal else { return [] }
        try flusher?.flush()
        let bytes = try journal.readAll()
        var out: [ChainedEntry] = []
        var at = Journal.headerSize
        let end = min(journalEnd, bytes.count)
        func le(_ i: Int, _ n: Int) -> UInt64 { (0..<n).reduce(0) { $0 | UInt64(bytes[i + $1]) << (8 * $1) } }
        while at + Journal.frameHeaderSize <= end {
            guard le(at, 4) == UInt64(Journal.frameMagic) else { throw StorageError(.damaged, .entryUnreadable) }
            let length = Int(le(at + 4, 4)), sequence = le(at + 8, 8)
            let payload = (at + Journal.frameHeaderSize)..<(at + Journal.frameHeaderSize + length)
            guard payload.upperBound + Journal.hashSize <= end else { throw StorageError(.damaged, .entryUnreadable) }
            out.append(ChainedEntry(sequence: sequence, previous: Array(bytes[(at + 16)..<(at + 48)]),
                                    payload: Array(bytes[payload]),
                                    hash: Array(bytes[payload.upperBound..<(payload.upperBound + Journal.hashSize)])))
            at = payload.upperBound + Journal.hashSize
        }
        return out
    }

    /// Appends entries copied from another backend as they are, after this journal's head
    /// (an empty registry's: the genesis), replaying them into the registry; synced once at the end.
    /// Each must be the next link and hash as it says; nothing is re-signed. Entries a server
    /// kept in chains by province are linked again into this journal's one chain: only an open
    /// registry's (unsigned) can be.
    public func appendCopied(_ entries: [ChainedEntry]) throws(StorageError) {
        guard let journal, !isReadOnly else { throw StorageError(.readOnly, .openReadOnly(registry: path)) }
        guard writes.state == .none else { throw StorageError(.refused, .checkpointInTransaction) }
        registry.need(.all)
        registry.writing = true
        defer { registry.writing = false }
        var cursor = ChainCursor.inferringAnchor()
        for var e in entries {
            if let p = cursor.problem(with: e) { throw StorageError(.damaged, p) }
            cursor.advance(past: e)
            if !e.links.isEmpty {
                guard e.hash == JournalChain.hash(payload: e.payload, sequence: e.sequence, previous: e.previous) else {
                    throw StorageError(.damaged, .checksumMismatch)
                }
                guard try JournalChain.decode(e).signature == nil else { throw StorageError(.refused, .signedEntryNotRelinked(sequence: e.sequence)) }
                e = ChainedEntry(sequence: e.sequence, previous: head, payload: e.payload,
                                 hash: JournalChain.hash(payload: e.payload, sequence: e.sequence, previous: head))
            }
            guard e.sequence == entryCount + 1 else { throw StorageError(.damaged, .wrongSequence(found: e.sequence)) }
            guard e.previous == head else { throw StorageError(.damaged, .brokenChain) }
            let (bytes, hash) = Journal.frame(e.payload, sequence: e.sequence, previous: e.previous)
            guard hash == e.hash else { throw StorageError(.damaged, .checksumMismatch) }
            try JournalChain.replay(e, into: registry)
            try journal.write(bytes, at: journalEnd)
            journalEnd += bytes.count; entryCount += 1; head = hash
        }
        try journal.sync()
        writeHeadFile()
    }
}
