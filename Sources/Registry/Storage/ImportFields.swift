/// One row of an import, whatever it was read from: a CSV record (`CSVReader`) or a
/// spreadsheet's row of texts (`TextFields`). The row planner reads fields through this, as
/// UTF-8 bytes with the spaces around them trimmed, so a CSV row makes no `String` for the
/// fields it parses as numbers, codes and dates.
protocol ImportFields {
    /// How many fields the row has.
    var count: Int { get }
    /// Calls `body` with field `i`'s UTF-8 bytes, spaces around it trimmed.
    func with<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R
    /// Field `i` as a string (trimmed).
    func string(_ i: Int) -> String
}

/// A row of texts (a spreadsheet's cells, already text).
struct TextFields: ImportFields {
    let fields: [String]

    var count: Int { fields.count }

    func with<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var s = fields[i]
        return s.withUTF8 { body(CSVReader.trim(UnsafeRawBufferPointer($0))) }
    }

    func string(_ i: Int) -> String { with(i) { String(decoding: $0, as: UTF8.self) } }
}

extension CSVField {
    /// Whether the bytes are `active`, the status of nearly every row (any other spelling goes
    /// through `Status(importText:)`).
    static func isActive(_ b: UnsafeRawBufferPointer) -> Bool { b.count == 6 && b.elementsEqual("active".utf8) }

    /// `G`, `L` or `J` (either case) and 17 digits and a digit or `X`, packed; the ID number in a
    /// G number is not validated here (a caller compares it with one that was).
    static func registryNumber(_ b: UnsafeRawBufferPointer) -> RegistryNumber? {
        guard b.count == 19, let head = digits(b, 1..<18) else { return nil }
        let kind: RegistryNumber.Kind
        switch b[0] | 0x20 {
        case 0x67: kind = .g
        case 0x6C: kind = .l
        case 0x6A: kind = .j
        default: return nil
        }
        let last: UInt64
        if b[18] &- 0x30 <= 9 { last = UInt64(b[18] - 0x30) } else if b[18] | 0x20 == 0x78 { last = 10 } else { return nil }
        return RegistryNumber(kind: kind, head17: head, last: last)
    }

    /// The dates an administrator's file holds besides `YYYY-MM-DD`: `2007/3/15` (what Excel
    /// writes on Chinese Windows), `2007-3-15`, `2007.3.15`, `2007年3月15日`, `20070315`,
    /// each maybe followed by a midnight time (`2007/3/15 0:00`: a cell holding a date and
    /// time). Nil for anything else, or a day that does not exist.
    static func writtenDay(_ b: UnsafeRawBufferPointer) -> Day? {
        var end = b.count
        if let space = b.firstIndex(of: 0x20) {
            // Only midnight: a time of day in a date column is something else than a date.
            let time = UnsafeRawBufferPointer(rebasing: b[(space + 1)...])
            guard isMidnight(CSVReader.trim(time)) else { return nil }
            end = space
        }
        let s = UnsafeRawBufferPointer(rebasing: b[0..<end])
        if s.count == 8, let v = digits(s, 0..<8) { return Day(year: Int(v / 10000), month: Int(v / 100 % 100), day: Int(v % 100)) }
        guard s.count >= 8, let year = digits(s, 0..<4) else { return nil }
        var i = 4
        // 年 月 日 in UTF-8.
        let nian: [UInt8] = [0xE5, 0xB9, 0xB4], yue: [UInt8] = [0xE6, 0x9C, 0x88], ri: [UInt8] = [0xE6, 0x97, 0xA5]
        func take(_ word: [UInt8]) -> Bool {
            guard i + word.count <= s.count, word.indices.allSatisfy({ s[i + $0] == word[$0] }) else { return false }
            i += word.count
            return true
        }
        func number() -> Int? {
            let start = i
            while i < s.count, i - start < 2, s[i] &- 0x30 <= 9 { i += 1 }
            return digits(s, start..<i).map(Int.init)
        }
        let chinese = take(nian)
        let separator = chinese ? 0 : s[i]
        if !chinese { guard separator == 0x2D || separator == 0x2F || separator == 0x2E else { return nil }; i += 1 }
        guard let month = number() else { return nil }
        if chinese { guard take(yue) else { return nil } } else { guard i < s.count, s[i] == separator else { return nil }; i += 1 }
        guard let day = number() else { return nil }
        if chinese { _ = take(ri) }
        guard i == s.count else { return nil }
        return Day(year: Int(year), month: month, day: day)
    }

    /// `0:00`, `00:00`, `0:00:00`, `00:00:00`.
    private static func isMidnight(_ t: UnsafeRawBufferPointer) -> Bool {
        let parts = t.split(separator: 0x3A, omittingEmptySubsequences: false)
        return (2...3).contains(parts.count) && parts.allSatisfy { (1...2).contains($0.count) && $0.allSatisfy { $0 == 0x30 } }
    }
}
