/// Reads what `ByteWriter` wrote from a byte buffer; every read is bounds-checked and a short
/// or malformed buffer throws `ByteReader.Short`, so damaged input never traps.
struct ByteReader {
    /// Thrown when the buffer ends early or holds an impossible value.
    struct Short: Error {}

    let base: UnsafeRawBufferPointer
    var offset: Int

    init(_ base: UnsafeRawBufferPointer, offset: Int = 0) { self.base = base; self.offset = offset }

    var remaining: Int { base.count - offset }

    private mutating func int<T: FixedWidthInteger>(_: T.Type) throws(Short) -> T {
        let n = MemoryLayout<T>.size
        guard offset + n <= base.count else { throw Short() }
        let v = base.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += n
        return T(littleEndian: v)
    }

    mutating func u8() throws(Short) -> UInt8 { try int(UInt8.self) }
    mutating func u16() throws(Short) -> UInt16 { try int(UInt16.self) }
    mutating func u32() throws(Short) -> UInt32 { try int(UInt32.self) }
    mutating func u64() throws(Short) -> UInt64 { try int(UInt64.self) }
    mutating func i32() throws(Short) -> Int32 { try int(Int32.self) }
    mutating func i64() throws(Short) -> Int64 { try int(Int64.self) }

    mutating func bytes(_ n: Int) throws(Short) -> UnsafeRawBufferPointer {
        guard n >= 0, offset + n <= base.count else { throw Short() }
        defer { offset += n }
        return UnsafeRawBufferPointer(rebasing: base[offset..<offset + n])
    }

    mutating func str() throws(Short) -> String {
        let n = Int(try u32())
        return String(decoding: try bytes(n), as: UTF8.self)
    }

    /// An array written by `ByteWriter.pod`; refuses a stride other than this build's.
    mutating func pod<T>(_: T.Type) throws(Short) -> [T] {
        guard Int(try u32()) == MemoryLayout<T>.stride else { throw Short() }
        let count = Int(try u64())
        guard count >= 0, count <= remaining / max(1, MemoryLayout<T>.stride) else { throw Short() }
        let src = try bytes(count * MemoryLayout<T>.stride)
        return [T](unsafeUninitializedCapacity: count) { buf, n in
            if count > 0 { UnsafeMutableRawBufferPointer(buf).copyMemory(from: src) }
            n = count
        }
    }

    mutating func value() throws(Short) -> Value {
        switch try u8() {
        case 0: return .null
        case 1: return .int(Int(try i64()))
        case 2: return .text(try str())
        case 3: return .date(Day(rawValue: try i32()))
        default: throw Short()
        }
    }
}
