/// One journal entry as the chain holds it, wherever a backend keeps it: the payload exactly
/// as `journal.xj` frames it (FORMAT.md), its sequence number, the previous entry's hash and
/// its own. A chain copied between backends byte for byte still verifies, signatures included.
public struct ChainedEntry: Sendable, Equatable {
    /// 1 for the first entry, +1 each.
    public var sequence: UInt64
    /// The previous entry's hash (the genesis hash for entry 1).
    public var previous: [UInt8]
    /// The entry's payload.
    public var payload: [UInt8]
    /// SHA-256 of the frame (header, payload): the link the next entry carries.
    public var hash: [UInt8]
    /// In a chain kept by province (after its anchor, `ChainCursor`): the entry's link to each
    /// province it is about, whose SHA-256 is `previous`. Empty: `previous` is the entry before's hash.
    public var links: [ProvinceLink]

    /// An entry as stored; `JournalChain.problem(with:)` checks it.
    public init(sequence: UInt64, previous: [UInt8], payload: [UInt8], hash: [UInt8], links: [ProvinceLink] = []) {
        self.sequence = sequence; self.previous = previous; self.payload = payload; self.hash = hash; self.links = links
    }

    /// What the entry says of itself: its label (`enrol`, `transaction`), effective day of its
    /// first event (0: none), recorded time; nil when the payload is unreadable.
    public var summary: (label: String, day: Day?, recordedAt: Int64)? {
        payload.withUnsafeBytes { b in
            var r = ByteReader(b)
            guard let s = JournalEntry.summary(&r), let at = try? r.i64() else { return nil }
            return (s.label, s.day == 0 ? nil : Day(rawValue: s.day), at)
        }
    }
}

/// The journal's entries as bytes for a backend that keeps them elsewhere than a file
/// (PostgreSQL): made from the engine's changes, signed, hashed, replayed and verified by the
/// same code `DiskDatabase` uses, so both backends write the same chain.
public enum JournalChain {
    /// The link of entry 1: the hash of the journal file's header (it binds the format version).
    public static var genesis: [UInt8] { Journal.genesis }

    /// The changes made to `registry` since `savepoint` as the entry after `cursor`'s (linked to
    /// the chains of the provinces it is about when the cursor is past its anchor); nil when
    /// nothing changed. In a governed registry it is signed by `signer`, which must be a
    /// registered actor holding its key (R22).
    public static func entry(of registry: Registry, since savepoint: Savepoint, label: String?, after cursor: ChainCursor,
                             signer: (name: ActorName, key: SigningKey)?, fixedClock: Bool) throws(StorageError) -> ChainedEntry? {
        guard registry.savepoint() != savepoint else { return nil }
        let entry = registry.journalEntry(since: savepoint, label: label)
        // (Students fetched meanwhile are no change of the session's.)
        guard !entry.events.isEmpty || !entry.schools.isEmpty || !entry.actorChanges.isEmpty || !entry.requestOps.isEmpty else { return nil }
        let links = cursor.links(for: provinces(of: entry, in: registry))
        var e = try chain(entry, in: registry, sequence: cursor.sequence + 1, previous: links.map(ProvinceLink.joined) ?? cursor.head,
                          signer: signer, fixedClock: fixedClock)
        e.links = links ?? []
        return e
    }

    /// Refuses a change to a governed registry before it is made when the session cannot sign it (R22).
    public static func checkSigner(_ signer: (name: ActorName, key: SigningKey)?, for registry: Registry) throws(StorageError) {
        guard registry.isGoverned else { return }
        _ = try self.signer(signer, for: JournalEntry(label: "", day: 0, recordedAt: 0, schools: [], events: []), in: registry)
    }

    /// `entry` encoded, signed when the registry is governed, and hashed after `previous`.
    static func chain(_ entry: JournalEntry, in registry: Registry, sequence: UInt64, previous: [UInt8],
                      signer session: (name: ActorName, key: SigningKey)?, fixedClock: Bool) throws(StorageError) -> ChainedEntry {
        var w = ByteWriter(capacity: 256 + entry.events.count * 96)
        let signer = try self.signer(session, for: entry, in: registry)
        var entry = entry
        entry.fixedClock = signer != nil && fixedClock
        entry.encode(into: &w, signedBy: signer?.name.description)
        if let signer {
            var header = ByteWriter(capacity: Journal.frameHeaderSize)
            header.u32(Journal.frameMagic); header.u32(UInt32(w.bytes.count)); header.u64(sequence); header.raw(previous)
            let signed = w.bytes.count - 64
            let digest = header.bytes.withUnsafeBytes { h in
                w.bytes.withUnsafeBytes { p in
                    EntrySignature.digest(header: h, payload: UnsafeRawBufferPointer(rebasing: p[..<(signed - 8 - 4 - signer.name.description.utf8.count)]))
                }
            }
            w.bytes.replaceSubrange(signed..., with: signer.key.sign(digest))
        }
        return ChainedEntry(sequence: sequence, previous: previous, payload: w.bytes,
                            hash: hash(payload: w.bytes, sequence: sequence, previous: previous))
    }

    /// Who signs `entry` (R22): nobody in an open registry; in a governed one the session's
    /// actor, which must be registered, unrevoked and holding its registered key. Judged as the
    /// registry stood before the entry: an actor may revoke itself or replace its own key, and
    /// the entry that makes the registry governed is signed by its actor.
    static func signer(_ signer: (name: ActorName, key: SigningKey)?, for entry: JournalEntry,
                       in registry: Registry) throws(StorageError) -> (name: ActorName, key: SigningKey)? {
        guard registry.isGoverned else { return nil }
        guard let signer else { throw StorageError(.readOnly, .governedNeedsActor, rule: .r22) }
        guard let actor = registry.actor(signer.name, beforeLast: entry.actorChanges.count)
                ?? entry.actorChanges.first(where: { $0.kind == .add && $0.name == signer.name && registry.actorLog.count == entry.actorChanges.count })
                    .map({ ActorRecord(name: $0.name, title: $0.text, key: $0.key!, addedBy: nil) }),
              !actor.isRevoked, actor.key == signer.key.publicKey else {
            throw StorageError(.readOnly, .notKeyHolder(actor: signer.name), rule: .r22)
        }
        return signer
    }

    /// SHA-256 of the entry's frame: what `journal.xj` stores after it and the next entry links to.
    public static func hash(payload: [UInt8], sequence: UInt64, previous: [UInt8]) -> [UInt8] {
        Journal.frame(payload, sequence: sequence, previous: previous).hash
    }

    /// Applies an entry to `registry` without re-running the rules (replay). An entry that does
    /// not decode, or names what the registry does not hold, is damage.
    public static func replay(_ e: ChainedEntry, into registry: Registry) throws(StorageError) {
        let entry = try decode(e)
        do throws(RegistryError) { try registry.apply(entry, sequence: e.sequence) } catch {
            throw StorageError(.damaged, .replayFails(error.id))
        }
    }

    /// What is wrong with `e` as the entry after (`sequence` − 1, `previous`) of a chain whose
    /// entries before it made `registry` (its hash, link, sequence, signature); nil when nothing.
    public static func problem(with e: ChainedEntry, expecting sequence: UInt64, after previous: [UInt8],
                               before registry: Registry) -> StorageMessage? {
        guard e.sequence == sequence else { return .wrongSequence(found: e.sequence) }
        guard e.hash == hash(payload: e.payload, sequence: e.sequence, previous: e.previous) else { return .checksumMismatch }
        guard e.previous == previous else { return .brokenChain }
        guard let entry = try? decode(e) else { return .entryUnreadable }
        var header = ByteWriter(capacity: Journal.frameHeaderSize)
        header.u32(Journal.frameMagic); header.u32(UInt32(e.payload.count)); header.u64(e.sequence); header.raw(e.previous)
        return header.bytes.withUnsafeBytes { h in
            e.payload.withUnsafeBytes { p in EntrySignature.problem(entry, header: h, payload: p, before: registry) }
        }
    }

    /// The events an entry recorded (`revert entry N`, R23).
    public static func recordedEvents(_ e: ChainedEntry) throws(StorageError) -> [RecordedEvent] {
        try decode(e).events.map(\.recorded)
    }

    /// Each of an entry's events as bytes of its own, in order: what a store keeps beside the
    /// event's row, so that one student can be rebuilt without the entries it came in (`replay(records:)`).
    public static func eventRecords(_ e: ChainedEntry) throws(StorageError) -> [[UInt8]] {
        try decode(e).events.map(\.bytes)
    }

    /// `recordedEvents` and `eventRecords` of one entry, decoded once.
    public static func recordedEventsAndRecords(_ e: ChainedEntry) throws(StorageError) -> (events: [RecordedEvent], records: [[UInt8]]) {
        let events = try decode(e).events
        return (events.map(\.recorded), events.map(\.bytes))
    }

    /// Applies events kept by `eventRecords` (of any students, in the order they were
    /// recorded) without re-running the rules: each student's record and history as the
    /// journal's entries make them. The schools they name must be in the registry.
    public static func replay(records: [[UInt8]], into registry: Registry) throws(StorageError) {
        try replay(records: records, places: nil, into: registry, filtered: true)
    }

    /// `replay(records:into:)`; `places`: each record's place in the registry's order (entry
    /// << 32 | position), which a partial registry keeps; `filtered: false` takes every record
    /// into a partial registry (a student fetched).
    public static func replay(records: [[UInt8]], places: [UInt64]?, into registry: Registry, filtered: Bool = false) throws(StorageError) {
        var events: [JournalEntry.Record] = []
        events.reserveCapacity(records.count)
        for bytes in records {
            let decoded: JournalEntry.Record? = try? JournalEntry.whole(bytes) { (r: inout ByteReader) throws(ByteReader.Short) in
                try JournalEntry.Record.decode(&r)
            }
            guard let decoded else { throw StorageError(.damaged, .entryUnreadable) }
            events.append(decoded)
        }
        do throws(RegistryError) {
            try registry.apply(JournalEntry(label: "", day: 0, recordedAt: 0, schools: [], events: events), filtered: filtered, places: places)
        } catch { throw StorageError(.damaged, .replayFails(error.id)) }
    }

    /// The registry numbers of the students an entry's events are about, in order, once each.
    public static func students(_ e: ChainedEntry) throws(StorageError) -> [RegistryNumber] {
        var seen = Set<UInt64>(), out: [RegistryNumber] = []
        for r in try decode(e).events where seen.insert(r.student).inserted { out.append(RegistryNumber(rawValue: r.student)) }
        return out
    }

    /// Verifies a whole chain: every entry's sequence, link, hash and signature, replayed into a
    /// fresh registry that must then equal `live` (records, events, indexes). `entries` in order;
    /// after `anchor`, chains by province, each entry linked to exactly the provinces it is about.
    public static func verify(_ entries: some Sequence<ChainedEntry>, against live: Registry, anchor: ChainHead? = nil) -> VerifyReport {
        verifyReplaying(entries, against: live, anchor: anchor).report
    }

    /// `verify`, and the registry the entries replayed into. A partial `live` registry is
    /// compared student by student: the schools, and each student it holds.
    static func verifyReplaying(_ entries: some Sequence<ChainedEntry>, against live: Registry,
                                anchor: ChainHead? = nil) -> (report: VerifyReport, fresh: Registry) {
        var report = VerifyReport()
        let fresh = Registry(today: live.today)
        var cursor = ChainCursor(anchor: anchor)
        for e in entries {
            let name = JournalEntry.describe(sequence: e.sequence, day: e.summary?.day?.rawValue, label: e.summary?.label)
            let sequence = cursor.sequence + 1
            if let p = cursor.problem(with: e) ?? problem(with: e, expecting: sequence, after: e.previous, before: fresh) {
                let structural: Set<StorageMessage> = [.wrongSequence(found: e.sequence), .checksumMismatch, .brokenChain, .entryUnreadable]
                if structural.contains(p) || { if case .brokenProvinceChain = p { true } else { false } }() {
                    report.problemIDs.insert(.entryDamaged(entry: name, byte: 0, reason: p), at: 0)
                    report.firstBad = VerifyReport.BadEntry(sequence: Int(sequence), effective: e.summary?.day, kind: e.summary?.label)
                    return (report, fresh)
                }
                report.problemIDs.append(.entryProblem(entry: name, byte: 0, problem: p))
            }
            do throws(StorageError) { try replay(e, into: fresh) } catch {
                report.problemIDs.insert(.entryDamaged(entry: name, byte: 0, reason: error.id), at: 0)
                report.firstBad = VerifyReport.BadEntry(sequence: Int(sequence), effective: e.summary?.day, kind: e.summary?.label)
                return (report, fresh)
            }
            if !e.links.isEmpty, let entry = try? decode(e) {
                let touched = provinces(of: entry, in: fresh)
                let linked = Set(e.links.map(\.province))
                if linked != (touched.isEmpty ? [0] : touched) {
                    report.problemIDs.append(.entryProblem(entry: name, byte: 0, problem: .provinceLinksDiffer(
                        linked: linked.sorted().map(Int.init), touched: (touched.isEmpty ? [0] : touched).sorted().map(Int.init))))
                }
            }
            report.entries += 1
            report.events = fresh.eventCount
            cursor.advance(past: e)
        }
        if let anchor = cursor.anchor, anchor.entries <= cursor.sequence {
            report.provinceChains = VerifyReport.ProvinceChains(anchor: anchor.entries, entries: cursor.counts.map { (Int($0.key), $0.value) }.sorted { $0.0 < $1.0 })
        }
        report.students = fresh.studentCount
        report.problemIDs += live.checkIndexes()
        if live.partial != nil {
            let held = live.allStudents.map { live.student($0).number }
            if fresh.schools != live.schools {
                report.problemIDs.append(.memoryDiffersFromJournal(.schoolsDiffer))
            } else if let n = live.firstStudentDiffering(held, in: fresh) {
                report.problemIDs.append(.memoryDiffersFromJournal(.studentDiffers(n, name: live.student(live.find(n)!).name,
                                                                                   otherName: (try? fresh.student(n))?.name ?? "")))
            }
        } else if let diff = fresh.firstDifference(from: live) {
            report.problemIDs.append(.memoryDiffersFromJournal(diff))
        }
        return (report, fresh)
    }

    /// Applies what an entry carries for every session (schools, actors, requests, the
    /// calendar), not its events: a partial registry's students come from their records.
    static func replayShared(_ e: ChainedEntry, into registry: Registry) throws(StorageError) {
        var entry = try decode(e)
        entry.events = []
        do throws(RegistryError) { try registry.apply(entry, sequence: e.sequence) } catch {
            throw StorageError(.damaged, .replayFails(error.id))
        }
    }

    /// Whether an entry carries anything every session keeps (schools, actors, requests, the
    /// calendar): a partial session reads it whatever students it is about.
    public static func isShared(_ e: ChainedEntry) throws(StorageError) -> Bool {
        let entry = try decode(e)
        return !entry.schools.isEmpty || !entry.actorChanges.isEmpty || !entry.requestOps.isEmpty
    }

    static func decode(_ e: ChainedEntry) throws(StorageError) -> JournalEntry {
        let result: Result<JournalEntry, ByteReader.Short> = e.payload.withUnsafeBytes { b in
            var r = ByteReader(b)
            do throws(ByteReader.Short) { return .success(try JournalEntry.decode(&r)) } catch { return .failure(error) }
        }
        guard case .success(let entry) = result else { throw StorageError(.damaged, .entryUnreadable) }
        return entry
    }
}
