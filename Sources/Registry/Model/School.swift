/// A school in the registry: code, name, stage and district.
public struct School: Sendable, Hashable {
    /// 10-digit identification code.
    public var code: SchoolCode
    /// Full name, e.g. 洛阳市西工区第一小学.
    public var name: String
    /// The stage it teaches; fixes its grades (R5).
    public var stage: Stage
    /// The district it stands in (R15 compares it with the hukou).
    public var district: DistrictCode

    /// Makes a school.
    public init(code: SchoolCode, name: String, stage: Stage, district: DistrictCode) {
        self.code = code; self.name = name; self.stage = stage; self.district = district
    }
}
