/// A registry rule (RULES.md): every refusal names one, so administrators can look it up. The
/// rules R18–R22 apply to governed registries only; R23 (revert) to every registry.
public enum Rule: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible, Comparable {
    case r1 = 1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23

    /// `R1` … `R17`.
    public var id: String { "R\(rawValue)" }
    /// Same as `id`, so `"\(rule)"` reads naturally in messages.
    public var description: String { id }

    /// Parses `R7` / `r7`.
    public init?(id: String) {
        guard id.count >= 2, id.first == "R" || id.first == "r", let n = Int(id.dropFirst()),
              let r = Rule(rawValue: n) else { return nil }
        self = r
    }

    /// Orders by number, so R2 comes before R10.
    public static func < (a: Rule, b: Rule) -> Bool { a.rawValue < b.rawValue }

    /// The rule's text, as in RULES.md.
    public var text: String { Rule.catalogue[Rule.allCases.firstIndex(of: self)!].text }
    /// Where the rule comes from (article of 《中小学生学籍管理办法》 or standard).
    public var source: String { Rule.catalogue[Rule.allCases.firstIndex(of: self)!].source }

    static let catalogue: [(text: String, source: String)] = [
        ("One person, one registry number: a resident ID number already registered cannot be registered again; the error names the existing number.", "Art 5, 6"),
        ("A resident ID number (GB 11643) is 17 digits and a check character (ISO 7064 MOD 11-2, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check `10X98765432`); digits 1–6 are an administrative division code (GB/T 2260) in force at some time between the birth date and today (a code created after the birth is accepted: hukou registered late); digits 7–14 are a real birth date, not after today, that must equal `birth`; the 17th digit is odd for M, even for F. Full-width digits and `Ｘ` are read as ASCII.", "GB 11643, GB/T 2260"),
        ("The registry number is 19 characters: `G` + the 18-character ID number; without an ID number, a temporary `L` + 6-digit hukou (or school) district + 8-digit birth date + 4-digit sequence, unique. It is issued once and never changes, whatever is corrected later, with one exception: when a student with an `L` number gets an ID number, the student is issued the `G` number and the `L` number stays an alias that still finds the student.", "Art 5; national FAQ"),
        ("A student is enrolled at one school at a time: enrolling a student who is active or suspended anywhere is refused (transfer instead).", "Art 6"),
        ("The grade must belong to the school's stage: primary 1–6, junior 7–9, senior 10–12.", "stage rules"),
        ("A grade-1 entrant must be 6 by 31 August of the entry year; outside ages 5–8 for grade 1 (and the same spread for later grades) the enrolment is refused unless it carries a `reason`.", "compulsory-education age"),
        ("A transfer moves an active student to a different existing school whose stage holds the student's grade; the history keeps both schools.", "Art 14"),
        ("Promotion moves an active student up one grade; a student in the final grade of the stage is not promoted (graduate instead).", "Art 12"),
        ("Only a student in the final grade of the stage (6, 9, 12) can graduate.", "Art 13"),
        ("The next stage reuses the same registry number, and needs the previous stage graduated.", "Art 5, 9"),
        ("A correction needs a reason; the old value stays in the history with who, when and why. The registry number never changes, except as R3 allows (L → G).", "Art 10"),
        ("Withdrawal needs a reason; a withdrawn student of compulsory age (6–15) is listed by `check dropouts`.", "Art 22"),
        ("Suspension needs a reason; only a suspended student can resume.", "Art 11, 19"),
        ("Every change is written to an append-only, hash-chained journal with its effective date, the time it was recorded, the actor and the reason; `verify` finds any altered or missing entry.", "Art 10, 23–26"),
        ("Compulsory-stage (primary, junior) enrolment outside the hukou district is allowed but flagged; `check zoning` lists it.", "zoned enrolment"),
        ("An event cannot be dated before the student's birth, before the student's previous event, or after today (requests included).", "timeline"),
        ("A duplicate check (`check duplicates`) lists the same ID number twice (never allowed) and likely duplicates: same name, birth date and gender with different numbers.", "Art 6"),
        ("Scope: in a governed registry an actor changes and sees only the schools and students in its scope (WORKFLOW.md); outside it, only the basic fields of a student in a request it is party to (WORKFLOW.md, Privacy). One exception: a school (or its bureau) may start a transfer or a next-stage enrolment into itself of a student outside its scope.", "Art 3, 4, 25"),
        ("Approval: a change that WORKFLOW.md lists as needing approval takes effect only when every party has approved, in the order listed; only the awaited party may approve or reject, and a rejection needs a reason.", "Art 4, 10, 14"),
        ("One open request per student: while a request for a student (or for a new child with the same ID number) is open, another request for that student is refused, so is any other change to the student but a growth record or a non-key correction, and bulk changes skip the student.", "Art 14"),
        ("Deadlines: every step of a request is due on the 10th working day after the day the step before it was taken (the next working day is day 1; working days are Monday–Friday, less `add holiday` days, plus `add workday` days); `check overdue` lists the steps past due, and nothing else follows from being late.", "Art 14"),
        ("Signatures: in a governed registry every journal entry is signed by its actor's registered key; `verify` names any entry whose signature fails or whose actor was unknown or revoked when it was written.", "Art 10, 23–26; registrars' digital certificates"),
        ("A revert undoes one bulk change (`promote where`, `graduate where`) by compensating events dated as the change was, with a reason; it is refused while any later event touches one of those students.", "Art 10 (修改留痕)"),
    ]
}

/// The engine's one error type: what was refused, by which rule, and why.
///
/// A refused operation changes nothing; the message is written for an administrator.
public struct RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that refused the operation, or nil for a plain failure (unknown number, bad input).
    public var rule: Rule?
    /// What went wrong, as an entry of the engine's message catalogue.
    public var id: EngineMessage
    /// For a refused text (`TextRules`): the field and the character the message is about.
    public var textPosition: TextPosition?

    /// The English text, e.g. `ID number 410303200703150012 is already registered as G410303200703150012`.
    public var message: String { id.english }

    /// Makes an error from a catalogue entry.
    public init(_ rule: Rule?, _ id: EngineMessage) { self.rule = rule; self.id = id }

    /// `error[R4]: message` or `error: message`.
    public var description: String { rule.map { "error[\($0)]: \(message)" } ?? "error: \(message)" }
}

/// Something a rule flags but allows (R15: enrolment outside the hukou district): the change
/// is made, and the warning says which rule noticed and why.
public struct RegistryWarning: Sendable, Equatable, CustomStringConvertible {
    /// The rule that flagged the change; a warning always has one.
    public var rule: Rule
    /// What is worth knowing, as an entry of the engine's message catalogue.
    public var id: EngineMessage

    /// The English text.
    public var message: String { id.english }

    /// Makes a warning from a catalogue entry.
    public init(_ rule: Rule, _ id: EngineMessage) { self.rule = rule; self.id = id }

    /// `warning[R15]: message`.
    public var description: String { "warning[\(rule)]: \(message)" }
}
