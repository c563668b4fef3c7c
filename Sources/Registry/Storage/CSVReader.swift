/// An RFC 4180 reader over UTF-8 bytes: fields are byte ranges into the input (or into a
/// scratch buffer for quoted fields with doubled quotes), so a million rows make no
/// per-line `String`s — only the fields the caller keeps become strings.
struct CSVReader: ImportFields {
    /// A quoted field that never ends.
    struct Unterminated: Error { let line: Int }

    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int
    /// The line the next record starts on (1-based).
    private(set) var line = 1
    /// Field boundaries of the current record; `quotedCopy` marks fields read from `scratch`.
    private(set) var fields: [Range<Int>] = []
    private var inScratch: [Bool] = []
    private var scratch: [UInt8] = []

    /// A reader from the first byte; `skippingBOM` is false for a part of a file cut at a
    /// record start (where those bytes would be data).
    init(_ bytes: UnsafeRawBufferPointer, skippingBOM: Bool = true) {
        self.bytes = bytes
        offset = skippingBOM && bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    var count: Int { fields.count }

    /// Reads the next record; returns the line it started on, nil at the end of input.
    mutating func next() throws(Unterminated) -> Int? {
        fields.removeAll(keepingCapacity: true); inScratch.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        // Skip blank lines between records.
        while offset < bytes.count, bytes[offset] == 0x0A || bytes[offset] == 0x0D {
            if bytes[offset] == 0x0A { line += 1 }
            offset += 1
        }
        guard offset < bytes.count else { return nil }
        let start = line
        while true {
            if offset < bytes.count, bytes[offset] == 0x22 {
                try quoted(start)
            } else {
                let a = offset
                while offset < bytes.count, bytes[offset] != 0x2C, bytes[offset] != 0x0A, bytes[offset] != 0x0D { offset += 1 }
                fields.append(a..<offset); inScratch.append(false)
            }
            guard offset < bytes.count else { return start }
            let c = bytes[offset]
            offset += 1
            if c == 0x2C { continue }
            if c == 0x0D, offset < bytes.count, bytes[offset] == 0x0A { offset += 1 }
            line += 1
            return start
        }
    }

    private mutating func quoted(_ start: Int) throws(Unterminated) {
        offset += 1
        let a = scratch.count
        while true {
            guard offset < bytes.count else { throw Unterminated(line: start) }
            let c = bytes[offset]
            if c == 0x22 {
                if offset + 1 < bytes.count, bytes[offset + 1] == 0x22 { scratch.append(0x22); offset += 2; continue }
                offset += 1
                break
            }
            if c == 0x0A { line += 1 }
            scratch.append(c); offset += 1
        }
        // Anything between the closing quote and the separator is kept (lenient, like most readers).
        while offset < bytes.count, bytes[offset] != 0x2C, bytes[offset] != 0x0A, bytes[offset] != 0x0D {
            scratch.append(bytes[offset]); offset += 1
        }
        fields.append(a..<scratch.count); inScratch.append(true)
    }

    /// Calls `body` with field `i`'s bytes, spaces around it trimmed.
    func with<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let r = fields[i]
        if inScratch[i] { return scratch.withUnsafeBytes { body(CSVReader.trim(UnsafeRawBufferPointer(rebasing: $0[r]))) } }
        return body(CSVReader.trim(UnsafeRawBufferPointer(rebasing: bytes[r])))
    }

    /// Field `i` as a string (trimmed).
    func string(_ i: Int) -> String { with(i) { String(decoding: $0, as: UTF8.self) } }

    /// The first field of the current record that is not valid UTF-8: its index, the 1-based
    /// byte (in the field, spaces trimmed) where the bad sequence starts, and that byte.
    /// `string(_:)` would turn such bytes into U+FFFD silently.
    func firstInvalidUTF8() -> (field: Int, byte: Int, value: UInt8)? {
        for i in 0..<fields.count {
            if let bad = with(i, CSVField.invalidUTF8) { return with(i) { (i, bad + 1, $0[bad]) } }
        }
        return nil
    }

    static func trim(_ b: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var lo = 0, hi = b.count
        while lo < hi, b[lo] == 0x20 || b[lo] == 0x09 { lo += 1 }
        while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x09 { hi -= 1 }
        return UnsafeRawBufferPointer(rebasing: b[lo..<hi])
    }
}

/// Byte-level parsers for the CSV columns: no `String` is made for a date, code or number.
enum CSVField {
    /// `YYYY-MM-DD`, and the forms a spreadsheet writes (`CSVField.writtenDay`): the first
    /// is what every exported row holds, so it is tried first and alone.
    static func day(_ b: UnsafeRawBufferPointer) -> Day? {
        if b.count == 10, b[4] == 0x2D, b[7] == 0x2D {
            guard let y = digits(b, 0..<4), let m = digits(b, 5..<7), let d = digits(b, 8..<10) else { return writtenDay(b) }
            return Day(year: Int(y), month: Int(m), day: Int(d))
        }
        return writtenDay(b)
    }

    /// The number in `r` when every byte there is a digit.
    static func digits(_ b: UnsafeRawBufferPointer, _ r: Range<Int>) -> UInt64? {
        guard !r.isEmpty, r.count <= 19 else { return nil }
        var v: UInt64 = 0
        for i in r { let c = b[i] &- 0x30; guard c <= 9 else { return nil }; v = v * 10 + UInt64(c) }
        return v
    }

    /// The number when every byte is a digit (nil past `Int.max`).
    static func int(_ b: UnsafeRawBufferPointer) -> Int? { digits(b, 0..<b.count).flatMap { Int(exactly: $0) } }

    /// The 0-based offset of the first byte that does not start a well-formed UTF-8 sequence
    /// (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), nil when all is well.
    static func invalidUTF8(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var len = 3, lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0: lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: break
            case 0xED: hi = 0x9F
            case 0xF0: len = 4; lo = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4: len = 4; hi = 0x8F
            default: return i
            }
            guard i + len <= n, (lo...hi).contains(b[i + 1]) else { return i }
            for k in 2..<len where !(0x80...0xBF).contains(b[i + k]) { return i }
            i += len
        }
        return nil
    }

    static func school(_ b: UnsafeRawBufferPointer) -> SchoolCode? {
        guard b.count == 10, let v = digits(b, 0..<10) else { return nil }
        return SchoolCode(rawValue: v)
    }

    static func district(_ b: UnsafeRawBufferPointer) -> DistrictCode? {
        guard b.count == 6, b[0] != 0x30, let v = digits(b, 0..<6) else { return nil }
        return DistrictCode(rawValue: UInt32(v))
    }

    /// Appends one field, quoted when it holds a separator, quote or line break.
    static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { u in
            if u.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                out.append(0x22)
                for c in u { if c == 0x22 { out.append(0x22) }; out.append(c) }
                out.append(0x22)
            } else {
                out.append(contentsOf: u)
            }
        }
    }
}
