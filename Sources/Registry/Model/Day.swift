/// A calendar day as a count of days since 1970-01-01 (proleptic Gregorian).
///
/// Dates are integers so that millions of birth and enrolment dates cost four bytes each and
/// compare without Foundation's `Calendar` (which costs 10–100× per value).
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var rawValue: Int32

    /// Wraps a day number.
    @inlinable public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Builds a day from a civil date, or nil when the date does not exist (2013-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        rawValue = Int32(era * 146097 + doe - 719468)
    }

    /// Parses exactly `YYYY-MM-DD`; nil when malformed or not a real date.
    public init?(_ text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { let d = Int(u[i]) - 48; guard (0...9).contains(d) else { return nil }; v = v * 10 + d }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Parses the 8-digit compact form `YYYYMMDD` used inside ID numbers.
    public init?(compact digits: some Collection<UInt8>) {
        guard digits.count == 8 else { return nil }
        var v = 0
        for c in digits { let d = Int(c) - 48; guard (0...9).contains(d) else { return nil }; v = v * 10 + d }
        self.init(year: v / 10000, month: v / 100 % 100, day: v % 100)
    }

    /// Number of days in a month of a year.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The civil date (year, month, day).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(rawValue) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        return String(y).leftPadded(4) + "-" + String(m).leftPadded(2) + "-" + String(d).leftPadded(2)
    }

    /// The compact `YYYYMMDD` form used in ID and registry numbers.
    public var compact: String {
        let (y, m, d) = civil
        return String(y).leftPadded(4) + String(m).leftPadded(2) + String(d).leftPadded(2)
    }

    /// Whole years of age on `date` for someone born on `self` (birthday not yet reached counts down).
    public func age(on date: Day) -> Int {
        let b = civil, t = date.civil
        var years = t.year - b.year
        if (t.month, t.day) < (b.month, b.day) { years -= 1 }
        return years
    }

    /// The same month and day `years` later (29 Feb falls back to 28 Feb).
    public func adding(years: Int) -> Day {
        let c = civil
        let d = min(c.day, Day.daysInMonth(year: c.year + years, month: c.month))
        return Day(year: c.year + years, month: c.month, day: d)!
    }

    /// The day `n` days later.
    public func adding(days n: Int) -> Day { Day(rawValue: rawValue + Int32(n)) }

    @inlinable public static func < (a: Day, b: Day) -> Bool { a.rawValue < b.rawValue }
}

extension String {
    /// Left-pads with zeros to `width` characters; used for codes and dates.
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
