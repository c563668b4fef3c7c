/// One RQL statement, as the evaluator receives it.
///
/// Each payload is a struct with a `span` so the evaluator can report rule refusals
/// (`error[R5]`) at the offending clause rather than at the statement.
public indirect enum Statement: Hashable, Sendable {
    /// `add school CODE name "…" stage STAGE district CODE`
    case addSchool(AddSchool)
    /// `add actor ACTOR name "…" key "ed25519:…"` (governed registries, WORKFLOW.md)
    case addActor(AddActor)
    /// `revoke actor ACTOR reason "…"`
    case revokeActor(RevokeActor)
    /// `find actors`
    case findActors(FindList)
    /// `approve #N [reason "…"]`
    case approve(RequestStep)
    /// `reject #N reason "…"`
    case reject(RequestStep)
    /// `cancel #N`
    case cancel(RequestStep)
    /// `find requests`
    case findRequests(FindList)
    /// `find districts [where …] [order by …] [limit N]` over the GB/T 2260 table.
    case findDistricts(FindList)
    /// `add holiday DATE [to DATE] name "…"`
    case addHoliday(AddHoliday)
    /// `add workday DATE`
    case addWorkday(AddWorkday)
    /// `find schools [where] [order by] [limit]`
    case findSchools(FindList)
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
    /// `void NO reason "…" [on DATE]`: a registration made by mistake.
    case void(StatusChange)
    /// `correct NO set FIELD = VALUE, … reason "…" [on DATE]`
    case correct(Correct)
    /// `revert entry N reason "…"`: undo the bulk change journal entry N recorded (R23).
    case revert(Revert)
    /// `record NO KIND "text" [on DATE]`
    case record(Record)
    /// `confirm NO guardian "…" relation WORD [on DATE]`: the guardian checked the record (家长签字确认).
    case confirm(Confirm)
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
    /// `check KIND [where] [by] [as of]`
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

extension Statement {
    /// The whole statement's span.
    public var span: SourceSpan {
        switch self {
        case .addSchool(let s): return s.span
        case .addActor(let s): return s.span
        case .revokeActor(let s): return s.span
        case .findActors(let s), .findRequests(let s), .findDistricts(let s): return s.span
        case .approve(let s), .reject(let s), .cancel(let s): return s.span
        case .addHoliday(let s): return s.span
        case .addWorkday(let s): return s.span
        case .findSchools(let s): return s.span
        case .enrol(let s): return s.span
        case .transfer(let s): return s.span
        case .promote(let s), .graduate(let s): return s.span
        case .suspend(let s), .resume(let s), .withdraw(let s), .void(let s): return s.span
        case .correct(let s): return s.span
        case .revert(let s): return s.span
        case .record(let s): return s.span
        case .confirm(let s): return s.span
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
        case .findActors, .findRequests, .findDistricts, .findSchools, .find, .count, .show, .history, .explain, .check, .rules, .verify, .exportStudents, .exportSchools:
            return true
        default: return false
        }
    }
}
