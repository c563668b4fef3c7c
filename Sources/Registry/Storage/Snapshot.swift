import Crypto

/// A whole-store image that spares replaying the journal from its start. Fixed-size rows are
/// copied in bulk, strings are length-prefixed UTF-8, and a trailing SHA-256 covers it all.
/// It records which journal prefix it stands for (byte offset, entry count, chain head), so
/// opening checks it against the journal and replays only the entries after it.
struct Snapshot {
    static let fileName = "snapshot.xjs"
    static let magic: [UInt8] = Array("XJSNAP01".utf8)
    static let version: UInt32 = 1

    /// Journal bytes covered (the offset the tail starts at).
    var journalEnd: Int
    /// Entries covered.
    var entryCount: UInt64
    /// Hash of the last covered entry (the genesis hash when none).
    var head: [UInt8]
    /// The SHA-256 the file ends with (set by `decode`): what the checkpoint's journal entry records.
    var fileHash: [UInt8] = []

    /// Why a snapshot was not used: `damaged` is an alteration; `stale` only another format.
    enum Problem: Error { case damaged(String), stale(String) }

    /// The fixed-size part of a `StudentRow` (everything but the name), copied in bulk.
    struct PackedRow {
        var number: UInt64, idCard: UInt64
        var birth: Int32, enrolledOn: Int32, statusSince: Int32, lastDay: Int32
        var hukou: UInt32, school: Int32, lastEvent: Int32
        var ethnicity: UInt16, klass: UInt16
        var grade: UInt8, gender: UInt8, status: UInt8
    }

    /// The snapshot file's bytes for the registry's current state.
    func encode(_ reg: Registry) -> [UInt8] {
        var w = ByteWriter(capacity: 64 + reg.rows.count * 80 + reg.events.count * 48 + reg.changes.count * 24)
        w.raw(Snapshot.magic); w.u32(Snapshot.version)
        w.u64(UInt64(journalEnd)); w.u64(entryCount); w.raw(head)
        w.u32(UInt32(reg.schoolRows.count))
        for s in reg.schoolRows {
            w.u64(s.code.rawValue); w.str(s.name)
            w.u8(UInt8(JournalEntry.stageCodes.firstIndex(of: s.stage)!)); w.u32(s.district.rawValue)
        }
        w.pod(reg.rows.map {
            PackedRow(number: $0.number, idCard: $0.idCard, birth: $0.birth, enrolledOn: $0.enrolledOn,
                      statusSince: $0.statusSince, lastDay: $0.lastDay, hukou: $0.hukou, school: $0.school,
                      lastEvent: $0.lastEvent, ethnicity: $0.ethnicity, klass: $0.klass, grade: $0.grade,
                      gender: $0.gender, status: $0.status)
        })
        Snapshot.strings(reg.rows.lazy.map(\.name), count: reg.rows.count, into: &w)
        w.pod(reg.events)
        w.u64(UInt64(reg.changes.count))
        for c in reg.changes {
            w.u8(UInt8(JournalEntry.fieldCodes.firstIndex(of: c.field)!)); w.value(c.before); w.value(c.after)
        }
        Snapshot.strings(reg.texts, count: reg.texts.count, into: &w)
        Snapshot.strings(reg.ethnicities.strings, count: reg.ethnicities.strings.count, into: &w)
        Snapshot.strings(reg.actors.strings, count: reg.actors.strings.count, into: &w)
        let seq = reg.temporarySequence.sorted { $0.key < $1.key }
        w.pod(seq.map(\.key)); w.pod(seq.map { Int64($0.value) })
        w.raw(SHA256.hash(data: w.bytes))
        return w.bytes
    }

    /// Lengths in bulk, then the bytes in one run: one copy per string on load.
    private static func strings(_ list: some Sequence<String>, count: Int, into w: inout ByteWriter) {
        var lengths: [UInt32] = []
        lengths.reserveCapacity(count)
        var blob = ByteWriter(capacity: count * 8)
        for var s in list { s.withUTF8 { lengths.append(UInt32($0.count)); blob.raw($0) } }
        w.pod(lengths); w.raw(blob.bytes)
    }

    private static func strings(_ r: inout ByteReader) throws(ByteReader.Short) -> [String] {
        let lengths = try r.pod(UInt32.self)
        var out: [String] = []
        out.reserveCapacity(lengths.count)
        for n in lengths { out.append(String(decoding: try r.bytes(Int(n)), as: UTF8.self)) }
        return out
    }

    /// Reads a snapshot into `reg` (which must be empty) and rebuilds every index.
    static func decode(_ bytes: UnsafeRawBufferPointer, into reg: Registry) throws(Problem) -> Snapshot {
        guard bytes.count >= magic.count + 4 + 32, bytes.prefix(magic.count).elementsEqual(magic) else {
            throw .damaged("it is not a xueji snapshot (bad magic)")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 32)])
        guard Array(SHA256.hash(data: body)) == Array(bytes[(bytes.count - 32)...]) else {
            throw .damaged("its checksum does not match its contents")
        }
        var r = ByteReader(body, offset: magic.count)
        guard let v = try? r.u32() else { throw .damaged("its header is unreadable") }
        guard v == version else { throw .stale("it has snapshot format version \(v), this xueji writes version \(version)") }
        do throws(ByteReader.Short) {
            var snap = Snapshot(journalEnd: Int(try r.u64()), entryCount: try r.u64(), head: Array(try r.bytes(32)))
            snap.fileHash = Array(bytes[(bytes.count - 32)...])
            let ns = Int(try r.u32())
            for _ in 0..<ns {
                let code = try r.u64(), name = try r.str(), stage = Int(try r.u8()), district = try r.u32()
                guard stage < 3 else { throw ByteReader.Short() }
                reg.schoolRows.append(School(code: SchoolCode(rawValue: code), name: name,
                                             stage: JournalEntry.stageCodes[stage], district: DistrictCode(rawValue: district)))
            }
            let packed = try r.pod(PackedRow.self)
            let names = try strings(&r)
            guard names.count == packed.count else { throw ByteReader.Short() }
            reg.rows.reserveCapacity(packed.count)
            for (p, name) in zip(packed, names) {
                reg.rows.append(StudentRow(
                    number: p.number, idCard: p.idCard, name: name, birth: p.birth, enrolledOn: p.enrolledOn,
                    statusSince: p.statusSince, lastDay: p.lastDay, hukou: p.hukou, school: p.school,
                    lastEvent: p.lastEvent, ethnicity: p.ethnicity, klass: p.klass, grade: p.grade,
                    gender: p.gender, status: p.status))
            }
            reg.events = try r.pod(EventRow.self)
            let nc = Int(try r.u64())
            guard nc <= r.remaining else { throw ByteReader.Short() }
            reg.changes.reserveCapacity(nc)
            for _ in 0..<nc {
                let f = Int(try r.u8())
                guard f < JournalEntry.fieldCodes.count else { throw ByteReader.Short() }
                reg.changes.append(FieldChange(JournalEntry.fieldCodes[f], try r.value(), try r.value()))
            }
            reg.texts = try strings(&r)
            reg.ethnicities = StringPool()
            for s in try strings(&r) { _ = reg.ethnicities.intern(s) }
            reg.actors = StringPool()
            for s in try strings(&r) { _ = reg.actors.intern(s) }
            let keys = try r.pod(UInt64.self), values = try r.pod(Int64.self)
            guard keys.count == values.count, r.remaining == 0, !reg.texts.isEmpty else { throw ByteReader.Short() }
            for (k, v) in zip(keys, values) { reg.temporarySequence[k] = Int(v) }
            try check(reg)
            reg.rebuildIndexes()
            return snap
        } catch {
            throw .damaged("its contents are unreadable")
        }
    }

    /// Cross-references must point inside the arrays, so a bad snapshot cannot trap later.
    private static func check(_ reg: Registry) throws(ByteReader.Short) {
        let nr = Int32(reg.rows.count), ne = Int32(reg.events.count), ns = Int32(reg.schoolRows.count)
        for row in reg.rows {
            guard row.school >= 0, row.school < ns, row.lastEvent >= -1, row.lastEvent < ne, row.status < 4, row.gender < 2,
                  Int(row.ethnicity) < reg.ethnicities.strings.count else { throw ByteReader.Short() }
        }
        for e in reg.events {
            guard e.student >= 0, e.student < nr, e.prev >= -1, e.prev < ne, Int(e.text) < reg.texts.count,
                  Int(e.extra) < reg.texts.count, Int(e.actor) < reg.actors.strings.count,
                  Int(e.kind) < EventKind.allCases.count, e.changeStart >= 0,
                  Int(e.changeStart) + Int(e.changeCount) <= reg.changes.count else { throw ByteReader.Short() }
        }
    }
}

extension Registry {
    /// Rebuilds every index from the rows (after a snapshot load).
    func rebuildIndexes() {
        byNumber = [:]; bySchoolGrade = [:]; byHukou = [:]; schoolByCode = [:]; schoolsByDistrict = [:]
        byIDCard = IDTable(keys: rows.map(\.idCard), rows: Array(0..<Int32(rows.count)))
        for (i, s) in schoolRows.enumerated() {
            schoolByCode[s.code.rawValue] = Int32(i)
            schoolsByDistrict[s.district.rawValue, default: []].append(Int32(i))
        }
        // Buckets are filled through flat arrays and sorted pairs, then stored once each: a
        // dictionary update per student costs a hash and a uniqueness check, 1M times over.
        var perSchoolGrade = [[Int32]](repeating: [], count: schoolRows.count * 16)
        var hukouKeys: [UInt64] = [], hukouRows: [Int32] = []
        hukouKeys.reserveCapacity(rows.count); hukouRows.reserveCapacity(rows.count)
        for (i, row) in rows.enumerated() {
            let r = Int32(i)
            if needsNumberEntry(row) { byNumber[row.number] = r }
            perSchoolGrade[Int(row.school) * 16 + Int(row.grade)].append(r)
            if row.hukou != 0 { hukouKeys.append(UInt64(row.hukou)); hukouRows.append(r) }
        }
        for (slot, list) in perSchoolGrade.enumerated() where !list.isEmpty {
            bySchoolGrade[bucketKey(Int32(slot / 16), UInt8(slot % 16))] = list
        }
        SortedKeyIndex.radixSort(&hukouKeys, &hukouRows)
        var start = 0
        while start < hukouKeys.count {
            var end = start + 1
            while end < hukouKeys.count && hukouKeys[end] == hukouKeys[start] { end += 1 }
            byHukou[UInt32(hukouKeys[start])] = Array(hukouRows[start..<end])
            start = end
        }
        byName.markStale(); byBirth.markStale()      // sorted at first use: opening stays fast
    }
}
