/// Appends little-endian integers, length-prefixed UTF-8 strings and typed values to a byte
/// buffer: the one encoder behind journal entries and snapshots, so both agree byte for byte.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u16(_ v: UInt16) { int(v) }
    mutating func u32(_ v: UInt32) { int(v) }
    mutating func u64(_ v: UInt64) { int(v) }
    mutating func i32(_ v: Int32) { int(v) }
    mutating func i64(_ v: Int64) { int(v) }

    private mutating func int<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A u32 byte count, then the UTF-8 bytes.
    mutating func str(_ s: String) {
        var s = s
        s.withUTF8 { u in u32(UInt32(u.count)); bytes.append(contentsOf: u) }
    }

    mutating func raw(_ b: some Sequence<UInt8>) { bytes.append(contentsOf: b) }

    /// Copies an array of plain (trivial) structs as they lie in memory; the reader checks the
    /// stride recorded beside it, so a layout change is refused rather than misread.
    mutating func pod<T>(_ array: [T]) {
        precondition(_isPOD(T.self))
        u32(UInt32(MemoryLayout<T>.stride)); u64(UInt64(array.count))
        array.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }

    /// A typed cell: tag byte (0 null, 1 int, 2 text, 3 date) and the payload.
    mutating func value(_ v: Value) {
        switch v {
        case .null: u8(0)
        case .int(let i): u8(1); i64(Int64(i))
        case .text(let s): u8(2); str(s)
        case .date(let d): u8(3); i32(d.rawValue)
        }
    }
}
