/// The fields of a student that queries, corrections and the history name.
///
/// The raw value is the RQL spelling, so the language and the engine share one catalogue.
public enum StudentField: String, CaseIterable, Sendable, Hashable {
    case no, id_card, name, gender, birth, age, ethnicity, hukou, hukouName = "hukou.name"
    case school, schoolName = "school.name", schoolStage = "school.stage"
    case schoolDistrict = "school.district", schoolDistrictName = "school.district.name", schoolCity = "school.city"
    case schoolProvince = "school.province"
    case grade, `class`, status, enrolledOn = "enrolled_on"
    /// 随迁子女 and 留守儿童 (issue 17): `yes`, `no`, or null when not known.
    case migrant, leftBehind = "left_behind"

    /// The kind of value the field holds. Codes are text so leading zeros survive.
    public var valueType: ValueType {
        switch self {
        case .grade, .class, .age: return .int
        case .birth, .enrolledOn: return .date
        default: return .text
        }
    }

    /// Whether `correct … set` may change it (R3/R11: never the number; derived fields never).
    public var isCorrectable: Bool {
        switch self {
        case .id_card, .name, .gender, .birth, .ethnicity, .hukou, .class, .migrant, .leftBehind: return true
        default: return false
        }
    }

    /// Whether the field is a code compared as text but typed as a digit run (`school = 4103030001`).
    public var isDigitCode: Bool {
        switch self {
        case .id_card, .hukou, .school, .schoolDistrict, .schoolCity, .schoolProvince: return true
        default: return false
        }
    }

    /// The fields `find` shows when no `show` clause is given.
    public static let defaultFindColumns: [StudentField] = [.no, .name, .gender, .birth, .school, .grade, .status]
}

/// The fields of a school that `find schools` can filter and order on.
public enum SchoolField: String, CaseIterable, Sendable, Hashable {
    case code, name, stage, district, city, province, students

    /// The kind of value the field holds.
    public var valueType: ValueType { self == .students ? .int : .text }
}
