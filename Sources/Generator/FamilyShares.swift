import Registry

/// The family situation the generator gives a pupil (issue 17): 随迁子女 (`migrant`) and 留守儿童
/// (`left_behind`), after the ministry's statistics of the compulsory stage (about 9% of pupils
/// are migrant children, about 8% left behind) and shaped by where the school is:
///
/// - A migrant child lives where the parents work, away from the hukou, so only a pupil whose
///   hukou is outside the school's district is one: 95% of those in a city district, 60% in a
///   county, where fewer families move in for work. With the generator's ~10% hukou elsewhere,
///   that is ~9% of a city district's pupils and ~6% of a county's.
/// - A left-behind child stays at the hukou while the parents work away, so only a pupil at
///   home is one. Henan sends workers out, from its counties most: ~20% of a county's pupils,
///   ~5% of a prefecture's city districts, ~2% of the capital's, where they go.
/// - The two exclude each other: a child living with its parents is not left behind.
/// - Left behind counts children under 16: a senior pupil is one a third as often.
/// - 2% of pupils have neither answer (not collected).
///
/// The draws come from their own stream, so a seed's other columns are what they were before
/// the two columns existed.
enum FamilyShares {
    /// A pupil's two answers.
    enum Answer: UInt8, Sendable {
        case unknown, migrant, leftBehind, neither

        /// The CSV cells after `enrolled_on`, comma first: `,migrant,left_behind`.
        var cells: [UInt8] { Answer.table[Int(rawValue)] }

        /// Made once: a row appends them without building a string.
        private static let table: [[UInt8]] = [Array(",,".utf8), Array(",yes,no".utf8), Array(",no,yes".utf8), Array(",no,no".utf8)]
    }

    /// Per thousand pupils: neither answer known.
    static let unknown = 20
    /// Per thousand pupils whose hukou is elsewhere: migrant children, in a city district and in a county.
    static let migrantOfMovedIn = (city: 950, county: 600)
    /// Per thousand pupils at home: left behind, in a county, a city district, the capital's.
    static let leftBehindAtHome = (county: 220, city: 60, capital: 20)

    /// Draws the answers of a pupil of a school in `district` (GB/T 2260: the last two digits 21
    /// and up are a county or county-level city; prefecture 01 is the provincial capital).
    static func draw(_ rng: inout SplitMix, school district: UInt32, stage: Stage, hukouHere: Bool) -> Answer {
        if rng.below(1000) < unknown { return .unknown }
        let county = district % 100 >= 21
        let p = rng.below(1000)
        if !hukouHere { return p < (county ? migrantOfMovedIn.county : migrantOfMovedIn.city) ? .migrant : .neither }
        var left = county ? leftBehindAtHome.county : district / 100 % 100 == 1 ? leftBehindAtHome.capital : leftBehindAtHome.city
        if stage == .senior { left /= 3 }
        return p < left ? .leftBehind : .neither
    }
}
