import Registry

/// `enrol`: a new student, or an existing registry number entering its next stage (R10).
public struct Enrol: Hashable, Sendable {
    /// Who is enrolled.
    public enum Target: Hashable, Sendable {
        /// A new person: name, gender, birth and optionally id_card, ethnicity, hukou.
        case newStudent([Assignment])
        /// An existing registry number (next stage, same number).
        case existing(Located<String>)
    }
    /// Who is enrolled.
    public var target: Target
    /// The school code after `at`.
    public var school: Located<String>
    /// The grade after `grade`.
    public var grade: Located<Int>
    /// `class N`.
    public var classNumber: Located<Int>?
    /// `on DATE` (default: today).
    public var on: Located<Day>?
    /// `reason "…"` (lets R6 age exceptions through).
    public var reason: Located<String>?
    /// The whole statement.
    public var span: SourceSpan

    /// The assignment for `field` of a new student, if written.
    public func assignment(_ field: StudentField) -> Assignment? {
        if case .newStudent(let list) = target { return list.first { $0.field == field } }
        return nil
    }
}

/// `transfer NO to SCHOOL [grade N] [on DATE] [reason "…"]`.
public struct Transfer: Hashable, Sendable {
    /// The student.
    public var number: Located<String>
    /// The new school's code.
    public var school: Located<String>
    /// A new grade, when the transfer changes it.
    public var grade: Located<Int>?
    /// Effective date.
    public var on: Located<Day>?
    /// Why.
    public var reason: Located<String>?
    /// The whole statement.
    public var span: SourceSpan
}

/// Who `promote`/`graduate` act on.
public enum StudentTarget: Hashable, Sendable {
    /// One student.
    case student(Located<String>)
    /// Every student matching (bulk form: reports changed and skipped counts).
    case matching(Expr)
}

/// `promote` and `graduate`.
public struct StageChange: Hashable, Sendable {
    /// Who.
    public var target: StudentTarget
    /// Effective date.
    public var on: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `suspend`, `resume` and `withdraw`.
public struct StatusChange: Hashable, Sendable {
    /// The student.
    public var number: Located<String>
    /// Why (always present for suspend and withdraw).
    public var reason: Located<String>?
    /// Effective date.
    public var on: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `correct NO set … reason "…"`.
public struct Correct: Hashable, Sendable {
    /// The student (the number itself never changes: R3).
    public var number: Located<String>
    /// The corrections; only correctable fields, each at most once.
    public var assignments: [Assignment]
    /// Why (R11).
    public var reason: Located<String>
    /// Effective date.
    public var on: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `record NO KIND "text" [on DATE]`.
public struct Record: Hashable, Sendable {
    /// The student.
    public var number: Located<String>
    /// What is recorded.
    public var kind: Located<RecordKind>
    /// The text of the record.
    public var text: Located<String>
    /// Effective date.
    public var on: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `find [students] …`.
public struct Find: Hashable, Sendable {
    /// Filter.
    public var whereClause: Expr?
    /// Columns from `show`; empty means the defaults.
    public var show: [FieldRef]
    /// Sort keys.
    public var orderBy: [OrderKey]
    /// Row limit.
    public var limit: Located<Int>?
    /// Answer as the registry stood at the end of this day.
    public var asOf: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan

    /// The columns to show: `show`'s, or `StudentField.defaultFindColumns`.
    public var columns: [StudentField] {
        show.isEmpty ? StudentField.defaultFindColumns : show.compactMap(\.studentField)
    }
}

/// `count [students] [where] [by …] [as of]`.
public struct Count: Hashable, Sendable {
    /// Filter.
    public var whereClause: Expr?
    /// Grouping fields.
    public var by: [FieldRef]
    /// Answer as of this day.
    public var asOf: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `show NO [as of DATE]`.
public struct Show: Hashable, Sendable {
    /// The student.
    public var number: Located<String>
    /// Answer as of this day.
    public var asOf: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `history NO`.
public struct History: Hashable, Sendable {
    /// The student.
    public var number: Located<String>
    /// The whole statement.
    public var span: SourceSpan
}

/// `explain STATEMENT`.
public struct Explain: Hashable, Sendable {
    /// The statement whose plan is wanted.
    public var statement: Statement
    /// The whole statement.
    public var span: SourceSpan
}

/// `check KIND [where EXPR] [as of DATE]`.
public struct Check: Hashable, Sendable {
    /// Which check.
    public var kind: Located<CheckKind>
    /// Restricts the students considered.
    public var whereClause: Expr?
    /// Answer as of this day.
    public var asOf: Located<Day>?
    /// The whole statement.
    public var span: SourceSpan
}

/// `import students|schools from "FILE"`.
public struct Import: Hashable, Sendable {
    /// The CSV file.
    public var path: Located<String>
    /// The whole statement.
    public var span: SourceSpan
}

/// `export students|schools to "FILE" [where EXPR]`.
public struct Export: Hashable, Sendable {
    /// The CSV file.
    public var path: Located<String>
    /// Filter (students only).
    public var whereClause: Expr?
    /// The whole statement.
    public var span: SourceSpan
}

extension Statement {
    /// The whole statement's span.
    public var span: SourceSpan {
        switch self {
        case .addSchool(let s): return s.span
        case .findSchools(let s): return s.span
        case .enrol(let s): return s.span
        case .transfer(let s): return s.span
        case .promote(let s), .graduate(let s): return s.span
        case .suspend(let s), .resume(let s), .withdraw(let s): return s.span
        case .correct(let s): return s.span
        case .record(let s): return s.span
        case .find(let s): return s.span
        case .count(let s): return s.span
        case .show(let s): return s.span
        case .history(let s): return s.span
        case .explain(let s): return s.span
        case .check(let s): return s.span
        case .rules(let s), .verify(let s), .begin(let s), .commit(let s), .rollback(let s): return s.span
        case .importStudents(let s), .importSchools(let s): return s.span
        case .exportStudents(let s), .exportSchools(let s): return s.span
        }
    }

    /// Whether the statement only reads (the shell's `--read-only` and `explain` use it).
    public var isQuery: Bool {
        switch self {
        case .findSchools, .find, .count, .show, .history, .explain, .check, .rules, .verify, .exportStudents, .exportSchools:
            return true
        default: return false
        }
    }
}
