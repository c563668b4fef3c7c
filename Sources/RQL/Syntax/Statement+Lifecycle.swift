import Registry

/// The payloads of statements that change the registry.
extension Statement {
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

    /// `add actor`.
    public struct AddActor: Hashable, Sendable {
        /// `county:410303`, as written.
        public var actor: Located<String>
        /// What the actor is called.
        public var name: Located<String>
        /// `ed25519:BASE64`.
        public var key: Located<String>
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `approve`, `reject` or `cancel` a request.
    public struct RequestStep: Hashable, Sendable {
        /// Which step.
        public enum Action: String, Hashable, Sendable { case approve, reject, cancel }
        /// `#12`, as written.
        public var number: Located<String>
        /// Why (required to reject).
        public var reason: Located<String>?
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `add holiday DATE [to DATE] name "…"`.
    public struct AddHoliday: Hashable, Sendable {
        public var from: Located<Day>
        public var to: Located<Day>?
        public var name: Located<String>
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `add workday DATE`.
    public struct AddWorkday: Hashable, Sendable {
        public var day: Located<Day>
        /// The whole statement.
        public var span: SourceSpan
    }

    /// `revoke actor`.
    public struct RevokeActor: Hashable, Sendable {
        /// The actor revoked, as written.
        public var actor: Located<String>
        /// Why (always given).
        public var reason: Located<String>
        /// The whole statement.
        public var span: SourceSpan
    }

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

    /// `revert entry N reason "…"`.
    public struct Revert: Hashable, Sendable {
        /// The journal entry the bulk change became.
        public var entry: Located<Int>
        /// Why (required, R23).
        public var reason: Located<String>
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

    /// What `record` adds to a student's file.
    public enum RecordKind: String, Hashable, Sendable, CaseIterable {
        case award, activity, aid, health, talent
    }

    /// `confirm NO guardian "…" relation WORD [on DATE]`.
    public struct Confirm: Hashable, Sendable {
        /// The student.
        public var number: Located<String>
        /// The guardian's name.
        public var guardian: Located<String>
        /// The guardian's relation to the student (父亲, 母亲, …), a word or a quoted text.
        public var relation: Located<String>
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
}
