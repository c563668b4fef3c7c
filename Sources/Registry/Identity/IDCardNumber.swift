/// A resident identity card number (公民身份号码, GB 11643): 17 digits and a check character.
///
/// Stored as the 17 leading digits in one integer; the check character is derived, so a
/// value of this type is always well-formed (R2).
public struct IDCardNumber: Hashable, Sendable, CustomStringConvertible {
    /// The 17 leading digits as a number.
    public let digits: UInt64

    static let weights: [UInt64] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The check character for 17 digits (ISO 7064 MOD 11-2).
    public static func checkCharacter(for digits: UInt64) -> Character {
        checkCharacters[Int(checkIndex(for: digits))]
    }

    /// The check character's value, 0–9 or 10 for X (what a registry number stores).
    static func checkValue(for digits: UInt64) -> UInt64 { checkValues[Int(checkIndex(for: digits))] }

    /// `checkCharacters` as values and as ASCII bytes: imports check a million numbers, and a
    /// `Character` costs a string comparison each.
    static let checkValues: [UInt64] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2]
    static let checkBytes: [UInt8] = Array("10X98765432".utf8)

    private static func checkIndex(for digits: UInt64) -> UInt64 {
        var rest = digits, sum: UInt64 = 0
        for i in stride(from: 16, through: 0, by: -1) { sum += (rest % 10) * weights[i]; rest /= 10 }
        return sum % 11
    }

    /// Validates the text (R2: length, digits, check character, a real birth date); the
    /// error says which part is wrong. Birth/sex agreement with a record is checked by the caller.
    public init(validating text: String) throws(RegistryError) {
        var u = Array(text.utf8)
        if u.contains(where: { $0 >= 0x80 }) { u = IDCardNumber.asciiDigits(text) }
        guard u.count == 18 else {
            throw RegistryError(.r2, .identity(.idWrongLength(text: text)))
        }
        var v: UInt64 = 0
        for c in u[0..<17] {
            guard (48...57).contains(c) else { throw RegistryError(.r2, .identity(.idNotDigits(text: text))) }
            v = v * 10 + UInt64(c - 48)
        }
        let last = u[17] == UInt8(ascii: "x") ? UInt8(ascii: "X") : u[17]
        let expected = IDCardNumber.checkBytes[Int(IDCardNumber.checkIndex(for: v))]
        guard last == expected else {
            throw RegistryError(.r2, .identity(.idWrongCheckCharacter(
                text: text, found: last < 0x80 ? Character(Unicode.Scalar(last)) : text.unicodeScalars.last.map(Character.init) ?? "?",
                expected: Character(Unicode.Scalar(expected)))))
        }
        guard Day(compact: u[6..<14]) != nil else {
            throw RegistryError(.r2, .identity(.idNoBirthDate(text: text)))
        }
        digits = v
    }

    /// The text with the full-width digits and `Ｘ` a Chinese input method types read as ASCII
    /// (as python-stdnum does); other characters stay as they are, one byte-run each.
    static func asciiDigits(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        for s in text.unicodeScalars {
            switch s.value {
            case 0xFF10...0xFF19: out.append(UInt8(s.value - 0xFF10) + 48)
            case 0xFF38, 0xFF58: out.append(UInt8(ascii: "X"))
            case 0..<0x80: out.append(UInt8(s.value))
            default: out.append(0xFF)     // not a digit, counted as one character
            }
        }
        return out
    }

    /// Parses without throwing; nil when invalid.
    public init?(_ text: String) {
        guard let v = try? IDCardNumber(validating: text) else { return nil }
        self = v
    }

    /// Wraps 17 digits already known to be valid (snapshots, indexes).
    public init(digits: UInt64) { self.digits = digits }

    /// The 18 characters.
    public var description: String { String(digits).leftPadded(17) + String(IDCardNumber.checkCharacter(for: digits)) }
    /// The birth date in digits 7–14.
    public var birth: Day {
        let ymd = Int(digits / 1000 % 100_000_000)
        return Day(year: ymd / 10000, month: ymd / 100 % 100, day: ymd % 100)!
    }
    /// The sex the 17th digit gives: odd male, even female.
    public var gender: Gender { digits % 2 == 1 ? .male : .female }
    /// The district of first registration (digits 1–6).
    public var district: String { String(description.prefix(6)) }
}
