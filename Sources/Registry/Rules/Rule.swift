/// A registry rule (RULES.md): every refusal names one, so administrators can look it up. The
/// rules R18–R22 apply to governed registries only; R23 (revert) to every registry.
public enum Rule: Int, CaseIterable, Sendable, Hashable, CustomStringConvertible, Comparable {
    case r1 = 1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17, r18, r19, r20, r21, r22, r23

    /// `R1` … `R23`.
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
    /// The rule's text in Chinese.
    public var chineseText: String { Rule.catalogue[Rule.allCases.firstIndex(of: self)!].chineseText }
    /// Where the rule comes from, in Chinese (`第5、6条` for `Art 5, 6`).
    public var chineseSource: String { Rule.catalogue[Rule.allCases.firstIndex(of: self)!].chineseSource }
    /// The rule's text in `language`.
    public func text(_ language: Language) -> String { language == .zh ? chineseText : text }
    /// Where the rule comes from, in `language`.
    public func source(_ language: Language) -> String { language == .zh ? chineseSource : source }

    static let catalogue: [(text: String, source: String, chineseText: String, chineseSource: String)] = [
        ("One person, one registry number: a resident ID number already registered cannot be registered again; the error names the existing number.", "Art 5, 6",
         "一人一籍：已登记的居民身份证号不能再次登记；错误信息会给出已有的学籍号。",
         "第5、6条"),
        ("A resident ID number (GB 11643) is 17 digits and a check character (ISO 7064 MOD 11-2, weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, check `10X98765432`); digits 1–6 are an administrative division code (GB/T 2260) in force at some time between the birth date and today (a code created after the birth is accepted: hukou registered late); digits 7–14 are a real birth date, not after today, that must equal `birth`; the 17th digit is odd for M, even for F. Full-width digits and `Ｘ` are read as ASCII.", "GB 11643, GB/T 2260",
         "居民身份证号（GB 11643）由 17 位数字和 1 位校验码组成（ISO 7064 MOD 11-2，权重 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2，校验码 `10X98765432`）；第 1–6 位是行政区划代码（GB/T 2260），须在出生日期到今天之间的某一时间有效（出生后才设立的代码也接受：户籍登记较晚）；第 7–14 位是真实的出生日期，不晚于今天，且须与 `birth` 相同；第 17 位男（M）为奇数，女（F）为偶数。全角数字和 `Ｘ` 按 ASCII 读取。",
         "GB 11643、GB/T 2260"),
        ("The registry number is 19 characters: `G` + the 18-character ID number; without an ID number, a temporary `L` + 6-digit hukou (or school) district + 8-digit birth date + 4-digit sequence, unique. It is issued once and never changes, whatever is corrected later, with one exception: when a student with an `L` number gets an ID number, the student is issued the `G` number and the `L` number stays an alias that still finds the student.", "Art 5; national FAQ",
         "学籍号为 19 个字符：`G` 加 18 位身份证号；没有身份证号时，发放临时学籍号：`L` 加 6 位户籍（或学校）区划代码、8 位出生日期和 4 位顺序号，不会重复。学籍号一经发放，无论以后更正什么都永不更改，只有一个例外：持 `L` 号的学生取得身份证号后，改发 `G` 号，原 `L` 号保留为别名，仍能查到该生。",
         "第5条；全国学籍系统常见问题"),
        ("A student is enrolled at one school at a time: enrolling a student who is active or suspended anywhere is refused (transfer instead).", "Art 6",
         "一名学生同一时间只在一所学校注册学籍：为在任何学校处于 active 或 suspended 状态的学生办理入学将被拒绝（应改为转学）。",
         "第6条"),
        ("The grade must belong to the school's stage: primary 1–6, junior 7–9, senior 10–12.", "stage rules",
         "年级须属于学校的学段：primary（小学）1–6，junior（初中）7–9，senior（高中）10–12。",
         "学段规定"),
        ("A grade-1 entrant must be 6 by 31 August of the entry year; outside ages 5–8 for grade 1 (and the same spread for later grades) the enrolment is refused unless it carries a `reason`.", "compulsory-education age",
         "一年级新生须在入学当年 8 月 31 日前满 6 周岁；一年级年龄不在 5–8 岁之间（以后各年级的范围依此类推）的，除非附有理由（`reason`），入学将被拒绝。",
         "义务教育入学年龄"),
        ("A transfer moves an active student to a different existing school whose stage holds the student's grade; the history keeps both schools.", "Art 14",
         "转学将一名 active 状态的学生转到另一所已有的学校，该校学段须包含该生的年级；历史记录保留两所学校。",
         "第14条"),
        ("Promotion moves an active student up one grade; a student in the final grade of the stage is not promoted (graduate instead).", "Art 12",
         "升级使 active 状态的学生升一个年级；已在本学段最高年级的学生不能升级（应办理毕业）。",
         "第12条"),
        ("Only a student in the final grade of the stage (6, 9, 12) can graduate.", "Art 13",
         "只有在本学段最高年级（6、9、12 年级）的学生才能毕业。",
         "第13条"),
        ("The next stage reuses the same registry number, and needs the previous stage graduated.", "Art 5, 9",
         "下一学段沿用同一学籍号，且须先从上一学段毕业。",
         "第5、9条"),
        ("A correction needs a reason; the old value stays in the history with who, when and why. The registry number never changes, except as R3 allows (L → G).", "Art 10",
         "更正须给出理由；旧值连同更正人、时间和理由保留在历史记录中。学籍号永不更改，R3 允许的情况（L → G）除外。",
         "第10条"),
        ("Withdrawal needs a reason; a withdrawn student of compulsory age (6–15) is listed by `check dropouts`.", "Art 22",
         "退学须给出理由；义务教育年龄（6–15 岁）的退学学生由 `check dropouts` 列出。",
         "第22条"),
        ("Suspension needs a reason; only a suspended student can resume.", "Art 11, 19",
         "休学须给出理由；只有休学的学生才能复学。",
         "第11、19条"),
        ("Every change is written to an append-only, hash-chained journal with its effective date, the time it was recorded, the actor and the reason; `verify` finds any altered or missing entry.", "Art 10, 23–26",
         "每项变更都写入只能追加、以哈希链相连的日志，记下生效日期、记录时间、操作用户和理由；`verify` 能发现任何被改动或缺失的条目。",
         "第10、23–26条"),
        ("Compulsory-stage (primary, junior) enrolment outside the hukou district is allowed but flagged; `check zoning` lists it.", "zoned enrolment",
         "义务教育学段（primary、junior）在户籍区划以外入学是允许的，但会被标出；`check zoning` 会列出。",
         "划片入学"),
        ("An event cannot be dated before the student's birth, before the student's previous event, or after today (requests included).", "timeline",
         "事件的日期不能早于学生的出生日期，不能早于该生上一个事件的日期，也不能晚于今天（申请也是如此）。",
         "时间线"),
        ("A duplicate check (`check duplicates`) lists the same ID number twice (never allowed) and likely duplicates: same name, birth date and gender with different numbers.", "Art 6",
         "查重（`check duplicates`）列出出现两次的同一身份证号（绝不允许）和疑似重复：姓名、出生日期和性别相同而学籍号不同。",
         "第6条"),
        ("Scope: in a governed registry an actor changes and sees only the schools and students in its scope (WORKFLOW.md); outside it, only the basic fields of a student in a request it is party to (WORKFLOW.md, Privacy). One exception: a school (or its bureau) may start a transfer or a next-stage enrolment into itself of a student outside its scope.", "Art 3, 4, 25",
         "管辖范围：在启用用户管理的学籍库中，用户只能修改和查看其管辖范围内的学校和学生（WORKFLOW.md）；范围之外，只能看到其参与的申请所涉学生的基本字段（WORKFLOW.md，Privacy 一节）。一个例外：学校（或其教育行政部门）可以为管辖范围外的学生发起转入本校或升入本校下一学段的申请。",
         "第3、4、25条"),
        ("Approval: a change that WORKFLOW.md lists as needing approval takes effect only when every party has approved, in the order listed; only the awaited party may approve or reject, and a rejection needs a reason.", "Art 4, 10, 14",
         "审批：WORKFLOW.md 列为需要审批的变更，须由各方按所列顺序全部审批通过后才生效；只有正在等待处理的一方可以审批或驳回，驳回须给出理由。",
         "第4、10、14条"),
        ("One open request per student: while a request for a student (or for a new child with the same ID number) is open, another request for that student is refused, so is any other change to the student but a growth record or a non-key correction, and bulk changes skip the student.", "Art 14",
         "每名学生只能有一个未办结的申请：某学生（或身份证号相同的新生）有申请未办结时，针对该生的其他申请会被拒绝；除成长记录和非关键字段的更正外，对该生的其他变更也会被拒绝，批量变更会跳过该生。",
         "第14条"),
        ("Deadlines: every step of a request is due on the 10th working day after the day the step before it was taken (the next working day is day 1; working days are Monday–Friday, less `add holiday` days, plus `add workday` days); `check overdue` lists the steps past due, and nothing else follows from being late.", "Art 14",
         "办理期限：申请的每一步须在上一步办理之日后的第 10 个工作日完成（下一个工作日为第 1 天；工作日为周一至周五，减去 `add holiday` 的节假日，加上 `add workday` 的调休日）；`check overdue` 列出已逾期的步骤，逾期不带来其他后果。",
         "第14条"),
        ("Signatures: in a governed registry every journal entry is signed by its actor's registered key; `verify` names any entry whose signature fails or whose actor was unknown or revoked when it was written.", "Art 10, 23–26; registrars' digital certificates",
         "签名：在启用用户管理的学籍库中，每个日志条目都用其操作用户登记的密钥签名；`verify` 会指出签名校验失败的条目，以及写入时操作用户未知或已吊销的条目。",
         "第10、23–26条；学籍管理员数字证书"),
        ("A revert undoes one bulk change (`promote where`, `graduate where`) by compensating events dated as the change was, with a reason; it is refused while any later event touches one of those students.", "Art 10 (修改留痕)",
         "撤销（revert）撤回一次批量变更（`promote where`、`graduate where`）：以与该变更相同的日期记录补偿事件，并须给出理由；只要之后还有事件涉及其中任何一名学生，撤销就会被拒绝。",
         "第10条（修改留痕）"),
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

    /// `warning[R15]: message`, the message in the language now in use (`warning[Rn]` stays
    /// literal in both, as `error[Rn]` does).
    public var description: String { "warning[\(rule)]: \(id.text)" }
}
