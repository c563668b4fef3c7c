#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import Foundation
import Dispatch
import Synchronization

extension Snapshot {
    /// What `map` leaves to check: the chunks of the parts not checked yet, read again from the
    /// file when a statement first needs their part (`Registry.need`).
    final class PendingChecks {
        let file: PosixFile
        private var chunks: [UInt8: [(offset: Int, length: Int, section: SectionEntry, hash: [UInt8])]]

        init(file: PosixFile, chunks: [UInt8: [(offset: Int, length: Int, section: SectionEntry, hash: [UInt8])]]) {
            self.file = file; self.chunks = chunks
        }

        /// The parts still unchecked.
        var parts: ImageParts { ImageParts(rawValue: chunks.keys.reduce(0) { $0 | $1 }) }

        /// Checks the chunks of `parts`; nil when they all match, else what failed.
        func check(_ parts: ImageParts) -> StorageMessage? {
            let todo = chunks.filter { parts.contains(ImageParts(rawValue: $0.key)) }.values.flatMap { $0 }
            for key in chunks.keys where parts.contains(ImageParts(rawValue: key)) { chunks[key] = nil }
            return Snapshot.firstBad(file.fd, todo.map { ($0.offset, $0.length, $0.section) }, todo.map(\.hash))
        }
    }

    /// Which lazily checked part a section belongs to; nil for the small tables an open decodes
    /// (and so checks at once) and for kinds this build does not read.
    static func part(of kind: UInt16) -> ImageParts? {
        switch Section(rawValue: kind) {
        case .rows, .longNames: .rows
        case .events, .changes, .texts: .history
        case .idTable: .idIndex
        case .schoolGradeBuckets, .hukouBuckets: .buckets
        case .nameKeys, .birthKeys: .sortedKeys
        default: nil
        }
    }

    /// What failed in a chunk check, naming the section; nil when every chunk matches.
    static func firstBad(_ fd: Int32, _ chunks: [(offset: Int, length: Int, section: SectionEntry)], _ hashes: [[UInt8]]) -> StorageMessage? {
        guard let bad = firstBadChunk(fd, chunks, hashes) else { return nil }
        let c = chunks[bad]
        return .chunkMismatch(from: c.offset, to: c.offset + c.length - 1, section: Section(rawValue: c.section.kind)?.name)
    }

    /// A mapped image and what is left to check in it.
    struct Mapped {
        var snapshot: Snapshot
        /// Nil when every chunk was checked (`lazy` false, or nothing left).
        var pending: PendingChecks?
    }

    /// Fills `reg` (empty) with the image in `file`, read in place. The header's structure and
    /// the chunks of the small tables an open decodes are checked now; the rest now too unless
    /// `lazy`, in which case `pending` checks each part before its first use. The root hash it
    /// returns must still be the one the checkpoint entry records (`DiskDatabase.load`).
    static func map(_ file: PosixFile, into reg: Registry, lazy: Bool = false) throws(StorageError) -> Result<Mapped, Problem> {
        let size = try file.size()
        guard size > 0 else { return .failure(.damaged(.snapshotEmpty)) }
        let mapping = try MappedFile(file, size: size, writable: true)
        let all = mapping.bytes
        do throws(Problem) {
            let header = try parseHeader(all, fileSize: size)
            var now: [(offset: Int, length: Int, section: SectionEntry)] = [], nowHashes: [[UInt8]] = []
            var later: [UInt8: [(offset: Int, length: Int, section: SectionEntry, hash: [UInt8])]] = [:]
            for (c, hash) in zip(header.chunks(), header.chunkHashes) {
                if lazy, let part = part(of: c.section.kind) { later[part.rawValue, default: []].append((c.offset, c.length, c.section, hash)) }
                else { now.append(c); nowHashes.append(hash) }
            }
            if let why = firstBad(file.fd, now, nowHashes) { throw .damaged(why) }
            var snap = header.snapshot
            snap.rootHash = Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: all[..<header.headerLength])))
            try fill(reg, from: SectionReader(header: header, mapping: mapping))
            return .success(Mapped(snapshot: snap, pending: later.isEmpty ? nil : PendingChecks(file: file, chunks: later)))
        } catch {
            return .failure(error)
        }
    }

    /// The index of the first chunk whose SHA-256 is not the header's, or nil. The chunks are
    /// read with `pread` on every core (reading them through the mapping would make every page
    /// of the image resident, though a question may need only the rows).
    static func firstBadChunk(_ fd: Int32, _ chunks: [(offset: Int, length: Int, section: SectionEntry)], _ hashes: [[UInt8]]) -> Int? {
        let n = chunks.count
        let places = chunks.map { ($0.offset, $0.length) }
        guard n > 0 else { return nil }
        let threads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, n))
        let bad = Atomic<Int>(Int.max)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: page)
            defer { buffer.deallocate() }
            var i = t
            while i < n && i < bad.load(ordering: .relaxed) {
                let (offset, length) = places[i]
                var got = 0
                while got < length {
                    let r = pread(fd, buffer.baseAddress! + got, length - got, off_t(offset + got))
                    if r <= 0 { break }
                    got += r
                }
                if got < length || !SHA256.hash(data: UnsafeRawBufferPointer(rebasing: buffer[..<length])).elementsEqual(hashes[i]) {
                    _ = bad.min(i, ordering: .relaxed)
                    break
                }
                i += threads
            }
        }
        let first = bad.load(ordering: .relaxed)
        return first == Int.max ? nil : first
    }

    /// Finds sections in a mapped image and checks their sizes against their counts.
    struct SectionReader {
        let header: Header
        let mapping: MappedFile

        /// The start and table entry of section `s`; a missing one is damage, one at another
        /// version or element layout makes the image stale (rebuilt, not refused).
        func find(_ s: Section, stride: Int = 0) throws(Problem) -> (UnsafeMutableRawPointer, SectionEntry) {
            guard let e = header.sections.first(where: { $0.kind == s.rawValue }) else { throw .damaged(.sectionMissing(s.name)) }
            guard e.version == s.version else { throw .stale(.sectionVersion(s.name, version: e.version)) }
            guard Int(e.stride) == stride else { throw .stale(.sectionLayout(s.name, stride: e.stride)) }
            if stride > 0, e.length != e.count * UInt64(stride) { throw .damaged(.sectionWrongLength(s.name)) }
            return (mapping.mutableBase! + header.headerLength + Int(e.offset), e)
        }

        func column<T>(_ s: Section, _: T.Type) throws(Problem) -> Column<T> {
            let (p, e) = try find(s, stride: MemoryLayout<T>.stride)
            return Column(mapped: p.assumingMemoryBound(to: T.self), count: Int(e.count), owner: mapping)
        }

        /// A record list read in place; `checkAll` checks every offset (lists decoded at open).
        func records<T>(_ s: Section, checkAll: Bool = false,
                        decode: @escaping (UnsafeRawBufferPointer) -> T) throws(Problem) -> RecordList<T> {
            let (p, e) = try find(s)
            let count = Int(e.count), table = 8 * (count + 1)
            guard e.length >= UInt64(table) else { throw .damaged(.sectionCutShort(s.name)) }
            let offsets = p.assumingMemoryBound(to: UInt64.self), bytes = Int(e.length) - table
            guard offsets[0] == 0, offsets[count] == UInt64(bytes) else { throw .damaged(.sectionInconsistent(s.name)) }
            if checkAll { for i in 0..<count where offsets[i] > offsets[i + 1] { throw .damaged(.sectionInconsistent(s.name)) } }
            return RecordList(offsets: offsets, bytes: UnsafePointer((p + table).assumingMemoryBound(to: UInt8.self)),
                              count: count, owner: mapping, decode: decode)
        }

        func buckets<K>(_ s: Section, _: K.Type) throws(Problem) -> BucketIndex<K> {
            let (p, e) = try find(s)
            let k = Int(e.count), n = Int(e.aux)
            guard e.length == UInt64(8 * k + 8 * (k + 1) + 4 * n) else { throw .damaged(.sectionWrongLength(s.name)) }
            let keys = p.assumingMemoryBound(to: UInt64.self), starts = (p + 8 * k).assumingMemoryBound(to: UInt64.self)
            guard starts[0] == 0, starts[k] == UInt64(n) else { throw .damaged(.sectionInconsistent(s.name)) }
            for i in 0..<k where starts[i] > starts[i + 1] || (i > 0 && keys[i - 1] >= keys[i]) {
                throw .damaged(.sectionInconsistent(s.name))
            }
            return BucketIndex(keys: keys, starts: starts, rows: (p + 16 * k + 8).assumingMemoryBound(to: Int32.self), keyCount: k, owner: mapping)
        }

        func sorted(_ s: Section) throws(Problem) -> SortedKeyIndex {
            let (p, e) = try find(s)
            let n = Int(e.count)
            guard e.length == UInt64(12 * n) else { throw .damaged(.sectionWrongLength(s.name)) }
            return SortedKeyIndex(keys: p.assumingMemoryBound(to: UInt64.self), rows: (p + 8 * n).assumingMemoryBound(to: Int32.self),
                                  count: n, owner: mapping)
        }
    }

    /// Points `reg`'s columns and indexes into the image; decodes only the small tables
    /// (schools, interned strings, the maps of L numbers).
    private static func fill(_ reg: Registry, from image: SectionReader) throws(Problem) {
        let header = image.header
        let (sp, se) = try image.find(.schools)
        var r = ByteReader(UnsafeRawBufferPointer(start: sp, count: Int(se.length)))
        do throws(ByteReader.Short) {
            for _ in 0..<Int(try r.u32()) {
                let code = try r.u64(), name = try r.str(), stage = Int(try r.u8()), district = try r.u32()
                guard stage < 3 else { throw ByteReader.Short() }
                let i = Int32(reg.schoolRows.count)
                reg.schoolRows.append(School(code: SchoolCode(rawValue: code), name: name,
                                             stage: JournalEntry.stageCodes[stage], district: DistrictCode(rawValue: district)))
                reg.schoolByCode[code] = i
                reg.schoolsByDistrict[district, default: []].append(i)
            }
        } catch {
            throw .damaged(.sectionUnreadable(.schools))
        }
        reg.rows = try image.column(.rows, StudentRow.self)
        reg.events = try image.column(.events, EventRow.self)
        reg.changes = try image.records(.changes, decode: ImageCoding.change)
        reg.texts = try image.records(.texts, decode: ImageCoding.string)
        reg.longNames = try image.records(.longNames, decode: ImageCoding.string)
        reg.ethnicities = StringPool()
        for s in try image.records(.ethnicities, checkAll: true, decode: ImageCoding.string).all.dropFirst() { _ = reg.ethnicities.intern(s) }
        reg.actors = StringPool()
        for s in try image.records(.actors, checkAll: true, decode: ImageCoding.string).all.dropFirst() { _ = reg.actors.intern(s) }
        for p in try image.column(.temporarySequence, Pair.self) { reg.temporarySequence[p.key] = Int(p.value) }
        for p in try image.column(.numbers, Pair.self) { reg.byNumber[p.key] = Int32(truncatingIfNeeded: p.value) }
        let (ip, ie) = try image.find(.idTable, stride: MemoryLayout<IDTable.Slot>.stride)
        let capacity = Int(ie.count), bits = capacity.trailingZeroBitCount
        guard capacity >= 16, capacity == 1 << bits, ie.aux * 4 <= ie.count * 3 else { throw .damaged(.indexInconsistent(.idIndex)) }
        reg.byIDCard = IDTable(mapped: ip.assumingMemoryBound(to: IDTable.Slot.self), bits: bits, count: Int(ie.aux), owner: image.mapping)
        reg.bySchoolGrade = try image.buckets(.schoolGradeBuckets, UInt64.self)
        reg.byHukou = try image.buckets(.hukouBuckets, UInt32.self)
        if header.sectionsHave(.actorLog) {
            let (ap, ae) = try image.find(.actorLog)
            var a = ByteReader(UnsafeRawBufferPointer(start: ap, count: Int(ae.length)))
            guard let list = try? JournalEntry.decodeActorChanges(&a), a.remaining == 0 else { throw .damaged(.sectionUnreadable(.actors)) }
            reg.actorLog = list
            reg.rebuildActorTable()
        }
        if header.sectionsHave(.counters) {
            let counters = try image.column(.counters, UInt64.self)
            reg.voidedCount = counters.isEmpty ? 0 : Int(counters[0])
        }
        if header.sectionsHave(.requestLog) {
            let (rp, re) = try image.find(.requestLog)
            var a = ByteReader(UnsafeRawBufferPointer(start: rp, count: Int(re.length)))
            guard let list = try? JournalEntry.decodeRequestOps(&a), a.remaining == 0 else { throw .damaged(.sectionUnreadable(.requests)) }
            reg.requestLog = list
            reg.rebuildRequests()
        }
        reg.byName = try image.sorted(.nameKeys)
        reg.byBirth = try image.sorted(.birthKeys)
        guard reg.texts.count > 0, reg.byName.keys.count == reg.rows.count, reg.byBirth.keys.count == reg.rows.count else {
            throw .damaged(.sectionsDisagree)
        }
    }
}
