/// Excel's `_xHHHH_` escapes (ECMA-376 ST_Xstring): XML 1.0 cannot hold most control
/// characters, and a carriage return in text would come back as a line feed, so Excel writes
/// such a character as `_x` + four hex digits + `_`, and a literal `_x` that looks like an
/// escape as `_x005F_x…`. The reader undoes them; the writer makes them the same way.
enum ExcelEscapes {
    /// Text with every `_xHHHH_` replaced by its character; a surrogate half that has no
    /// partner, or anything that is not four hex digits, is left as written.
    static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")) else { return text }
        let units = Array(text.utf16)
        var out: [UInt16] = []
        out.reserveCapacity(units.count)
        var i = 0
        while i < units.count {
            if let unit = escape(in: units, at: i) {
                if UTF16.isLeadSurrogate(unit) {
                    if let low = escape(in: units, at: i + 7), UTF16.isTrailSurrogate(low) {
                        out.append(unit); out.append(low); i += 14; continue
                    }
                } else if !UTF16.isTrailSurrogate(unit) {
                    out.append(unit); i += 7; continue
                }
            }
            out.append(units[i]); i += 1
        }
        return String(decoding: out, as: UTF16.self)
    }

    /// The code unit of an `_xHHHH_` starting at `i`, if one does.
    private static func escape(in units: [UInt16], at i: Int) -> UInt16? {
        guard i + 7 <= units.count, units[i] == 0x5F, units[i + 1] == 0x78 || units[i + 1] == 0x58,
              units[i + 6] == 0x5F else { return nil }
        var value: UInt16 = 0
        for k in 2..<6 {
            guard let digit = hexValue(units[i + k]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    private static func hexValue(_ unit: UInt16) -> UInt16? {
        switch unit {
        case 0x30...0x39: unit - 0x30
        case 0x41...0x46: unit - 0x41 + 10
        case 0x61...0x66: unit - 0x61 + 10
        default: nil
        }
    }

    /// Appends `text` as XML character data: `& < >` as entities, characters XML 1.0 cannot
    /// hold (and the carriage return) as `_xHHHH_`, and an `_` that starts something
    /// `decode` would read as an escape as `_x005F_`, so reading it back gives `text` exactly.
    static func appendXML(_ text: String, to out: inout [UInt8]) {
        if !needsEscaping(text) {
            out.append(contentsOf: text.utf8)
            return
        }
        let units = Array(text.utf16)
        var i = 0
        for scalar in text.unicodeScalars {
            defer { i += scalar.utf16.count }
            switch scalar.value {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x5F where escape(in: units, at: i) != nil: out.append(contentsOf: "_x005F_".utf8)
            case 0x09, 0x0A: out.append(UInt8(scalar.value))
            case 0x00...0x1F, 0xFFFE, 0xFFFF: appendEscape(UInt16(scalar.value), to: &out)
            default: UTF8.encode(scalar) { out.append($0) }
            }
        }
    }

    /// Whether any byte could need more than copying; most cells, Chinese ones included, don't.
    private static func needsEscaping(_ text: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in text.utf8 {
            switch byte {
            case 0x00...0x1F, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "_"):
                if byte != 0x09 && byte != 0x0A { return true }
            case 0xBE...0xBF where previous == (0xEF, 0xBF):   // U+FFFE, U+FFFF
                return true
            default:
                break
            }
            previous = (previous.1, byte)
        }
        return false
    }

    private static func appendEscape(_ unit: UInt16, to out: inout [UInt8]) {
        let hex = Array("0123456789ABCDEF".utf8)
        out.append(contentsOf: "_x".utf8)
        for shift in stride(from: 12, through: 0, by: -4) { out.append(hex[Int(unit >> UInt16(shift) & 0xF)]) }
        out.append(UInt8(ascii: "_"))
    }

    /// Appends `text` for a double-quoted attribute value; only the writer's own names go here.
    static func appendAttribute(_ text: String, to out: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: "\""): out.append(contentsOf: "&quot;".utf8)
            default: out.append(byte)
            }
        }
    }
}
