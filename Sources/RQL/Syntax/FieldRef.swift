import Registry

/// A field written in a statement; `find schools` names school fields, everything else student fields.
public struct FieldRef: Hashable, Sendable {
    /// Which catalogue the field comes from.
    public enum Field: Hashable, Sendable {
        /// A student field (`grade`, `school.name`).
        case student(StudentField)
        /// A school field, only in `find schools`.
        case school(SchoolField)
    }
    /// The field.
    public var field: Field
    /// Where it was written.
    public var span: SourceSpan

    /// The field's canonical spelling.
    public var name: String {
        switch field { case .student(let f): return f.rawValue; case .school(let f): return f.rawValue }
    }
    /// The kind of value the field holds.
    public var valueType: ValueType {
        switch field { case .student(let f): return f.valueType; case .school(let f): return f.valueType }
    }
    /// The student field, when it is one.
    public var studentField: StudentField? { if case .student(let f) = field { return f } else { return nil } }
    /// The school field, when it is one.
    public var schoolField: SchoolField? { if case .school(let f) = field { return f } else { return nil } }
}
