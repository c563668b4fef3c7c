import Registry

/// A value as written in a statement; it becomes a typed `Value` once its field is known.
public struct Literal: Hashable, Sendable {
    /// What was written.
    public enum Kind: Hashable, Sendable {
        /// A digit run, kept as written (leading zeros matter for codes).
        case number(String)
        /// A quoted string.
        case text(String)
        /// A date.
        case date(Day)
        /// A registry number.
        case registryNumber(String)
        /// A bare word (`M`, `active`, `primary`, `男`).
        case word(String)
    }
    /// What was written.
    public var kind: Kind
    /// The source text.
    public var text: String
    /// Where.
    public var span: SourceSpan

    /// Makes a literal.
    public init(_ kind: Kind, text: String, span: SourceSpan) { self.kind = kind; self.text = text; self.span = span }

    /// The integer, when the literal is a digit run that fits.
    public var intValue: Int? { if case .number(let d) = kind { return Int(d) } else { return nil } }

    /// The value typed for a student field: ints for number fields, text (leading zeros kept) for
    /// codes, `M`/`F` for gender, lower-cased words for status and stage.
    public func value(for field: StudentField) -> Value {
        switch field {
        case .gender: return .text(Literal.normalizedGender(plainText) ?? plainText)
        case .status, .schoolStage: return .text(Vocabulary.englishValue(plainText) ?? plainText.lowercased())
        case .migrant, .leftBehind:
            if YesNo.isUnknown(plainText) { return .null }
            return .text(YesNo(text: plainText)?.rawValue ?? plainText.lowercased())
        default: return typed(field.valueType)
        }
    }

    /// The value typed for a school field.
    public func value(for field: SchoolField) -> Value {
        field == .stage ? .text(Vocabulary.englishValue(plainText) ?? plainText.lowercased()) : typed(field.valueType)
    }

    /// The value typed for a request field: `no` is written `12` or `#12`.
    public func value(for field: RequestField) -> Value {
        if field == .no, case .word(let w) = kind, w.hasPrefix("#") { return Int(w.dropFirst()).map(Value.int) ?? .null }
        if field == .kind, let english = Vocabulary.requestKinds[plainText] { return .text(english) }
        return field == .status || field == .kind ? .text(plainText.lowercased()) : typed(field.valueType)
    }

    /// The value typed for an actor field.
    public func value(for field: ActorField) -> Value {
        field == .status || field == .level ? .text(plainText.lowercased()) : typed(field.valueType)
    }

    /// The value typed for a district field.
    public func value(for field: DistrictField) -> Value {
        field == .status ? .text(plainText.lowercased()) : typed(field.valueType)
    }

    /// The value typed for whichever field `ref` names.
    public func value(for ref: FieldRef) -> Value {
        switch ref.field {
        case .student(let f): value(for: f)
        case .school(let f): value(for: f)
        case .actor(let f): value(for: f)
        case .request(let f): value(for: f)
        case .district(let f): value(for: f)
        }
    }

    func typed(_ type: ValueType) -> Value {
        switch (type, kind) {
        case (.int, .number(let d)): return Int(d).map(Value.int) ?? .null
        case (.date, .date(let d)): return .date(d)
        case (.text, .date(let d)): return .text(d.description)
        case (.text, _): return .text(plainText)
        default: return .null
        }
    }

    /// The literal's content as text: string contents, digits, words or numbers as written.
    public var plainText: String {
        switch kind {
        case .number(let s), .text(let s), .registryNumber(let s), .word(let s): return s
        case .date(let d): return d.description
        }
    }

    /// `M`/`F` for the spellings RQL accepts (M, F, m, f, 男, 女), else nil.
    public static func normalizedGender(_ text: String) -> String? {
        switch text {
        case "M", "m", "男": return "M"
        case "F", "f", "女": return "F"
        default: return nil
        }
    }
}
