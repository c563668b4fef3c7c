import Registry

/// The message catalogue's result texts: table footers, the reasons the checks give, the
/// bulk changes' summaries, verify's lines and the one-line descriptions of requests, each an
/// id with its arguments, the English written here only (issue 16 adds the Chinese beside it).
public indirect enum ResultText: Hashable, Sendable {
    /// `3 students`, `1 request step`.
    case count(Int, Noun)
    /// A `count … limit N` footer: the first N of the groups, and the students in all.
    case firstGroups(limit: Int, groups: Int, students: Int)
    /// `N students skipped` under a preview's table of refusals.
    case skippedStudents(Int)

    // The checks' reasons.
    /// Dropouts: withdrawn at compulsory age.
    case dropoutWithdrawn(on: Day, ageThen: Int, ageNow: Int)
    /// Dropouts: suspended for more than a year.
    case dropoutSuspended(since: Day, age: Int)
    /// Zoning (R15): hukou and school districts differ.
    case zoningHukou(hukou: DistrictCode, school: DistrictCode)
    /// Migration: hukou province and school province differ.
    case migrationHukouProvince(hukou: String, school: String)
    /// Migration: transferred in from another province during senior stage.
    case migrationTransferredIn(on: Day, province: String, schoolName: String)
    /// Several migration reasons of one student.
    case reasons([ResultText])
    /// Duplicates (R17): one ID number under several registry numbers.
    case duplicateID(id: IDCardNumber, numbers: Int)
    /// Duplicates (R17): same name, birth date and gender under several numbers.
    case duplicatePerson(numbers: Int)
    /// Unconfirmed: registered on a day, no guardian's confirmation since.
    case awaitingSinceRegistration(on: Day)
    /// Unconfirmed: key fields corrected on a day, no guardian's confirmation since.
    case awaitingSinceCorrection(on: Day, fields: [String])
    /// A confirmation in the history: the guardian and the relation.
    case guardianConfirmed(guardian: String, relation: String)

    // Bulk changes.
    /// `promoted 120, skipped 3 (R8)`: the count changed, then those skipped per rule.
    case bulk(BulkVerb, changed: Int, skipped: [Rule: Int])
    /// A bulk change's journal entry, for `revert entry N`.
    case journalEntry(Int)
    /// After a preview.
    case nothingChanged
    /// Under a table with no rows.
    case noRows
    /// The label of a counts table's last row.
    case total

    // verify's lines.
    /// Indexes re-checked.
    case verifyIndexes(students: Int, events: Int)
    /// The journal re-walked.
    case verifyJournal(entries: Int)
    /// The registry rebuilt from the journal and compared.
    case verifyReplay(students: Int, events: Int)
    /// An in-memory registry has no journal.
    case verifyNoJournal
    /// `verify` on a registry a database server keeps: where its journal is, and that the
    /// server's tables agree with it.
    case verifyServer(address: String)
    /// The chains by province after their anchor: each province's code (0: national) and entries.
    case verifyProvinceChains(anchor: UInt64, provinces: [Int], entries: [Int])
    /// The first damaged journal entry.
    case firstBadEntry(sequence: Int, effective: String?, kind: String?)

    // Requests, in one line (`find requests`' request column, acknowledgements).
    /// A transfer request.
    case requestTransfer(who: String, from: String, to: String)
    /// An enrolment request.
    case requestEnrol(kind: String, who: String, school: String, grade: Int)
    /// An import request.
    case requestImport(students: Int, file: String, school: String)
    /// A correction request.
    case requestCorrect(who: String, changes: [String])
    /// Any other request: its kind and student.
    case requestOther(kind: String, who: String)

    // explain's lines.
    /// What a plan is for: `find students`, `bulk change`, `check dropouts`.
    case planFor(PlanSubject)
    /// The access a plan chose: an index lookup with its estimate.
    case planIndex(lookup: String, rows: Int)
    /// The access a plan chose: a scan of every student, folding histories back to a day.
    case planScan(students: Int, asOf: Day?)
    /// `  access: …`.
    case planAccess(ResultText)
    /// Another lookup the planner weighed.
    case planConsidered(lookup: String, rows: Int)
    /// Rows re-checked against the where clause.
    case planFilter
    /// The order of a find.
    case planOrder(keys: [String])
    /// The limit of a find.
    case planLimit(Int)
    /// The grouping of a count.
    case planGroup(fields: [String])
    /// find schools scans them all.
    case planSchools(count: Int)
    /// A statement about one student.
    case planOneStudent
    /// A first enrolment looks up the ID number (R1).
    case planEnrolNew
    /// Enrolling a registered student looks up its number.
    case planEnrolExisting
    /// A statement that looks up no students.
    case planNone
    /// `  answered by: PostgreSQL …` (a query the server answers itself).
    case planServer(server: String)
    /// `  sql: …`, the statement sent.
    case planStatement(String)
    /// `  server's plan:` and its lines.
    case planServerPlan(lines: [String])
    /// `  groups: …`, the duplicate groups a server forms.
    case planDuplicateGroups
    case planCheckCandidates
    /// `  students: … a part of N at a time`: a statement over more students than a session fetches at once.
    case planInParts(size: Int)
    /// `  history: …`, a student's history a server reads.
    case planHistory
    /// `  answered in memory: …` on a backend whose server does not take the query now.
    case planInMemory

    /// What an explained plan serves.
    public enum PlanSubject: Hashable, Sendable {
        case find, count, bulkChange, exportStudents
        case check(String)
    }

    /// What a table counts.
    public enum Noun: String, Hashable, Sendable {
        case student, row, school, actor, request, event, group, enrolment, change, district
        case requestStep = "request step"
        case possibleDropout = "possible dropout"
        case studentInDuplicateGroups = "student in duplicate groups"
        case enrolmentOutsideHukou = "enrolment outside the hukou district"
        case seniorToReview = "senior student to review"
        case recordAwaitingConfirmation = "record awaiting its guardian's confirmation"

        var englishPlural: String {
            switch self {
            case .recordAwaitingConfirmation: "records awaiting their guardians' confirmation"
            case .studentInDuplicateGroups: "students in duplicate groups"
            case .enrolmentOutsideHukou: "enrolments outside the hukou district"
            case .seniorToReview: "senior students to review"
            default: rawValue + "s"
            }
        }

        /// What a count of them says after the number, measure word first: `名学生`, `所学校`.
        var chinese: String {
            switch self {
            case .student: "名学生"
            case .row: "行"
            case .school: "所学校"
            case .actor: "个用户"
            case .request: "个申请"
            case .event: "条事件"
            case .group: "组"
            case .enrolment: "条入学记录"
            case .change: "项更改"
            case .district: "个区划"
            case .requestStep: "条申请步骤"
            case .possibleDropout: "名疑似辍学学生"
            case .studentInDuplicateGroups: "名重复组中的学生"
            case .enrolmentOutsideHukou: "条户籍区划以外的入学记录"
            case .seniorToReview: "名待复核的高中学生"
            case .recordAwaitingConfirmation: "名学生的信息待监护人确认"
            }
        }

        /// The noun alone (`'grade' 不是申请的字段`).
        var chineseName: String {
            switch self {
            case .student: "学生"
            case .row: "行"
            case .school: "学校"
            case .actor: "用户"
            case .request: "申请"
            case .event: "事件"
            case .group: "组"
            case .enrolment: "入学记录"
            case .change: "更改"
            case .district: "区划"
            case .requestStep: "申请步骤"
            case .possibleDropout: "疑似辍学学生"
            case .studentInDuplicateGroups: "重复组中的学生"
            case .enrolmentOutsideHukou: "户籍区划以外的入学记录"
            case .seniorToReview: "待复核的高中学生"
            case .recordAwaitingConfirmation: "信息待监护人确认的学生"
            }
        }
    }

    /// What a bulk change did, or would do.
    public enum BulkVerb: Hashable, Sendable {
        case promoted, graduated, wouldPromote, wouldGraduate

        var english: (verb: String, skipped: String) {
            switch self {
            case .promoted: ("promoted", "skipped")
            case .graduated: ("graduated", "skipped")
            case .wouldPromote: ("would promote", "skip")
            case .wouldGraduate: ("would graduate", "skip")
            }
        }

        var chinese: (verb: String, skipped: String) {
            switch self {
            case .promoted: ("升级", "跳过")
            case .graduated: ("毕业", "跳过")
            case .wouldPromote: ("将升级", "将跳过")
            case .wouldGraduate: ("将毕业", "将跳过")
            }
        }
    }

    /// The English text.
    public var english: String {
        switch self {
        case .count(let n, let noun): return n == 1 ? "1 \(noun.rawValue)" : "\(n) \(noun.englishPlural)"
        case .firstGroups(let limit, let groups, let students):
            return "the first \(limit) of \(ResultText.count(groups, .group).english) (\(ResultText.count(students, .student).english) in all)"
        case .skippedStudents(let n): return ResultText.count(n, .student).english + " skipped"
        case .dropoutWithdrawn(let on, let then, let now): return "withdrawn on \(on) at age \(then), now \(now)"
        case .dropoutSuspended(let since, let age): return "suspended since \(since) (more than a year), age \(age)"
        case .zoningHukou(let h, let s): return "hukou \(h), school in \(s)"
        case .migrationHukouProvince(let h, let s): return "hukou province \(h), school province \(s)"
        case .migrationTransferredIn(let on, let p, let name): return "transferred on \(on) from province \(p) (\(name))"
        case .reasons(let all): return all.map(\.english).joined(separator: "; ")
        case .awaitingSinceRegistration(let on): return "registered on \(on); no guardian has confirmed the record since"
        case .awaitingSinceCorrection(let on, let fields):
            return "\(fields.joined(separator: ", ")) corrected on \(on); no guardian has confirmed the record since"
        case .guardianConfirmed(let guardian, let relation): return "guardian \(guardian) (\(relation))"
        case .duplicateID(let id, let n): return "ID number \(id) under \(n) registry numbers"
        case .duplicatePerson(let n): return "same name, birth date and gender under \(n) numbers"
        case .bulk(let verb, let changed, let skipped):
            var line = "\(verb.english.verb) \(changed)"
            if !skipped.isEmpty {
                line += ", \(verb.english.skipped) " + skipped.keys.sorted().map { "\(skipped[$0]!) (\($0.id))" }.joined(separator: ", ")
            }
            return line
        case .journalEntry(let n): return " (journal entry \(n))"
        case .nothingChanged: return "; nothing was changed"
        case .noRows: return "(no rows)"
        case .total: return "total"
        case .verifyIndexes(let s, let e):
            return "indexes: \(ResultText.count(s, .student).english), \(ResultText.count(e, .event).english) checked"
        case .verifyJournal(let n): return "journal: \(n) \(n == 1 ? "entry" : "entries") re-walked, hash chain intact"
        case .verifyReplay(let s, let e):
            return "replay: \(ResultText.count(s, .student).english), \(ResultText.count(e, .event).english) rebuilt and compared"
        case .verifyNoJournal: return "journal: none (in-memory registry)"
        case .verifyServer(let a): return "server: \(a) keeps the journal; its tables agree with it"
        case .verifyProvinceChains(let a, let p, let n):
            let list = zip(p, n).map { "\($0 == 0 ? "national" : String($0)) (\($1) \($1 == 1 ? "entry" : "entries"))" }
            return "chains by province, from entry \(a): " + (list.isEmpty ? "none yet" : list.joined(separator: ", ")) + ", each intact"
        case .firstBadEntry(let n, let effective, let kind):
            return "first bad entry #\(n)" + (effective.map { " (\($0)" } ?? " (") + (kind.map { ", \($0))" } ?? ")")
        case .requestTransfer(let who, let from, let to): return "transfer \(who) \(from) → \(to)"
        case .requestEnrol(let kind, let who, let school, let grade): return "\(kind) \(who) at \(school) grade \(grade)"
        case .requestImport(let n, let file, let school):
            return "import \(ResultText.count(n, .student).english) from \(file) into \(school)"
        case .requestCorrect(let who, let changes): return "correct \(who): " + changes.joined(separator: ", ")
        case .requestOther(let kind, let who): return "\(kind) \(who)"
        case .planFor(let subject):
            switch subject {
            case .find: return "find students"
            case .count: return "count students"
            case .bulkChange: return "bulk change"
            case .exportStudents: return "export students"
            case .check(let kind): return "check \(kind)"
            }
        case .planIndex(let lookup, let rows): return "index \(lookup) (estimated \(ResultText.count(rows, .row).english))"
        case .planScan(let n, let day):
            return "scan all \(ResultText.count(n, .student).english)" + (day.map { ", folding each history back to \($0)" } ?? "")
        case .planAccess(let access): return "  access: " + access.english
        case .planConsidered(let lookup, let rows): return "  considered: \(lookup) (estimated \(ResultText.count(rows, .row).english))"
        case .planFilter: return "  filter: every row re-checked against the where clause"
        case .planOrder(let keys): return "  order: " + keys.joined(separator: ", ")
        case .planLimit(let n): return "  limit: \(n)"
        case .planGroup(let fields): return "  group: hash on " + fields.joined(separator: ", ")
        case .planSchools(let n): return "find schools\n  access: scan all \(ResultText.count(n, .school).english)"
        case .planOneStudent: return "one student: registry-number index (1 row)"
        case .planEnrolNew: return "enrol: id-card index to refuse a second registration (R1), then append"
        case .planEnrolExisting: return "enrol: registry-number index (1 row)"
        case .planNone: return "no plan: the statement does not look up students"
        case .planServer(let server): return "  answered by: \(server)"
        case .planDuplicateGroups: return "  groups: formed over every student by the server"
        case .planCheckCandidates: return "  students: those the check could find, named by the server, then fetched"
        case .planInParts(let n): return "  students: named by the server in the registry's order, read \(ResultText.count(n, .student).english) at a time (each part fetched, then forgotten)"
        case .planHistory: return "  history: read by the server from its events table"
        case .planStatement(let sql): return "  sql: " + sql.split(separator: "\n").joined(separator: "\n       ")
        case .planServerPlan(let lines): return (["  server's plan:"] + lines.map { "    " + $0 }).joined(separator: "\n")
        case .planInMemory: return "  answered in memory, not by the server (inside a transaction, changes reach its tables only at commit)"
        }
    }

    /// The Chinese text.
    public var chinese: String {
        func count(_ n: Int, _ noun: Noun) -> String { ResultText.count(n, noun).chinese }
        switch self {
        case .count(let n, let noun): return "\(n) \(noun.chinese)"
        case .firstGroups(let limit, let groups, let students):
            return "\(count(groups, .group))中的前 \(limit) 组（共 \(count(students, .student))）"
        case .skippedStudents(let n): return "跳过 " + count(n, .student)
        case .dropoutWithdrawn(let on, let then, let now): return "\(on) 退学，时年 \(then) 岁，现年 \(now) 岁"
        case .dropoutSuspended(let since, let age): return "自 \(since) 起休学（超过一年），现年 \(age) 岁"
        case .zoningHukou(let h, let s): return "户籍区划 \(h)，学校区划 \(s)"
        case .migrationHukouProvince(let h, let s): return "户籍省份 \(h)，学校省份 \(s)"
        case .migrationTransferredIn(let on, let p, let name): return "\(on) 从省份 \(p) 转入（\(name)）"
        case .reasons(let all): return all.map(\.chinese).joined(separator: "；")
        case .awaitingSinceRegistration(let on): return "\(on) 注册学籍，此后监护人未确认"
        case .awaitingSinceCorrection(let on, let fields): return "\(on) 更正了 \(fields.joined(separator: "、"))，此后监护人未确认"
        case .guardianConfirmed(let guardian, let relation): return "监护人 \(guardian)（\(relation)）"
        case .duplicateID(let id, let n): return "身份证号 \(id) 对应 \(n) 个学籍号"
        case .duplicatePerson(let n): return "姓名、出生日期和性别相同，对应 \(n) 个学籍号"
        case .bulk(let verb, let changed, let skipped):
            var line = "\(verb.chinese.verb) \(changed) 名"
            if !skipped.isEmpty {
                line += "，\(verb.chinese.skipped) " + skipped.keys.sorted().map { "\(skipped[$0]!) 名（\($0.id)）" }.joined(separator: "、")
            }
            return line
        case .journalEntry(let n): return "（日志条目 \(n)）"
        case .nothingChanged: return "；未做任何更改"
        case .noRows: return "（无记录）"
        case .total: return "合计"
        case .verifyIndexes(let s, let e): return "索引：已检查 \(count(s, .student))、\(count(e, .event))"
        case .verifyJournal(let n): return "日志：已重新遍历 \(n) 条记录，哈希链完好"
        case .verifyReplay(let s, let e): return "重放：已重建并比对 \(count(s, .student))、\(count(e, .event))"
        case .verifyNoJournal: return "日志：无（内存中的学籍库）"
        case .verifyServer(let a): return "服务器：\(a) 保存日志；其表与日志一致"
        case .verifyProvinceChains(let a, let p, let n):
            let list = zip(p, n).map { "\($0 == 0 ? "全国" : String($0))（\($1) 条）" }
            return "各省链（自第 \(a) 条起）：" + (list.isEmpty ? "尚无" : list.joined(separator: "、")) + "，均完好"
        case .firstBadEntry(let n, let effective, let kind):
            let about = [effective, kind].compactMap { $0 }
            return "首个损坏的日志条目 #\(n)" + (about.isEmpty ? "" : "（" + about.joined(separator: "，") + "）")
        case .requestTransfer(let who, let from, let to): return "转学 \(who) \(from) → \(to)"
        case .requestEnrol(let kind, let who, let school, let grade):
            return "\(ResultText.chineseRequestKind(kind)) \(who)，\(school)，\(grade) 年级"
        case .requestImport(let n, let file, let school): return "从 \(file) 导入 \(count(n, .student)) 到 \(school)"
        case .requestCorrect(let who, let changes): return "更正 \(who)：" + changes.joined(separator: "，")
        case .requestOther(let kind, let who): return "\(ResultText.chineseRequestKind(kind)) \(who)"
        case .planFor(let subject):
            switch subject {
            case .find: return "查找学生"
            case .count: return "统计学生"
            case .bulkChange: return "批量变更"
            case .exportStudents: return "导出学生"
            case .check(let kind): return "检查 " + (Statement.CheckKind(rawValue: kind).map(Vocabulary.chinese) ?? kind)
            }
        case .planIndex(let lookup, let rows): return "索引 \(lookup)（估计 \(count(rows, .row))）"
        case .planScan(let n, let day): return "扫描全部 \(count(n, .student))" + (day.map { "，将每条历史回溯到 \($0)" } ?? "")
        case .planAccess(let access): return "  访问：" + access.chinese
        case .planConsidered(let lookup, let rows): return "  曾考虑：\(lookup)（估计 \(count(rows, .row))）"
        case .planFilter: return "  过滤：每一行都按 where 子句重新检查"
        case .planOrder(let keys): return "  排序：" + keys.joined(separator: "、")
        case .planLimit(let n): return "  限制：\(n)"
        case .planGroup(let fields): return "  分组：按 " + fields.joined(separator: "、") + " 哈希"
        case .planSchools(let n): return "查找学校\n  访问：扫描全部 \(count(n, .school))"
        case .planOneStudent: return "单个学生：学籍号索引（1 行）"
        case .planEnrolNew: return "入学：先查身份证号索引，拒绝重复注册（R1），再追加"
        case .planEnrolExisting: return "入学：学籍号索引（1 行）"
        case .planNone: return "无执行计划：该语句不查找学生"
        case .planServer(let server): return "  由服务器回答：\(server)"
        case .planDuplicateGroups: return "  分组：由服务器对全部学生进行"
        case .planCheckCandidates: return "  学生：由服务器列出本检查可能查出的学生，再取来"
        case .planInParts(let n): return "  学生：由服务器按学籍顺序列出，每次读取 \(count(n, .student))（取来，用后即释放）"
        case .planHistory: return "  历史：由服务器从其事件表读出"
        case .planStatement(let sql): return "  SQL：" + sql.split(separator: "\n").joined(separator: "\n       ")
        case .planServerPlan(let lines): return (["  服务器的执行计划："] + lines.map { "    " + $0 }).joined(separator: "\n")
        case .planInMemory: return "  在内存中回答，而非由服务器回答（事务之内的修改在提交后才进入其表）"
        }
    }

    /// A request's kind (`Request.Change.kind`: `enrol`, `next stage`, `transfer`…) in Chinese.
    static func chineseRequestKind(_ kind: String) -> String {
        switch kind {
        case "enrol": "入学"
        case "next stage": "升学"
        case "transfer": "转学"
        case "suspend": "休学"
        case "resume": "复学"
        case "withdraw": "退学"
        case "correct": "更正"
        case "void": "作废"
        case "import": "导入"
        default: kind
        }
    }
}

extension ResultText: Localized {}
