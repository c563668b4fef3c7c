/// A first enrolment checked as far as it can be without the registry's students: what
/// `Registry.planEnrolment` found, ready for `enrol(_:reason:)`. A value, so an import can
/// plan rows on several threads and enrol them on one.
struct EnrolmentPlan: Sendable {
    /// Trimmed, checked by the text rules.
    var name: String
    /// Trimmed, checked by the text rules; empty when not given.
    var ethnicity: String
    /// The ID number's 17 leading digits (R2 checked), 0 when none was given.
    var idCard: UInt64
    /// The G registry number of `idCard` (packed), 0 when none was given.
    var number: UInt64
    var birth: Day
    /// The enrolment day.
    var day: Day
    var hukou: DistrictCode?
    /// Index of the school in the registry's schools.
    var school: Int32
    /// 0 when not given.
    var klass: UInt16
    var grade: UInt8
    var gender: Gender
    /// R6 refused the age: `enrol(_:reason:)` throws R6 once R1 and R3 have passed.
    var ageRefused: Bool
    /// A compulsory-stage school outside the hukou district (R15 flag).
    var outsideHukouDistrict: Bool
    /// An L or J number an import keeps as issued (packed), 0 when the registry issues one.
    var kept: UInt64 = 0
    /// The family situation as a row stores it (`StudentRow.family`).
    var family: UInt8 = 0
}

/// The registry's schools as a value: looked up by code from several threads while an import
/// plans its rows (the schools do not change during a students import). Copying it copies two
/// references, not the tables.
struct SchoolDirectory: Sendable {
    let byCode: [UInt64: Int32]
    let rows: [School]

    init(_ registry: Registry) {
        byCode = registry.schoolByCode
        rows = registry.schoolRows
    }

    /// The school's index, stage and district (no `School` copied: its strings would be
    /// retained and released on every row), or the error `schoolFor` gives.
    func find(_ code: SchoolCode) throws(RegistryError) -> (index: Int32, stage: Stage, district: DistrictCode) {
        guard let s = byCode[code.rawValue] else { throw RegistryError(nil, .identity(.noSchool(code: "\(code)"))) }
        return (s, rows[Int(s)].stage, rows[Int(s)].district)
    }
}
