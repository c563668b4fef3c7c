#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files saved by Excel on Chinese Windows ("CSV (逗号分隔)") are GB18030 (GBK), not UTF-8. An
/// import reads such a file when it is not UTF-8, reads whole as GB18030, and its header row
/// then names the import's columns; anything else is refused at its first bad byte. The
/// system's converter (iconv) decodes it: no code table is kept here.
enum LegacyEncoding {
    /// Where the UTF-8 of a file first breaks, and how UTF-8-like the file is overall.
    struct Census {
        /// Offset of the first byte that starts no well-formed UTF-8 sequence.
        var firstInvalid: Int
        /// Well-formed sequences of two or more bytes.
        var validMultibyte = 0
        /// Bytes that start no well-formed sequence.
        var invalid = 0

        /// Whether the file reads as UTF-8 with a few broken bytes (cut or stray ones) rather
        /// than as another encoding: GB18030 text is mostly byte pairs UTF-8 cannot read, so
        /// a GB18030 file has more bad bytes than good sequences. Such a file is not decoded
        /// as GB18030, where its Chinese would read as other characters without an error.
        var looksLikeBrokenUTF8: Bool { validMultibyte > invalid }
    }

    /// The census of `b`, nil when it is all UTF-8. One pass over the file, made only when an
    /// import has met a bad byte: a UTF-8 file (every import but Excel's) never pays for it.
    static func census(_ b: UnsafeRawBufferPointer) -> Census? {
        guard let first = CSVField.invalidUTF8(b) else { return nil }
        var c = Census(firstInvalid: first)
        var i = 0
        while i < b.count {
            if b[i] < 0x80 { i += 1; continue }
            let n = sequenceLength(b, at: i)
            if n == 0 { c.invalid += 1; i += 1 } else { c.validMultibyte += 1; i += n }
        }
        return c
    }

    /// The length of the well-formed UTF-8 sequence of two or more bytes at `i`, 0 when none.
    private static func sequenceLength(_ b: UnsafeRawBufferPointer, at i: Int) -> Int {
        let end = min(b.count, i + 4)
        let window = UnsafeRawBufferPointer(rebasing: b[i..<end])
        // The first invalid offset of a window that starts with a good sequence is past it.
        for n in [2, 3, 4] where n <= window.count {
            let head = UnsafeRawBufferPointer(rebasing: window[0..<n])
            if CSVField.invalidUTF8(head) == nil { return n }
        }
        return 0
    }

    /// The 1-based line of byte `offset` and its 1-based place in that line.
    static func lineAndByte(_ b: UnsafeRawBufferPointer, at offset: Int) -> (line: Int, byte: Int) {
        var line = 1, start = 0
        for i in 0..<offset where b[i] == 0x0A { line += 1; start = i + 1 }
        return (line, offset - start + 1)
    }

    /// The bytes decoded from GB18030 to UTF-8, nil when they are not GB18030 (a sequence the
    /// standard does not define, or a file cut inside a character). GB18030 covers GBK and
    /// GB2312; its multi-byte characters never hold a byte below 0x30, so commas, quotes and
    /// line breaks, and with them the line numbers, stay where they were.
    static func utf8(fromGB18030 b: UnsafeRawBufferPointer) -> [UInt8]? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard Int(bitPattern: cd) != -1 else { return nil }
        defer { iconv_close(cd) }
        // A character grows by half at most (2 bytes → 3); 4-byte ones keep their size.
        var out = [UInt8](repeating: 0, count: b.count + b.count / 2 + 16)
        guard let base = b.baseAddress else { return [] }
        let written: Int? = out.withUnsafeMutableBytes { o in
            var inPtr = UnsafeMutablePointer<CChar>(mutating: base.assumingMemoryBound(to: CChar.self))
            var inLeft = b.count
            var outPtr = o.baseAddress!.assumingMemoryBound(to: CChar.self)
            var outLeft = o.count
            var inOpt: UnsafeMutablePointer<CChar>? = inPtr
            var outOpt: UnsafeMutablePointer<CChar>? = outPtr
            let r = iconv(cd, &inOpt, &inLeft, &outOpt, &outLeft)
            inPtr = inOpt!; outPtr = outOpt!
            guard r != -1, inLeft == 0 else { return nil }
            return o.count - outLeft
        }
        guard let written else { return nil }
        out.removeLast(out.count - written)
        return out
    }
}
