/// A national student registry number (全国学籍号), issued once and never changed (R3).
///
/// `G` + the 18-character ID number, or a temporary `L` + district + birth date + sequence;
/// `J` numbers (older or external registrations) are accepted when loaded. Packed into one
/// integer (kind in the top two bits, the 18 characters as 17 digits × 11 + last) so indexes
/// hash a `UInt64`, not a string.
public struct RegistryNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The packed form.
    public let rawValue: UInt64

    /// The kind letter.
    public enum Kind: UInt64, Sendable { case g = 0, l = 1, j = 2
        var letter: Character { switch self { case .g: "G"; case .l: "L"; case .j: "J" } }
    }

    /// Wraps a packed value (snapshots).
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    init(kind: Kind, head17: UInt64, last: UInt64) {
        rawValue = kind.rawValue << 62 | (head17 * 11 + last)
    }

    /// The G number of an ID card.
    public init(idCard: IDCardNumber) {
        self.init(kind: .g, head17: idCard.digits, last: IDCardNumber.checkValue(for: idCard.digits))
    }

    /// A temporary L number: district, birth date and a 4-digit sequence.
    public init(temporaryFor district: DistrictCode, birth: Day, sequence: Int) {
        let digits18 = UInt64(district.rawValue) * 1_000_000_000_000 + UInt64(birth.compact)! * 10_000 + UInt64(sequence)
        self.init(kind: .l, head17: digits18 / 10, last: digits18 % 10)
    }

    /// Parses `G`/`L`/`J` + 18 characters of digits and `X` (only last); G numbers must carry
    /// a valid ID number. Nil when malformed.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 19 else { return nil }
        let kind: Kind
        switch u[0] {
        case UInt8(ascii: "G"), UInt8(ascii: "g"): kind = .g
        case UInt8(ascii: "L"), UInt8(ascii: "l"): kind = .l
        case UInt8(ascii: "J"), UInt8(ascii: "j"): kind = .j
        default: return nil
        }
        var head: UInt64 = 0
        for c in u[1..<18] { guard (48...57).contains(c) else { return nil }; head = head * 10 + UInt64(c - 48) }
        let lastChar = u[18]
        let last: UInt64
        if (48...57).contains(lastChar) { last = UInt64(lastChar - 48) }
        else if lastChar == UInt8(ascii: "X") || lastChar == UInt8(ascii: "x") { last = 10 }
        else { return nil }
        if kind == .g {
            guard IDCardNumber(String(decoding: u[1...], as: UTF8.self)) != nil else { return nil }
        }
        self.init(kind: kind, head17: head, last: last)
    }

    /// G, L or J.
    public var kind: Kind { Kind(rawValue: rawValue >> 62)! }
    var payload: UInt64 { rawValue & ((1 << 62) - 1) }

    /// The 18 characters after the letter.
    public var body: String {
        let head = payload / 11, last = payload % 11
        return String(head).leftPadded(17) + (last == 10 ? "X" : String(last))
    }
    /// The 19-character number.
    public var description: String { String(kind.letter) + body }
    /// The ID card inside a G number.
    public var idCard: IDCardNumber? { kind == .g ? IDCardNumber(digits: payload / 11) : nil }
    /// Orders by kind then digits, which is the text order.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
