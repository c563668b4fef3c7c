/// A student's record as of some day: what `show`, queries and checks read.
///
/// A value copy of the compact stored row, with codes resolved to typed values.
public struct Student: Sendable, Hashable {
    /// Handle of the stored row (stable for the life of the store).
    public var id: StudentID
    /// The registry number (R3), never changed.
    public var number: RegistryNumber
    /// The resident ID number, when the student has one.
    public var idCard: IDCardNumber?
    /// Name as registered.
    public var name: String
    /// M or F.
    public var gender: Gender
    /// Date of birth.
    public var birth: Day
    /// Ethnicity (民族), e.g. 汉族; empty when not given.
    public var ethnicity: String
    /// Household registration district (户籍), when given.
    public var hukou: DistrictCode?
    /// Index of the current (or last) school in the store's school table.
    public var schoolIndex: Int
    /// Current grade.
    public var grade: Int
    /// Class number, when given.
    public var klass: Int?
    /// Where the student stands.
    public var status: Status
    /// Date of the current enrolment.
    public var enrolledOn: Day
    /// Date the current status began (for suspensions longer than a year).
    public var statusSince: Day
    /// 随迁子女: lives and studies where the parents work, away from the hukou; nil when not known.
    public var migrant: YesNo? = nil
    /// 留守儿童: both parents (or the only one) work away from home; nil when not known.
    public var leftBehind: YesNo? = nil
}

/// A handle on a stored student row: an index, so lookups cost no hashing of strings.
public struct StudentID: Hashable, Sendable, Comparable {
    /// Row index in the store.
    public let index: Int32
    /// Wraps a row index.
    public init(_ index: Int32) { self.index = index }
    /// Orders by row (insertion order).
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// What a new person brings to a first enrolment.
public struct NewStudent: Sendable, Equatable {
    /// Name (required, Chinese text).
    public var name: String
    /// M or F.
    public var gender: Gender
    /// Date of birth.
    public var birth: Day
    /// Resident ID number text; nil issues a temporary L number (R3).
    public var idCard: String?
    /// Ethnicity; empty when not given.
    public var ethnicity: String
    /// Hukou district, when given.
    public var hukou: DistrictCode?
    /// 随迁子女, when known.
    public var migrant: YesNo?
    /// 留守儿童, when known.
    public var leftBehind: YesNo?

    /// Makes the details of a new person.
    public init(name: String, gender: Gender, birth: Day, idCard: String? = nil, ethnicity: String = "", hukou: DistrictCode? = nil,
                migrant: YesNo? = nil, leftBehind: YesNo? = nil) {
        self.name = name; self.gender = gender; self.birth = birth; self.idCard = idCard
        self.ethnicity = ethnicity; self.hukou = hukou; self.migrant = migrant; self.leftBehind = leftBehind
    }
}
