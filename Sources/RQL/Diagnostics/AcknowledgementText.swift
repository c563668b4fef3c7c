import Registry

/// The message catalogue's acknowledgements: what a change statement says it did, each with an
/// id and its arguments, the text written here only (issue 16 adds the Chinese beside it). The
/// row for programs that follows each message is `OutputItem.acknowledgement`.
public enum AcknowledgementText: Hashable, Sendable {
    case addedSchool(code: String, name: String, stage: String, grades: ClosedRange<Int>, district: String)
    case enrolled(number: String, name: String, school: String, schoolName: String, grade: Int)
    case transferred(number: String, name: String, from: String, fromName: String, to: String, toName: String, grade: Int)
    case promotedOne(number: String, name: String, grade: Int)
    case graduatedOne(number: String, name: String, schoolName: String, stage: String)
    case reverted(entry: Int, students: Int, graduated: Bool, day: String)
    case suspended(number: String, name: String)
    case resumed(number: String, name: String)
    case withdrew(number: String, name: String)
    case voided(number: String, name: String)
    case corrected(number: String, name: String, changes: [String])
    case recorded(kind: String, number: String, name: String)
    case confirmed(number: String, name: String, guardian: String, relation: String)
    case imported(count: Int, students: Bool, file: String)
    case exported(count: Int, students: Bool, file: String)
    case addedActor(actor: String, title: String)
    case revokedActor(actor: String)
    case addedHoliday(name: String, from: String, to: String?)
    case addedWorkday(day: String)
    case requestOpened(number: Int, request: String, awaiting: String, due: String)
    case approved(number: Int, request: String, awaiting: String?, due: String?)
    case rejected(number: Int, request: String, reason: String)
    case cancelled(number: Int, request: String)
    case refused(number: Int, request: String, why: String)
    case verifyOK
    case outsideScopeBasicFields(request: Int)
    case formerStudent(left: String)
    case committed(changes: Int)
    case rolledBack(changes: Int)

    /// The English text.
    public var english: String {
        func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
        switch self {
        case .addedSchool(let code, let name, let stage, let grades, let district):
            return "added school \(code) \(name) (\(stage), grades \(grades.lowerBound)–\(grades.upperBound), district \(district))"
        case .enrolled(let n, let name, let school, let schoolName, let grade):
            return "enrolled \(n) \(name) at \(school) \(schoolName), grade \(grade)"
        case .transferred(let n, let name, let from, let fromName, let to, let toName, let grade):
            return "transferred \(n) \(name) from \(from) \(fromName) to \(to) \(toName), grade \(grade)"
        case .promotedOne(let n, let name, let grade): return "promoted \(n) \(name) to grade \(grade)"
        case .graduatedOne(let n, let name, let schoolName, let stage): return "graduated \(n) \(name) from \(schoolName) (\(stage))"
        case .reverted(let entry, let students, let graduated, let day):
            return "reverted entry \(entry): \(count(students, "student")) \(graduated ? "graduated" : "promoted") on \(day) are as they were before"
        case .suspended(let n, let name): return "suspended \(n) \(name)"
        case .resumed(let n, let name): return "resumed \(n) \(name)"
        case .withdrew(let n, let name): return "withdrew \(n) \(name)"
        case .voided(let n, let name): return "voided \(n) \(name)"
        case .corrected(let n, let name, let changes): return "corrected \(n) \(name): " + changes.joined(separator: ", ")
        case .recorded(let kind, let n, let name): return "recorded \(kind) for \(n) \(name)"
        case .confirmed(let n, let name, let guardian, let relation):
            return "confirmed \(n) \(name): the record was checked by the guardian \(guardian) (\(relation))"
        case .imported(let c, let students, let file): return "imported \(count(c, students ? "student" : "school")) from \(file)"
        case .exported(let c, let students, let file): return "exported \(count(c, students ? "student" : "school")) to \(file)"
        case .addedActor(let actor, let title): return "added actor \(actor) \(title)"
        case .revokedActor(let actor): return "revoked actor \(actor)"
        case .addedHoliday(let name, let from, let to): return "added holiday \(name) \(from)" + (to.map { " to \($0)" } ?? "")
        case .addedWorkday(let day): return "added workday \(day)"
        case .requestOpened(let n, let r, let a, let due): return "request #\(n) \(r): awaiting \(a) by \(due)"
        case .approved(let n, let r, let a, let due):
            return "approved #\(n) \(r): " + (a.map { "awaiting \($0) by \(due ?? "?")" } ?? "done")
        case .rejected(let n, let r, let reason): return "rejected #\(n) \(r): \(reason)"
        case .cancelled(let n, let r): return "cancelled #\(n) \(r)"
        case .refused(let n, let r, let why): return "refused #\(n) \(r): \(why)"
        case .verifyOK: return "verify: ok"
        case .outsideScopeBasicFields(let r): return "(outside your scope: the basic fields, while request #\(r) is open)"
        case .formerStudent(let d): return "(a former student of your scope: as they stood when they left, on \(d); read-only)"
        case .committed(let n): return "committed \(count(n, "change"))"
        case .rolledBack(let n): return "rolled back \(count(n, "change"))"
        }
    }
}

extension AcknowledgementText: Localized {
    /// The Chinese text.
    public var chinese: String {
        func stage(_ s: String) -> String { Stage(rawValue: s)?.chinese ?? s }
        func count(_ n: Int, _ students: Bool) -> String { "\(n) " + (students ? "名学生" : "所学校") }
        switch self {
        case .addedSchool(let code, let name, let stage_, let grades, let district):
            return "已添加学校 \(code) \(name)（\(stage(stage_))，\(grades.lowerBound)–\(grades.upperBound) 年级，区划 \(district)）"
        case .enrolled(let n, let name, let school, let schoolName, let grade):
            return "已入学 \(n) \(name)，\(school) \(schoolName)，\(grade) 年级"
        case .transferred(let n, let name, let from, let fromName, let to, let toName, let grade):
            return "已转学 \(n) \(name)，从 \(from) \(fromName) 转到 \(to) \(toName)，\(grade) 年级"
        case .promotedOne(let n, let name, let grade): return "已将 \(n) \(name) 升至 \(grade) 年级"
        case .graduatedOne(let n, let name, let schoolName, let stage_): return "\(n) \(name) 已从\(schoolName)（\(stage(stage_))）毕业"
        case .reverted(let entry, let students, let graduated, let day):
            return "已撤销日志条目 \(entry)：\(day) \(graduated ? "毕业" : "升级")的 \(students) 名学生已恢复原状"
        case .suspended(let n, let name): return "已休学 \(n) \(name)"
        case .resumed(let n, let name): return "已复学 \(n) \(name)"
        case .withdrew(let n, let name): return "已退学 \(n) \(name)"
        case .voided(let n, let name): return "已作废 \(n) \(name)"
        case .corrected(let n, let name, let changes): return "已更正 \(n) \(name)：" + changes.joined(separator: "，")
        case .recorded(let kind, let n, let name):
            return "已为 \(n) \(name) 记录\(GrowthKind(rawValue: kind).map(Vocabulary.chinese) ?? " \(kind)")"
        case .confirmed(let n, let name, let guardian, let relation):
            return "已确认 \(n) \(name)：监护人 \(guardian)（\(relation)）已核对并签字"
        case .imported(let c, let students, let file): return "已从 \(file) 导入 \(count(c, students))"
        case .exported(let c, let students, let file): return "已导出 \(count(c, students)) 到 \(file)"
        case .addedActor(let actor, let title): return "已添加用户 \(actor) \(title)"
        case .revokedActor(let actor): return "已吊销用户 \(actor)"
        case .addedHoliday(let name, let from, let to): return "已添加节假日 \(name) \(from)" + (to.map { " 至 \($0)" } ?? "")
        case .addedWorkday(let day): return "已添加调休日 \(day)"
        case .requestOpened(let n, let r, let a, let due): return "申请 #\(n) \(r)：等待 \(a) 于 \(due) 前审批"
        case .approved(let n, let r, let a, let due):
            return "已审批 #\(n) \(r)：" + (a.map { "等待 \($0) 于 \(due ?? "?") 前审批" } ?? "已办结")
        case .rejected(let n, let r, let reason): return "已驳回 #\(n) \(r)：\(reason)"
        case .cancelled(let n, let r): return "已撤回 #\(n) \(r)"
        case .refused(let n, let r, let why): return "#\(n) \(r) 未能执行：\(why)"
        case .verifyOK: return "校验：通过"
        case .outsideScopeBasicFields(let r): return "（不在你的管辖范围内：申请 #\(r) 办理期间只显示基本字段）"
        case .formerStudent(let d): return "（曾在你管辖范围内的学生：\(d) 离开时的记录，只读）"
        case .committed(let n): return "已提交 \(n) 项更改"
        case .rolledBack(let n): return "已回滚 \(n) 项更改"
        }
    }
}

extension OutputItem {
    /// A change's message, from the catalogue.
    public static func said(_ text: AcknowledgementText) -> OutputItem { .message(text.text) }
}
