import Crypto

/// The journal file's layout and its reader: a 16-byte header, then entries framed as
/// `magic, payload length, sequence, previous entry's SHA-256, payload, SHA-256 of all that`.
/// The trailing hash is both the entry's checksum and the link the next entry must carry,
/// so an edited, removed or reordered entry breaks the chain (R14).
enum Journal {
    static let fileName = "journal.xj"
    static let header: [UInt8] = Array("XUEJIJNL".utf8) + [1, 0, 0, 0] + [0, 0, 0, 0]   // version 1
    static let headerSize = 16
    static let frameMagic: UInt32 = 0x4E45_4A58          // "XJEN" little-endian
    static let frameHeaderSize = 48                      // magic 4, length 4, sequence 8, previous hash 32
    static let hashSize = 32

    /// The chain's starting link: the hash of the file header (binds the version into the chain).
    static var genesis: [UInt8] { Array(SHA256.hash(data: header)) }

    /// One well-formed entry found by `scan`.
    struct Frame {
        var sequence: UInt64
        var start: Int
        var payload: Range<Int>
        var end: Int { payload.upperBound + Journal.hashSize }
        var hash: [UInt8]
    }

    /// How a scan ended.
    enum Stop: Equatable {
        /// The file ends exactly after the last entry.
        case clean
        /// The last entry is incomplete: a crash while it was written, before it was acknowledged.
        case torn(sequence: UInt64, start: Int, have: Int, need: Int?)
        /// An entry is altered or out of place; `name` is `#N (date, kind)` as far as readable.
        case damaged(sequence: UInt64, start: Int, name: String, reason: StorageMessage)
    }

    /// Frames one entry after the chain head `previous`; returns the bytes and the entry's hash.
    static func frame(_ payload: [UInt8], sequence: UInt64, previous: [UInt8]) -> (bytes: [UInt8], hash: [UInt8]) {
        var w = ByteWriter(capacity: payload.count + frameHeaderSize + hashSize)
        w.u32(frameMagic); w.u32(UInt32(payload.count)); w.u64(sequence); w.raw(previous); w.raw(payload)
        let h = Array(SHA256.hash(data: w.bytes))
        w.raw(h)
        return (w.bytes, h)
    }

    /// Names entry `sequence` from its payload when the summary there is readable.
    static func name(_ bytes: UnsafeRawBufferPointer, sequence: UInt64, payload: Range<Int>?) -> String {
        guard let payload, payload.upperBound <= bytes.count else { return JournalEntry.describe(sequence: sequence, day: nil, label: nil) }
        var r = ByteReader(UnsafeRawBufferPointer(rebasing: bytes[payload]))
        let s = JournalEntry.summary(&r)
        return JournalEntry.describe(sequence: sequence, day: s?.day, label: s?.label)
    }

    /// Walks entries from `offset` (sequence `sequence`, chain head `previous`), checking each
    /// frame's sequence, link and hash (`checkHash` false trusts the hash field: used only
    /// where a snapshot already vouches for the prefix), and hands each good frame to `body`.
    /// A `body` error stops the walk as damage at that entry.
    static func scan(_ bytes: UnsafeRawBufferPointer, from offset: Int, sequence: UInt64, previous: [UInt8],
                     checkHash: Bool = true, _ body: (Frame) -> StorageMessage?) -> Stop {
        var at = offset, seq = sequence, prev = previous
        while at < bytes.count {
            let left = bytes.count - at
            if left < frameHeaderSize {
                if allZero(bytes, at) || startsLikeFrame(bytes, at) { return .torn(sequence: seq, start: at, have: left, need: nil) }
                return .damaged(sequence: seq, start: at, name: JournalEntry.describe(sequence: seq, day: nil, label: nil),
                                reason: .strayBytes(left))
            }
            var r = ByteReader(bytes, offset: at)
            let magic = try! r.u32(), length = Int(try! r.u32()), found = try! r.u64()
            let link = Array(try! r.bytes(hashSize))
            let payload = (at + frameHeaderSize)..<(at + frameHeaderSize + length)
            let end = payload.upperBound + hashSize
            guard magic == frameMagic else {
                if allZero(bytes, at) { return .torn(sequence: seq, start: at, have: left, need: nil) }
                return .damaged(sequence: seq, start: at, name: JournalEntry.describe(sequence: seq, day: nil, label: nil),
                                reason: .badFrameMarker(byte: at))
            }
            if end > bytes.count {
                return .torn(sequence: seq, start: at, have: left, need: end - at)
            }
            // Named only when damaged: a replay walks millions of good entries.
            func damaged(_ reason: StorageMessage) -> Stop {
                .damaged(sequence: seq, start: at, name: name(bytes, sequence: seq, payload: payload), reason: reason)
            }
            guard found == seq else { return damaged(.wrongSequence(found: found)) }
            let stored = Array(UnsafeRawBufferPointer(rebasing: bytes[payload.upperBound..<end]))
            if checkHash {
                let h = Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: bytes[at..<payload.upperBound])))
                guard h == stored else {
                    // Complete but wrong, even if it ends in zeros: only an entry the file ends
                    // inside may be called incomplete (an acknowledged entry must never be cut
                    // off as "never acknowledged").
                    return damaged(.checksumMismatch)
                }
            }
            guard link == prev else { return damaged(.brokenChain) }
            if let problem = body(Frame(sequence: seq, start: at, payload: payload, hash: stored)) { return damaged(problem) }
            prev = stored; seq += 1; at = end
        }
        return .clean
    }

    private static func allZero(_ bytes: UnsafeRawBufferPointer, _ from: Int) -> Bool {
        var i = from
        while i < bytes.count { if bytes[i] != 0 { return false }; i += 1 }
        return true
    }

    private static func startsLikeFrame(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> Bool {
        let m = withUnsafeBytes(of: frameMagic.littleEndian) { Array($0) }
        for i in 0..<min(4, bytes.count - at) where bytes[at + i] != m[i] { return false }
        return true
    }

    /// Records the stored hash (the frame's last 32 bytes) of each wanted entry before byte
    /// `end`, walking frames by their length fields only: for heads filed before a snapshot.
    static func storedHashes(_ bytes: UnsafeRawBufferPointer, upTo end: Int, wanted: Set<UInt64>,
                             into found: inout [UInt64: [UInt8]]) {
        var at = headerSize, seq: UInt64 = 1
        while at + frameHeaderSize <= min(end, bytes.count) {
            var r = ByteReader(bytes, offset: at + 4)
            guard let length = try? r.u32() else { return }
            let next = at + frameHeaderSize + Int(length) + hashSize
            guard next <= end else { return }
            if wanted.contains(seq) { found[seq] = Array(bytes[(next - hashSize)..<next]) }
            at = next; seq += 1
        }
    }

    /// Checks the file header; nil when good, else what is wrong.
    static func checkHeader(_ bytes: UnsafeRawBufferPointer) -> StorageMessage? {
        guard bytes.count >= headerSize else { return .journalShorterThanHeader }
        guard bytes.prefix(8).elementsEqual(header.prefix(8)) else { return .journalBadMagic }
        guard bytes[8..<16].elementsEqual(header[8..<16]) else { return .journalVersion(bytes[8]) }
        return nil
    }
}
