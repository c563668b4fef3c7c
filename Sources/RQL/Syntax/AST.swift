import Registry

/// A value together with where it was written, so the evaluator can point at it when a rule refuses it.
public struct Located<T: Hashable & Sendable>: Hashable, Sendable {
    /// The value.
    public var value: T
    /// Where it was written.
    public var span: SourceSpan
    /// Wraps a value with its span.
    public init(_ value: T, _ span: SourceSpan) { self.value = value; self.span = span }
}

/// One RQL statement, as the evaluator receives it.
///
/// Each payload is a struct with a `span` so the evaluator can report rule refusals
/// (`error[R5]`) at the offending clause rather than at the statement.
public indirect enum Statement: Hashable, Sendable {
    /// `add school CODE name "…" stage STAGE district CODE`
    case addSchool(AddSchool)
    /// `find schools [where] [order by] [limit]`
    case findSchools(FindSchools)
    /// `enrol …` a new student or an existing one into the next stage.
    case enrol(Enrol)
    /// `transfer NO to SCHOOL …`
    case transfer(Transfer)
    /// `promote NO | promote where EXPR [on DATE]`
    case promote(StageChange)
    /// `graduate NO | graduate where EXPR [on DATE]`
    case graduate(StageChange)
    /// `suspend NO reason "…" [on DATE]` (reason always present: R13).
    case suspend(StatusChange)
    /// `resume NO [on DATE]`
    case resume(StatusChange)
    /// `withdraw NO reason "…" [on DATE]` (reason always present: R12).
    case withdraw(StatusChange)
    /// `correct NO set FIELD = VALUE, … reason "…" [on DATE]`
    case correct(Correct)
    /// `record NO KIND "text" [on DATE]`
    case record(Record)
    /// `find [students] …`
    case find(Find)
    /// `count [students] …`
    case count(Count)
    /// `show NO [as of DATE]`
    case show(Show)
    /// `history NO`
    case history(History)
    /// `explain STATEMENT`
    case explain(Explain)
    /// `check KIND [where] [as of]`
    case check(Check)
    /// `rules`
    case rules(Bare)
    /// `verify`
    case verify(Bare)
    /// `begin`
    case begin(Bare)
    /// `commit`
    case commit(Bare)
    /// `rollback`
    case rollback(Bare)
    /// `import students from "FILE"`
    case importStudents(Import)
    /// `import schools from "FILE"`
    case importSchools(Import)
    /// `export students to "FILE" [where EXPR]`
    case exportStudents(Export)
    /// `export schools to "FILE"`
    case exportSchools(Export)
}

/// A statement the parser accepted, with where it came from so the shell can echo or log it.
public struct ParsedStatement: Hashable, Sendable {
    /// The statement.
    public var statement: Statement
    /// From its first to its last token (terminator excluded).
    public var span: SourceSpan
    /// Its source text (the span's text).
    public var text: String
    /// Makes one.
    public init(statement: Statement, span: SourceSpan, text: String) {
        self.statement = statement; self.span = span; self.text = text
    }
}

/// A school's stage; it fixes the grades the school may hold (R5).
public enum SchoolStage: String, Hashable, Sendable, CaseIterable {
    case primary, junior, senior

    /// The grades of the stage: primary 1–6, junior 7–9, senior 10–12.
    public var grades: ClosedRange<Int> {
        switch self {
        case .primary: return 1...6
        case .junior: return 7...9
        case .senior: return 10...12
        }
    }
}

/// What `record` adds to a student's file.
public enum RecordKind: String, Hashable, Sendable, CaseIterable {
    case award, activity, aid, health, talent
}

/// Which list `check` produces.
public enum CheckKind: String, Hashable, Sendable, CaseIterable {
    case duplicates, dropouts, zoning, migration
}

/// Statements that are a keyword alone (`rules`, `verify`, `begin`, `commit`, `rollback`).
public struct Bare: Hashable, Sendable {
    /// The keyword.
    public var span: SourceSpan
    /// Makes one.
    public init(span: SourceSpan) { self.span = span }
}

/// `add school`.
public struct AddSchool: Hashable, Sendable {
    /// The school code, as written (text so leading zeros survive).
    public var code: Located<String>
    /// The school's name.
    public var name: Located<String>
    /// Its stage.
    public var stage: Located<SchoolStage>
    /// Its 6-digit district code, as text.
    public var district: Located<String>
    /// The whole statement.
    public var span: SourceSpan
}

/// `find schools`.
public struct FindSchools: Hashable, Sendable {
    /// Filter over `SchoolField`s.
    public var whereClause: Expr?
    /// Sort keys over `SchoolField`s.
    public var orderBy: [OrderKey]
    /// Row limit.
    public var limit: Located<Int>?
    /// The whole statement.
    public var span: SourceSpan
}

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

/// One `order by` key.
public struct OrderKey: Hashable, Sendable {
    /// The field to sort on.
    public var field: FieldRef
    /// `desc` was written.
    public var descending: Bool
    /// Field and direction.
    public var span: SourceSpan
}

/// `FIELD = VALUE` in `enrol` and `correct`.
public struct Assignment: Hashable, Sendable {
    /// The field set.
    public var field: StudentField
    /// Where the field name was written.
    public var fieldSpan: SourceSpan
    /// The value as written.
    public var literal: Literal
    /// The whole assignment.
    public var span: SourceSpan
    /// The value, typed for the field (gender normalised to M/F, digit runs as text for codes).
    public var value: Value { literal.value(for: field) }
}
