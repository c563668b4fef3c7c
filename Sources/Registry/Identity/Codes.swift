/// A school's stage; it fixes which grades the school holds (R5).
public enum Stage: String, CaseIterable, Sendable, Hashable, Comparable {
    case primary, junior, senior

    /// The grades this stage holds: primary 1–6, junior 7–9, senior 10–12.
    public var grades: ClosedRange<Int> {
        switch self { case .primary: 1...6; case .junior: 7...9; case .senior: 10...12 }
    }
    /// The grade a student graduates from (R9).
    public var finalGrade: Int { grades.upperBound }
    /// The stage that follows (R10), nil after senior.
    public var next: Stage? {
        switch self { case .primary: .junior; case .junior: .senior; case .senior: nil }
    }
    /// Whether the stage is compulsory education (R15 zoning, dropouts).
    public var isCompulsory: Bool { self != .senior }
    /// The stage that holds a grade.
    public static func of(grade: Int) -> Stage? { allCases.first { $0.grades.contains(grade) } }
    /// Orders primary < junior < senior.
    public static func < (a: Stage, b: Stage) -> Bool { a.grades.lowerBound < b.grades.lowerBound }
    /// Chinese name, for messages read by administrators.
    public var chinese: String { switch self { case .primary: "小学"; case .junior: "初中"; case .senior: "高中" } }
}

/// A student's gender as the registry records it; `M`/`F` (`男`/`女` accepted).
public enum Gender: String, Sendable, Hashable, CaseIterable {
    case male = "M", female = "F"

    /// Parses `M`, `F`, `男`, `女` (case-insensitive).
    public init?(text: String) {
        switch text.uppercased() {
        case "M", "男": self = .male
        case "F", "女": self = .female
        default: return nil
        }
    }
}

/// Where a student stands in the registry.
public enum Status: String, Sendable, Hashable, CaseIterable {
    case active, suspended, graduated, withdrawn
    /// A registration made by mistake (`void`): kept with its history, left out of counts and
    /// checks unless asked for; its number is never issued to anyone else.
    case voided
}

/// A 6-digit administrative district code (GB/T 2260), e.g. 410303 洛阳市西工区.
public struct DistrictCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The code as a number (leading zeros are impossible: province codes start at 11).
    public let rawValue: UInt32

    /// Parses exactly six digits, the first not zero.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ (48...57).contains($0) }), text.utf8.first != 48,
              let v = UInt32(text) else { return nil }
        rawValue = v
    }
    /// Wraps a number known to be a valid code.
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// The six digits.
    public var description: String { String(rawValue) }
    /// The prefecture-level city: the first four digits.
    public var city: String { String(rawValue / 100) }
    /// The province: the first two digits.
    public var province: String { String(rawValue / 10000) }
    /// Orders numerically.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A 10-digit school identification code, e.g. 4103030001.
public struct SchoolCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The code as a number; printed back with leading zeros to ten digits.
    public let rawValue: UInt64

    /// Parses exactly ten digits.
    public init?(_ text: some StringProtocol) {
        guard text.utf8.count == 10, text.utf8.allSatisfy({ (48...57).contains($0) }), let v = UInt64(text) else { return nil }
        rawValue = v
    }
    /// Wraps a number known to be a valid code.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// The ten digits.
    public var description: String { String(rawValue).leftPadded(10) }
    /// Orders numerically (the same as by text for fixed-width codes).
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A grade 1–12; which stage holds it is fixed (R5).
public struct Grade: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 1…12.
    public let rawValue: Int
    /// Accepts 1…12.
    public init?(_ value: Int) { guard (1...12).contains(value) else { return nil }; rawValue = value }
    /// The stage that holds this grade.
    public var stage: Stage { Stage.of(grade: rawValue)! }
    /// The number.
    public var description: String { String(rawValue) }
    /// Orders numerically.
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// The kinds of growth record (成长记录) kept beside the registry record.
public enum GrowthKind: String, CaseIterable, Sendable, Hashable {
    case award, activity, aid, health, talent
}
