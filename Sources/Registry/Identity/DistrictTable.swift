/// The administrative division codes of GB/T 2260 with the years each was in force (R2: an ID
/// number's first six digits were a district's code at some time between the holder's birth and
/// today; a hukou or a school's district is a code in force today). Built on first use from the
/// generated table (`DistrictTable+Data.swift`, refreshed by scripts/update-districts.py), so a
/// program that never asks pays nothing.
public struct DistrictTable: Sendable {
    /// One name a code had, and the years it was in force (nil: open at that end).
    public struct Period: Sendable, Equatable {
        /// The first year in force; nil when in force from before the table begins.
        public var from: Int?
        /// The last year in force; nil when still in force.
        public var to: Int?
        /// The district's own name (`西工区`).
        public var name: String
    }

    /// The codes, in order, with their periods.
    public let entries: [(code: UInt32, periods: [Period])]
    /// Code → index into `entries` + 1 (0: no such code), for codes below 900000: an array
    /// lookup, since every imported ID number is checked.
    private let slots: [UInt16]
    /// Name now → code (the first code when two share a name).
    private var codesByName: [String: UInt32] = [:]

    /// The table shipped with xueji.
    public static let standard = DistrictTable(parsing: DistrictTable.source)

    /// Parses lines of `CODE<TAB>[FROM-TO]NAME,…`.
    init(parsing text: String) {
        var entries: [(code: UInt32, periods: [Period])] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2, let code = UInt32(parts[0]) else { continue }
            let periods = parts[1].split(separator: ",").map { p -> Period in
                guard p.hasPrefix("["), let close = p.firstIndex(of: "]") else { return Period(from: nil, to: nil, name: String(p)) }
                let years = p[p.index(after: p.startIndex)..<close].split(separator: "-", omittingEmptySubsequences: false)
                return Period(from: years.first.flatMap { Int($0) }, to: years.count > 1 ? Int(years[1]) : nil,
                              name: String(p[p.index(after: close)...]))
            }
            entries.append((code, periods))
        }
        var slots = [UInt16](repeating: 0, count: 900_000)
        for (i, e) in entries.enumerated() where e.code < 900_000 { slots[Int(e.code)] = UInt16(i + 1) }
        self.entries = entries
        self.slots = slots
        for e in entries.reversed() { if let n = name(of: e.code) { codesByName[n] = e.code } }
    }

    /// The periods of `code`; empty when it was never a district's code.
    public func periods(of code: UInt32) -> [Period] {
        guard code < 900_000 else { return [] }
        let i = Int(slots[Int(code)])
        return i > 0 ? entries[i - 1].periods : []
    }

    /// Whether `code` was in force in some year from `first` to `last` (R2: birth year to this year).
    public func wasInForce(_ code: UInt32, from first: Int, to last: Int) -> Bool {
        periods(of: code).contains { p in
            let a = max(p.from ?? Int.min, first), b = min(p.to ?? Int.max, last)
            return a <= b && (p.from ?? Int.min) <= (p.to ?? Int.max)
        }
    }

    /// Whether `code` is in force now (a period open at its end).
    public func isInForce(_ code: UInt32) -> Bool { periods(of: code).contains { $0.to == nil } }

    /// The district's name now, or its last name: `洛阳市西工区` (the prefecture's name before a
    /// county's, the province's where the prefecture has none of its own, as 北京市东城区).
    public func name(of code: UInt32) -> String? {
        name(of: code, own: current(code))
    }

    /// The name `code` had in one of its periods, with the prefecture's (or province's) name now.
    public func name(of code: UInt32, period: Period) -> String? { name(of: code, own: period.name) }

    private func name(of code: UInt32, own: String?) -> String? {
        guard let own else { return nil }
        if code % 10_000 == 0 { return own }
        if code % 100 == 0 { return own == "市辖区" || own == "县" ? current(code / 10_000 * 10_000) : own }
        let prefecture = current(code / 100 * 100)
        let above = prefecture.flatMap { DistrictTable.placeholders.contains($0) ? nil : $0 } ?? current(code / 10_000 * 10_000) ?? ""
        return above + own
    }

    /// The code whose name now is `name` (`洛阳市西工区`), for `where hukou.name = …`.
    public func code(named name: String) -> UInt32? { codesByName[name] }

    /// Names of prefecture-level entries that are groupings, not places.
    static let placeholders: Set<String> = ["市辖区", "县", "省直辖县级行政区划", "省直辖县级行政单位", "自治区直辖县级行政区划"]

    private func current(_ code: UInt32) -> String? {
        let p = periods(of: code)
        return (p.last { $0.to == nil } ?? p.last)?.name
    }
}
