import Crypto

/// A registry image (snapshot format v2): the store's own arrays — rows, events, index tables —
/// laid out page-aligned in typed, versioned sections, so that opening maps the file and reads
/// it in place instead of decoding it. The header records which journal prefix the image
/// stands for and the SHA-256 of every 1 MiB chunk of each section; the checkpoint journal
/// entry records the SHA-256 of the header (the image's root hash), so the hash chain covers
/// every byte of the image. FORMAT.md describes the layout.
struct Snapshot {
    static let fileName = "snapshot.xjs"
    static let magic: [UInt8] = Array("XJSNAP02".utf8)
    static let version: UInt32 = 2
    static let page = 4096
    /// The unit of the image's hashes.
    static let chunkSize = 1 << 20
    /// Bytes before the section table.
    static let fixedHeaderSize = 96
    /// Bytes per entry of the section table.
    static let sectionEntrySize = 40

    /// Journal bytes covered (the offset the tail starts at).
    var journalEnd: Int
    /// Entries covered.
    var entryCount: UInt64
    /// Hash of the last covered entry (the genesis hash when none).
    var head: [UInt8]
    /// SHA-256 of the header, which holds every chunk's hash: what the checkpoint entry records.
    var rootHash: [UInt8] = []

    /// Why a snapshot was not used: `damaged` is an alteration; `stale` only another format.
    enum Problem: Error { case damaged(StorageMessage), stale(StorageMessage) }

    /// The sections of format v2 (each at version 1). A reader skips kinds it does not know,
    /// so later formats can add sections; a known kind at another version makes the image stale.
    enum Section: UInt16, CaseIterable {
        case schools = 1, rows, events, changes, texts, longNames, ethnicities, actors
        case temporarySequence, numbers, idTable, schoolGradeBuckets, hukouBuckets, nameKeys, birthKeys
        /// Added with actors (issue 13); an image without it has no actors.
        case actorLog
        /// Added with requests (issue 13); optional.
        case requestLog
        /// Counts kept beside the rows (voided students); optional, absent = 0.
        case counters

        /// The section's layout version: rows are at 2 since issue 17 filled their padding with
        /// the family situation and the confirmation day (an image with rows at 1 is stale).
        var version: UInt16 { self == .rows ? 2 : 1 }

        /// How messages name it.
        var name: StorageMessage.ImageSection {
            switch self {
            case .schools: .schools
            case .rows: .studentRows
            case .events: .events
            case .changes: .fieldChanges
            case .texts: .texts
            case .longNames: .longNames
            case .ethnicities: .ethnicities
            case .actors, .actorLog: .actors
            case .temporarySequence: .temporarySequences
            case .numbers: .numberIndex
            case .idTable: .idIndex
            case .schoolGradeBuckets: .schoolGradeIndex
            case .hukouBuckets: .hukouIndex
            case .nameKeys: .nameIndex
            case .birthKeys: .birthIndex
            case .requestLog: .requests
            case .counters: .counters
            }
        }
    }

    /// One entry of the section table. `offset` counts from the end of the header.
    struct SectionEntry: Equatable {
        var kind: UInt16
        var version: UInt16
        /// Bytes per element for arrays of plain rows; 0 for encoded sections.
        var stride: UInt32
        var offset: UInt64
        var length: UInt64
        /// Elements (rows, records, keys) in the section.
        var count: UInt64
        /// Kind-specific: entries of the ID table, rows of a bucket index.
        var aux: UInt64
    }

    /// The parsed header of an image.
    struct Header {
        var snapshot: Snapshot
        var headerLength: Int
        var dataLength: Int
        var sections: [SectionEntry]
        var chunkHashes: [[UInt8]]

        /// Whether the image has a section of kind `s` (sections added later are optional).
        func sectionsHave(_ s: Section) -> Bool { sections.contains { $0.kind == s.rawValue } }

        /// Every chunk of the image: its file offset, its length, and the section it belongs
        /// to, in the order of the hash list.
        func chunks() -> [(offset: Int, length: Int, section: SectionEntry)] {
            var out: [(offset: Int, length: Int, section: SectionEntry)] = []
            let extents = Snapshot.extents(sections, dataLength: dataLength)
            for (s, extent) in zip(sections, extents) {
                for c in 0..<Snapshot.chunkCount(length: UInt64(extent)) {
                    let at = c * Snapshot.chunkSize
                    out.append((headerLength + Int(s.offset) + at, min(Snapshot.chunkSize, extent - at), s))
                }
            }
            return out
        }
    }

    /// The header's bytes: fixed part, section table, chunk hashes, zero padding to a page.
    static func encodeHeader(_ s: Snapshot, sections: [SectionEntry], dataLength: Int, chunkHashes: [[UInt8]]) -> [UInt8] {
        var w = ByteWriter(capacity: page)
        w.raw(magic); w.u32(version); w.u32(UInt32(sections.count))
        w.u64(UInt64(s.journalEnd)); w.u64(s.entryCount); w.raw(s.head)
        let length = headerLength(sections: sections.count, chunks: chunkHashes.count)
        w.u64(UInt64(length)); w.u64(UInt64(chunkSize)); w.u64(UInt64(dataLength)); w.u64(0)
        assert(w.bytes.count == fixedHeaderSize)
        for e in sections {
            w.u16(e.kind); w.u16(e.version); w.u32(e.stride); w.u64(e.offset); w.u64(e.length); w.u64(e.count); w.u64(e.aux)
        }
        for h in chunkHashes { w.raw(h) }
        w.raw(repeatElement(0, count: length - w.bytes.count))
        return w.bytes
    }

    static func headerLength(sections: Int, chunks: Int) -> Int {
        align(fixedHeaderSize + sections * sectionEntrySize + chunks * 32)
    }

    static func align(_ n: Int) -> Int { (n + page - 1) / page * page }

    /// The bytes each section's hashes cover: the section and the zero padding after it, up to
    /// the next section (or the end), so that every byte after the header is hashed.
    static func extents(_ sections: [SectionEntry], dataLength: Int) -> [Int] {
        sections.indices.map { i in (i + 1 < sections.count ? Int(sections[i + 1].offset) : dataLength) - Int(sections[i].offset) }
    }

    /// Chunks of a section of `length` bytes (each section is chunked from its own start, so a
    /// chunk belongs to one section).
    static func chunkCount(length: UInt64) -> Int { Int((length + UInt64(chunkSize) - 1) / UInt64(chunkSize)) }


    /// Reads and checks the header's structure (not yet its hashes) from the first bytes of a
    /// file of `fileSize` bytes.
    static func parseHeader(_ bytes: UnsafeRawBufferPointer, fileSize: Int) throws(Problem) -> Header {
        guard bytes.count >= magic.count + 4, bytes.prefix(magic.count).elementsEqual(magic) else {
            if bytes.count >= 12, bytes.prefix(6).elementsEqual("XJSNAP".utf8) {
                let v = bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
                throw .stale(.snapshotVersion(found: UInt32(littleEndian: v)))
            }
            throw .damaged(.snapshotBadMagic)
        }
        var r = ByteReader(bytes, offset: magic.count)
        do throws(ByteReader.Short) {
            guard try r.u32() == version else { throw ByteReader.Short() }
            let n = Int(try r.u32())
            let snap = Snapshot(journalEnd: Int(try r.u64()), entryCount: try r.u64(), head: Array(try r.bytes(32)))
            let headerLength = Int(try r.u64()), chunk = Int(try r.u64()), dataLength = Int(try r.u64())
            _ = try r.u64()
            guard chunk == chunkSize, n < 1024, dataLength >= 0, headerLength + dataLength == fileSize else { throw ByteReader.Short() }
            var sections: [SectionEntry] = []
            var end: UInt64 = 0
            for _ in 0..<n {
                let e = SectionEntry(kind: try r.u16(), version: try r.u16(), stride: try r.u32(), offset: try r.u64(),
                                     length: try r.u64(), count: try r.u64(), aux: try r.u64())
                guard e.offset % UInt64(page) == 0, e.offset >= end, e.offset <= UInt64(dataLength),
                      e.length <= UInt64(dataLength) - e.offset, sections.isEmpty ? e.offset == 0 : true else { throw ByteReader.Short() }
                end = e.offset + e.length
                sections.append(e)
            }
            let chunks = extents(sections, dataLength: dataLength).reduce(0) { $0 + chunkCount(length: UInt64($1)) }
            guard headerLength == self.headerLength(sections: n, chunks: chunks), headerLength <= bytes.count else { throw ByteReader.Short() }
            var hashes: [[UInt8]] = []
            for _ in 0..<chunks { hashes.append(Array(try r.bytes(32))) }
            return Header(snapshot: snap, headerLength: headerLength, dataLength: dataLength, sections: sections, chunkHashes: hashes)
        } catch {
            throw .damaged(.snapshotHeaderUnreadable)
        }
    }
}
