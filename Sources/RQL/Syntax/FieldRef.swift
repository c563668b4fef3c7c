import Registry

/// A field written in a statement; `find schools|actors|requests|districts` name the
/// fields of what they list, everything else student fields.
public struct FieldRef: Hashable, Sendable {
    /// Which catalogue the field comes from.
    public enum Field: Hashable, Sendable {
        /// A student field (`grade`, `school.name`).
        case student(StudentField)
        /// A school field, only in `find schools`.
        case school(SchoolField)
        /// An actor field, only in `find actors`.
        case actor(ActorField)
        /// A request field, only in `find requests`.
        case request(RequestField)
        /// A district field, only in `find districts`.
        case district(DistrictField)
    }

    /// The catalogues a statement reads its fields from.
    public enum Catalogue: Sendable {
        case students, schools, actors, requests, districts

        /// Every field's spelling, for suggestions and completion.
        public var names: [String] {
            switch self {
            case .students: StudentField.allCases.map(\.rawValue)
            case .schools: SchoolField.allCases.map(\.rawValue)
            case .actors: ActorField.allCases.map(\.rawValue)
            case .requests: RequestField.allCases.map(\.rawValue)
            case .districts: DistrictField.allCases.map(\.rawValue)
            }
        }

        /// The field a Chinese name names in this catalogue (学段 is `school.stage` among the
        /// students' fields, `stage` among the schools').
        public func field(chinese word: String) -> Field? {
            switch self {
            case .students: Vocabulary.studentFields.first { $0.value.contains(word) }.map { Field.student($0.key) }
            case .schools: Vocabulary.schoolFields.first { $0.value.contains(word) }.map { Field.school($0.key) }
            case .districts: Vocabulary.districtFields.first { $0.value.contains(word) }.map { Field.district($0.key) }
            case .actors, .requests: nil
            }
        }

        /// The field spelt `word`, if this catalogue has one.
        public func field(_ word: String) -> Field? {
            switch self {
            case .students: StudentField(rawValue: word).map(Field.student)
            case .schools: SchoolField(rawValue: word).map(Field.school)
            case .actors: ActorField(rawValue: word).map(Field.actor)
            case .requests: RequestField(rawValue: word).map(Field.request)
            case .districts: DistrictField(rawValue: word).map(Field.district)
            }
        }
    }
    /// The field.
    public var field: Field
    /// Where it was written.
    public var span: SourceSpan

    /// The field's canonical spelling.
    public var name: String {
        switch field {
        case .student(let f): f.rawValue
        case .school(let f): f.rawValue
        case .actor(let f): f.rawValue
        case .request(let f): f.rawValue
        case .district(let f): f.rawValue
        }
    }
    /// The kind of value the field holds.
    public var valueType: ValueType {
        switch field {
        case .student(let f): f.valueType
        case .school(let f): f.valueType
        case .actor(let f): f.valueType
        case .request(let f): f.valueType
        case .district(let f): f.valueType
        }
    }
    /// The student field, when it is one.
    public var studentField: StudentField? { if case .student(let f) = field { return f } else { return nil } }
    /// The school field, when it is one.
    public var schoolField: SchoolField? { if case .school(let f) = field { return f } else { return nil } }
    /// The actor field, when it is one.
    public var actorField: ActorField? { if case .actor(let f) = field { return f } else { return nil } }
    /// The request field, when it is one.
    public var requestField: RequestField? { if case .request(let f) = field { return f } else { return nil } }
    /// The district field, when it is one.
    public var districtField: DistrictField? { if case .district(let f) = field { return f } else { return nil } }
}
