import Crypto

/// Writing an image: every section is streamed from the registry's own arrays (mapped part and
/// appended part alike) through one 1 MiB buffer that hashes each chunk as it fills, then the
/// header with the chunk hashes is written at the front.
extension Snapshot {
    /// A section to write: its table entry (offset set when laid out) and what emits its bytes.
    struct Planned {
        var entry: SectionEntry
        var emit: (inout ImageSink) -> Void
    }

    /// A (key, value) pair of a small map stored as an array (sequences, the number index).
    struct Pair: BitwiseCopyable { var key: UInt64; var value: Int64 }

    /// Writes the image of `reg` to `file` (new and empty) and returns its root hash.
    func write(_ reg: Registry, to file: PosixFile) throws(StorageError) -> [UInt8] {
        var sections = Snapshot.plan(reg)
        var at = 0
        for i in sections.indices {
            sections[i].entry.offset = UInt64(at)
            at = Snapshot.align(at + Int(sections[i].entry.length))
        }
        let dataLength = sections.last.map { Int($0.entry.offset + $0.entry.length) } ?? 0
        let extents = Snapshot.extents(sections.map(\.entry), dataLength: dataLength)
        let chunks = extents.reduce(0) { $0 + Snapshot.chunkCount(length: UInt64($1)) }
        var sink = ImageSink(file: file, start: Snapshot.headerLength(sections: sections.count, chunks: chunks))
        for (s, extent) in zip(sections, extents) {
            s.emit(&sink)
            precondition(sink.position == Int(s.entry.offset + s.entry.length), "section \(s.entry.kind) wrote another length than planned")
            sink.zeros(to: Int(s.entry.offset) + extent)
            sink.endSection()
        }
        if let failure = sink.failure { throw failure }
        let header = Snapshot.encodeHeader(self, sections: sections.map(\.entry), dataLength: dataLength, chunkHashes: sink.hashes)
        try file.write(header, at: 0)
        return Array(SHA256.hash(data: header))
    }

    /// The sections of `reg`'s image, in file order.
    static func plan(_ reg: Registry) -> [Planned] {
        reg.settleSortedIndexes()
        var out: [Planned] = []
        func add(_ s: Section, stride: Int = 0, length: Int, count: Int, aux: Int = 0, _ emit: @escaping (inout ImageSink) -> Void) {
            out.append(Planned(entry: SectionEntry(kind: s.rawValue, version: s.version, stride: UInt32(stride), offset: 0,
                                                   length: UInt64(length), count: UInt64(count), aux: UInt64(aux)), emit: emit))
        }
        func column<T: BitwiseCopyable>(_ s: Section, _ c: Column<T>, aux: Int = 0) {
            add(s, stride: MemoryLayout<T>.stride, length: c.count * MemoryLayout<T>.stride, count: c.count, aux: aux) { sink in
                c.withRuns { a, b in sink.write(a); sink.write(b) }
            }
        }
        func array<T: BitwiseCopyable>(_ s: Section, _ a: [T]) { column(s, Column(a)) }

        var w = ByteWriter()
        w.u32(UInt32(reg.schoolRows.count))
        for s in reg.schoolRows {
            w.u64(s.code.rawValue); w.str(s.name)
            w.u8(UInt8(JournalEntry.stageCodes.firstIndex(of: s.stage)!)); w.u32(s.district.rawValue)
        }
        let schools = w.bytes
        add(.schools, length: schools.count, count: reg.schoolRows.count) { $0.write(schools) }
        column(.rows, reg.rows)
        column(.events, reg.events)
        records(.changes, reg.changes, ImageCoding.encode, into: &out)
        records(.texts, reg.texts, ImageCoding.encode, into: &out)
        records(.longNames, reg.longNames, ImageCoding.encode, into: &out)
        records(.ethnicities, RecordList(reg.ethnicities.strings, decode: ImageCoding.string), ImageCoding.encode, into: &out)
        records(.actors, RecordList(reg.actors.strings, decode: ImageCoding.string), ImageCoding.encode, into: &out)
        array(.temporarySequence, reg.temporarySequence.sorted { $0.key < $1.key }.map { Pair(key: $0.key, value: Int64($0.value)) })
        array(.numbers, reg.byNumber.sorted { $0.key < $1.key }.map { Pair(key: $0.key, value: Int64($0.value)) })
        column(.idTable, reg.byIDCard.slots, aux: reg.byIDCard.count)
        buckets(.schoolGradeBuckets, reg.bySchoolGrade.buckets.map { (UInt64($0.key), $0.rows) }, into: &out)
        buckets(.hukouBuckets, reg.byHukou.buckets.map { (UInt64($0.key), $0.rows) }, into: &out)
        var actors = ByteWriter()
        JournalEntry.encode(reg.actorLog, into: &actors)
        let actorBytes = actors.bytes
        for (s, index) in [(Section.nameKeys, reg.byName), (.birthKeys, reg.byBirth)] {
            let keys = index.keys, rows = index.rows
            add(s, length: keys.count * 12, count: keys.count) { sink in
                keys.withRuns { a, b in sink.write(a); sink.write(b) }
                rows.withRuns { a, b in sink.write(a); sink.write(b) }
            }
        }
        add(.actorLog, length: actorBytes.count, count: reg.actorLog.count) { $0.write(actorBytes) }
        var requests = ByteWriter()
        JournalEntry.encode(reg.requestLog, into: &requests)
        let requestBytes = requests.bytes
        add(.requestLog, length: requestBytes.count, count: reg.requestLog.count) { $0.write(requestBytes) }
        array(.counters, [UInt64(reg.voidedCount)])
        return out
    }

    /// A record list: `count + 1` u64 offsets into the bytes after them, then the bytes. The
    /// mapped part is copied as it lies; only records added since the open are encoded.
    private static func records<T>(_ s: Section, _ list: RecordList<T>, _ encode: @escaping (T, inout ByteWriter) -> Void,
                                   into out: inout [Planned]) {
        let p = list.parts()
        var tail = ByteWriter()
        var offsets: [UInt64] = p.offsets.isEmpty ? [0] : []
        offsets.reserveCapacity(p.tail.count + 1)
        for e in p.tail { encode(e, &tail); offsets.append(UInt64(p.bytes.count + tail.bytes.count)) }
        let count = list.count
        let length = 8 * (count + 1) + p.bytes.count + tail.bytes.count
        let tailBytes = tail.bytes
        out.append(Planned(entry: SectionEntry(kind: s.rawValue, version: 1, stride: 0, offset: 0, length: UInt64(length),
                                               count: UInt64(count), aux: 0)) { sink in
            sink.write(UnsafeRawBufferPointer(p.offsets)); sink.write(offsets)
            sink.write(p.bytes); sink.write(tailBytes)
        })
    }

    /// A bucket index: `count` ascending u64 keys, `count + 1` u64 starts, then the i32 rows.
    private static func buckets(_ s: Section, _ list: [(UInt64, [Int32])], into out: inout [Planned]) {
        var keys: [UInt64] = [], starts: [UInt64] = [0], rows: [Int32] = []
        for (k, b) in list { keys.append(k); rows.append(contentsOf: b); starts.append(UInt64(rows.count)) }
        let length = 8 * keys.count + 8 * starts.count + 4 * rows.count
        out.append(Planned(entry: SectionEntry(kind: s.rawValue, version: 1, stride: 0, offset: 0, length: UInt64(length),
                                               count: UInt64(keys.count), aux: UInt64(rows.count))) { sink in
            sink.write(keys); sink.write(starts); sink.write(rows)
        })
    }
}

/// The stream an image's sections are written through: bytes collect in a 1 MiB buffer, each
/// full chunk is hashed and written at its place after the header. A write failure is kept and
/// reported once at the end (the sections' emitters cannot throw through the columns' runs).
struct ImageSink {
    let file: PosixFile
    /// File offset of the first data byte (the header's length).
    let start: Int
    /// Data bytes written so far.
    private(set) var position = 0
    private var buffer: [UInt8] = []
    /// The hash of every chunk written, section by section.
    private(set) var hashes: [[UInt8]] = []
    private(set) var failure: StorageError?

    init(file: PosixFile, start: Int) {
        self.file = file; self.start = start
        buffer.reserveCapacity(Snapshot.chunkSize)
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        var rest = bytes
        while !rest.isEmpty {
            let n = min(rest.count, Snapshot.chunkSize - buffer.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest[..<n]))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
            position += n
            if buffer.count == Snapshot.chunkSize { flush() }
        }
    }

    mutating func write<T>(_ array: [T]) { array.withUnsafeBytes { write($0) } }

    /// Zeros up to data offset `offset` (the next section starts on a page).
    mutating func zeros(to offset: Int) {
        precondition(offset >= position)
        write([UInt8](repeating: 0, count: offset - position))
    }

    /// Writes and hashes the section's last, partial chunk: each section is chunked from its
    /// own start, so a chunk that fails its hash names one section.
    mutating func endSection() { flush() }

    private mutating func flush() {
        guard !buffer.isEmpty else { return }
        hashes.append(Array(SHA256.hash(data: buffer)))
        if failure == nil {
            do throws(StorageError) { try file.write(buffer, at: start + position - buffer.count) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
