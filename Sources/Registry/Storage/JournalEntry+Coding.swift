/// The entry payload's byte layout (see FORMAT.md). Fields, kinds and stages are written by
/// explicit code tables rather than enum positions, so reordering an enum never changes the
/// meaning of an old journal.
extension JournalEntry {
    static let fieldCodes: [StudentField] = [.id_card, .name, .gender, .birth, .ethnicity, .hukou,
                                             .school, .grade, .class, .status, .enrolledOn, .no,
                                             .migrant, .leftBehind]
    static let kindCodes: [EventKind] = [.enrol, .transfer, .promote, .graduate, .suspend, .resume,
                                         .withdraw, .correct, .record, .void, .revert, .confirm]
    static let stageCodes: [Stage] = [.primary, .junior, .senior]

    /// The payload; `signedBy` adds a signature section (its 64 bytes zero, to be filled).
    func encode(into w: inout ByteWriter, signedBy: String? = nil) {
        w.str(label); w.i32(day); w.i64(recordedAt)
        w.u32(UInt32(schools.count))
        for s in schools {
            w.u64(s.code.rawValue); w.str(s.name)
            w.u8(UInt8(Self.stageCodes.firstIndex(of: s.stage)!)); w.u32(s.district.rawValue)
        }
        w.u32(UInt32(events.count))
        for e in events { e.encode(into: &w) }
        // Sections come only when there are some, so an entry without any is byte for byte
        // what earlier builds wrote (and read).
        var sections = otherSections
        if !requestOps.isEmpty {
            var b = ByteWriter()
            Self.encode(requestOps, into: &b)
            sections.insert(Section(kind: Self.requestSection, version: 1, bytes: b.bytes), at: 0)
        }
        if !actorChanges.isEmpty {
            var b = ByteWriter()
            Self.encode(actorChanges, into: &b)
            sections.insert(Section(kind: Self.actorSection, version: 1, bytes: b.bytes), at: 0)
        }
        if fixedClock { sections.insert(Section(kind: Self.fixedClockSection, version: 1, bytes: []), at: 0) }
        if let c = checkpoint {
            var b = ByteWriter(capacity: 40)
            b.u64(c.coveredEntries); b.raw(c.snapshotHash)
            sections.insert(Section(kind: Self.checkpointSection, version: c.version, bytes: b.bytes), at: 0)
        }
        guard !sections.isEmpty || signedBy != nil else { return }
        w.u16(UInt16(sections.count + (signedBy == nil ? 0 : 1)))
        for s in sections { w.u16(s.kind); w.u16(s.version); w.u32(UInt32(s.bytes.count)); w.raw(s.bytes) }
        if let signedBy {
            // Last, so that everything before it is what it signs; the 64 bytes are filled in
            // by `DiskDatabase.append` once the frame header is known.
            var b = ByteWriter()
            b.str(signedBy); b.raw(repeatElement(0, count: 64))
            w.u16(Self.signatureSection); w.u16(1); w.u32(UInt32(b.bytes.count)); w.raw(b.bytes)
        }
    }

    /// Decodes a whole section with `decode`; bytes left over are damage.
    static func whole<T>(_ bytes: [UInt8], _ decode: (inout ByteReader) throws(ByteReader.Short) -> T) throws(ByteReader.Short) -> T {
        let result: Result<T, ByteReader.Short> = bytes.withUnsafeBytes { b in
            var r = ByteReader(b)
            do throws(ByteReader.Short) {
                let value = try decode(&r)
                return r.remaining == 0 ? .success(value) : .failure(ByteReader.Short())
            } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Section kinds (FORMAT.md): 1 = checkpoint, 2 = actor changes, 3 = signature.
    static let checkpointSection: UInt16 = 1
    static let actorSection: UInt16 = 2
    static let signatureSection: UInt16 = 3
    static let fixedClockSection: UInt16 = 4

    /// Actor changes: u32 count, then per change u8 kind (0 add, 1 revoke), str actor, str text
    /// (title or reason), u8 has-key + [32] key, str by ("" for the first actor).
    static func encode(_ list: [ActorChange], into w: inout ByteWriter) {
        w.u32(UInt32(list.count))
        for c in list {
            w.u8(c.kind.rawValue); w.str(c.name.description); w.str(c.text)
            if let k = c.key { w.u8(1); w.raw(k.bytes) } else { w.u8(0) }
            w.str(c.by?.description ?? "")
        }
    }

    static func decodeActorChanges(_ r: inout ByteReader) throws(ByteReader.Short) -> [ActorChange] {
        let n = Int(try r.u32())
        guard n <= r.remaining else { throw ByteReader.Short() }
        var out: [ActorChange] = []
        for _ in 0..<n {
            guard let kind = ActorChange.Kind(rawValue: try r.u8()), let name = ActorName(try r.str()) else { throw ByteReader.Short() }
            let text = try r.str()
            var key: ActorKey?
            switch try r.u8() {
            case 0: break
            case 1: key = ActorKey(bytes: Array(try r.bytes(32)))
            default: throw ByteReader.Short()
            }
            let by = try r.str()
            guard (kind == .add) == (key != nil), by.isEmpty || ActorName(by) != nil else { throw ByteReader.Short() }
            out.append(ActorChange(kind: kind, name: name, text: text, key: key, by: by.isEmpty ? nil : ActorName(by)))
        }
        return out
    }

    /// Reads just the label, day and time: enough to name an entry whose body is damaged.
    static func summary(_ r: inout ByteReader) -> (label: String, day: Int32)? {
        guard let label = try? r.str(), label.utf8.count < 200, let day = try? r.i32() else { return nil }
        return (label, day)
    }

    static func decode(_ r: inout ByteReader) throws(ByteReader.Short) -> JournalEntry {
        let label = try r.str(), day = try r.i32(), at = try r.i64()
        let ns = Int(try r.u32())
        guard ns <= r.remaining else { throw ByteReader.Short() }
        var schools: [School] = []
        schools.reserveCapacity(ns)
        for _ in 0..<ns {
            let code = try r.u64(), name = try r.str(), stage = Int(try r.u8()), district = try r.u32()
            guard stage < stageCodes.count else { throw ByteReader.Short() }
            schools.append(School(code: SchoolCode(rawValue: code), name: name, stage: stageCodes[stage],
                                  district: DistrictCode(rawValue: district)))
        }
        let ne = Int(try r.u32())
        guard ne <= r.remaining else { throw ByteReader.Short() }
        var events: [Record] = []
        events.reserveCapacity(ne)
        for _ in 0..<ne { events.append(try Record.decode(&r)) }
        var entry = JournalEntry(label: label, day: day, recordedAt: at, schools: schools, events: events)
        if r.remaining > 0 {
            let n = Int(try r.u16())
            for _ in 0..<n {
                let kind = try r.u16(), version = try r.u16(), length = Int(try r.u32())
                guard length <= r.remaining else { throw ByteReader.Short() }
                let bytes = Array(try r.bytes(length))
                if kind == signatureSection && version == 1 {
                    let start = r.offset - length - 8
                    guard r.remaining == 0, bytes.count >= 4 + 64 else { throw ByteReader.Short() }   // the last section
                    let n = Int(UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24)
                    guard bytes.count == 4 + n + 64 else { throw ByteReader.Short() }
                    entry.signature = Signature(actor: String(decoding: bytes[4..<(4 + n)], as: UTF8.self),
                                                bytes: Array(bytes[(4 + n)...]), signedLength: start)
                } else if kind == requestSection && version == 1 {
                    entry.requestOps = try whole(bytes, decodeRequestOps)
                } else if kind == fixedClockSection && version == 1 {
                    entry.fixedClock = true
                } else if kind == actorSection && version == 1 {
                    entry.actorChanges = try whole(bytes, decodeActorChanges)
                } else if kind == checkpointSection && (version == 1 || version == 2) {
                    guard bytes.count == 40 else { throw ByteReader.Short() }
                    let covered = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }   // little-endian
                    entry.checkpoint = Checkpoint(coveredEntries: covered, snapshotHash: Array(bytes[8..<40]), version: version)
                } else {
                    entry.otherSections.append(Section(kind: kind, version: version, bytes: bytes))
                }
            }
        }
        guard r.remaining == 0 else { throw ByteReader.Short() }
        return entry
    }
}

/// One event's bytes: within an entry's payload, and alone (PostgreSQL keeps each event's beside
/// its row, so that a session can rebuild one student without reading the entries it came in).
extension JournalEntry.Record {
    /// The event alone, as `JournalChain.replay(records:)` reads it.
    var bytes: [UInt8] {
        var w = ByteWriter(capacity: 96)
        encode(into: &w)
        return w.bytes
    }

    /// The event as `revert` and the stores read it.
    var recorded: RecordedEvent {
        RecordedEvent(student: RegistryNumber(rawValue: student), kind: kind, day: Day(rawValue: day),
                      recordedAt: recordedAt, changes: changes)
    }

    func encode(into w: inout ByteWriter) {
        w.u8(UInt8(JournalEntry.kindCodes.firstIndex(of: kind)!)); w.u8(detail)
        w.u64(student); w.i32(day); w.i64(recordedAt)
        w.str(actor); w.str(text); w.str(extra)
        w.u16(UInt16(changes.count))
        for c in changes {
            w.u8(UInt8(JournalEntry.fieldCodes.firstIndex(of: c.field)!)); w.value(c.before); w.value(c.after)
        }
        if let n = newRow {
            // 2: the family byte follows the row (only when known, so that a row without it is
            // byte for byte what earlier builds wrote).
            w.u8(n.family == 0 ? 1 : 2)
            w.u64(n.idCard); w.str(n.name); w.u8(n.gender); w.i32(n.birth); w.str(n.ethnicity)
            w.u32(n.hukou); w.u64(n.school); w.u8(n.grade); w.u16(n.klass)
            if n.family != 0 { w.u8(n.family) }
        } else {
            w.u8(0)
        }
    }

    static func decode(_ r: inout ByteReader) throws(ByteReader.Short) -> JournalEntry.Record {
        let k = Int(try r.u8())
        guard k < JournalEntry.kindCodes.count else { throw ByteReader.Short() }
        let detail = try r.u8(), student = try r.u64(), d = try r.i32(), rec = try r.i64()
        let actor = try r.str(), text = try r.str(), extra = try r.str()
        let nc = Int(try r.u16())
        var list: [FieldChange] = []
        list.reserveCapacity(nc)
        for _ in 0..<nc {
            let f = Int(try r.u8())
            guard f < JournalEntry.fieldCodes.count else { throw ByteReader.Short() }
            list.append(FieldChange(JournalEntry.fieldCodes[f], try r.value(), try r.value()))
        }
        var newRow: JournalEntry.NewRow?
        switch try r.u8() {
        case 0: break
        case let tag where tag == 1 || tag == 2:
            newRow = JournalEntry.NewRow(idCard: try r.u64(), name: try r.str(), gender: try r.u8(), birth: try r.i32(),
                                         ethnicity: try r.str(), hukou: try r.u32(), school: try r.u64(),
                                         grade: try r.u8(), klass: try r.u16())
            if tag == 2 {
                newRow!.family = try r.u8()
                guard newRow!.family & 3 != 3, newRow!.family >> 2 & 3 != 3, newRow!.family < 16 else { throw ByteReader.Short() }
            }
        default: throw ByteReader.Short()
        }
        return JournalEntry.Record(kind: JournalEntry.kindCodes[k], detail: detail, student: student, day: d, recordedAt: rec,
                                   actor: actor, text: text, extra: extra, changes: list, newRow: newRow)
    }
}
