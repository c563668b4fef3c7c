import Registry

/// What the grammar wanted where it found something else (`expected PHRASE after …`), what a
/// statement lacks (`add school needs PHRASE`) and what needs a reason (`PHRASE needs a
/// reason`): the phrases of the parser's messages, each an id, written here only, so a second
/// language is one more text per case (issue 16). Lists of words come from the vocabulary.
public indirect enum Phrase: Hashable, Sendable {
    /// A keyword or symbol to type: `'name'`.
    case word(String)
    /// A word and what follows it: `'to' and a school code`.
    case wordThen(String, Phrase)
    /// Alternatives: `a registry number or 'where'`.
    case either([Phrase])
    /// The next assignment of a first enrolment: `', name = …'`.
    case nextAssignment(field: String)
    /// `'share'`, with what it does.
    case shareWord
    /// `')'` closing a bracket, or a list.
    case closingBracket, closingList

    // Things to write.
    case statementToExplain, requestNumber, registryNumber, studentDetails, fieldName, comparison, value, date
    case fileName, schoolCode, districtCode, schoolName, holidayName, actorName, publicKey, reason, pattern
    case valueList, rowCount, gradeNumber, classNumber, corrections, upperBound, actor, stage, growthKind, checkKind
    /// The journal entry's number; with a note that the acknowledgement names it.
    case journalEntryNumber(noted: Bool)
    /// The text of a growth record.
    case growthText(kind: String)
    /// A guardian's name, and the relation (`confirm`).
    case guardianName, relation

    // What a statement lacks.
    case aName, aStage, aDistrict
    /// One of a first enrolment's fields.
    case studentsField(String)

    // What needs a reason.
    case revokingActor, rejectingRequest, suspension, withdrawal, voiding, reverting, correction

    /// The English text.
    public var english: String {
        switch self {
        case .word(let w): return "'\(w)'"
        case .wordThen(let w, let next): return "'\(w)' and \(next.english)"
        case .either(let all): return Phrase.list(all.map(\.english))
        case .nextAssignment(let f): return "', \(f) = …'"
        case .shareWord: return "'share' (count … show share adds each group's share of the whole)"
        case .closingBracket: return "')' to close the bracket"
        case .closingList: return "')' to close the list"
        case .valueList: return "a list of values"
        case .statementToExplain: return "a statement to explain"
        case .requestNumber: return "a request number (#12)"
        case .registryNumber: return "a registry number"
        case .studentDetails: return "the student's details (name = …)"
        case .fieldName: return "a field name"
        case .comparison: return "a comparison (=, !=, <, <=, >, >=, in, between, like, is null)"
        case .value: return "a value"
        case .date: return "a date (YYYY-MM-DD)"
        case .fileName: return "a file name in quotes"
        case .schoolCode: return "a school code"
        case .districtCode: return "a district code"
        case .schoolName: return "the school's name in quotes"
        case .holidayName: return "the holiday's name in quotes"
        case .actorName: return "the actor's name in quotes"
        case .publicKey: return "its public key in quotes (\"ed25519:…\", from xueji keygen)"
        case .reason: return "a reason in quotes"
        case .pattern: return "a pattern in quotes"
        case .rowCount: return "a row count"
        case .gradeNumber: return "a grade number"
        case .classNumber: return "a class number"
        case .corrections: return "the corrections"
        case .upperBound: return "an upper bound"
        case .actor: return "an actor (national, province:41, city:4103, county:410303 or school:4103030001)"
        case .stage: return "a stage (\(Phrase.list(SchoolStage.allCases.map(\.rawValue))))"
        case .growthKind: return Phrase.list(Statement.RecordKind.allCases.map(\.rawValue))
        case .checkKind: return Phrase.list(Statement.CheckKind.studentChecks.map(\.rawValue))
        case .journalEntryNumber(let noted): return "the journal entry's number" + (noted ? " (its acknowledgement names it)" : "")
        case .growthText(let kind): return "the \(kind) text in quotes"
        case .guardianName: return "the guardian's name in quotes"
        case .relation: return "the guardian's relation to the student (父亲, 母亲, 祖父, …)"
        case .aName: return "a name"
        case .aStage: return "a stage"
        case .aDistrict: return "a district"
        case .studentsField(let f): return "the student's \(f)"
        case .revokingActor: return "revoking an actor"
        case .rejectingRequest: return "rejecting a request"
        case .suspension: return "a suspension"
        case .withdrawal: return "a withdrawal"
        case .voiding: return "voiding a registration"
        case .reverting: return "reverting a bulk change"
        case .correction: return "a correction"
        }
    }

    /// The Chinese text.
    public var chinese: String {
        switch self {
        case .word(let w): return "「\(w)」"
        case .wordThen(let w, let next): return ChineseText.join("「\(w)」和", next.chinese)
        case .either(let all): return ChineseText.orList(all.map(\.chinese))
        case .nextAssignment(let f): return "「, \(f) = …」"
        case .shareWord: return "「share」（count … show share 会加上每组在总数中的占比）"
        case .closingBracket: return "闭合括号的「)」"
        case .closingList: return "闭合列表的「)」"
        case .valueList: return "值列表"
        case .statementToExplain: return "要解释的语句"
        case .requestNumber: return "申请编号（#12）"
        case .registryNumber: return "学籍号"
        case .studentDetails: return "学生信息（name = …）"
        case .fieldName: return "字段名"
        case .comparison: return "比较（=、!=、<、<=、>、>=、in、between、like、is null）"
        case .value: return "值"
        case .date: return "日期（YYYY-MM-DD）"
        case .fileName: return "带引号的文件名"
        case .schoolCode: return "学校代码"
        case .districtCode: return "区划代码"
        case .schoolName: return "带引号的学校名称"
        case .holidayName: return "带引号的节假日名称"
        case .actorName: return "带引号的用户名称"
        case .publicKey: return "带引号的公钥（\"ed25519:…\"，可用 xueji keygen 生成）"
        case .reason: return "带引号的理由"
        case .pattern: return "带引号的匹配模式"
        case .rowCount: return "行数"
        case .gradeNumber: return "年级（数字）"
        case .classNumber: return "班级（数字）"
        case .corrections: return "更正内容"
        case .upperBound: return "上限"
        case .actor: return "用户（national、province:41、city:4103、county:410303 或 school:4103030001）"
        case .stage: return "学段（\(ChineseText.orList(SchoolStage.allCases.map(\.rawValue)))）"
        case .growthKind: return ChineseText.orList(Statement.RecordKind.allCases.map(\.rawValue))
        case .checkKind: return ChineseText.orList(Statement.CheckKind.studentChecks.map(\.rawValue))
        case .journalEntryNumber(let noted): return "日志条目编号" + (noted ? "（执行时的确认信息中写明了它）" : "")
        case .growthText(let kind): return "带引号的\(GrowthKind(rawValue: kind).map(Vocabulary.chinese) ?? kind)内容"
        case .guardianName: return "带引号的监护人姓名"
        case .relation: return "监护人与学生的关系（父亲、母亲、祖父……）"
        case .aName: return "名称"
        case .aStage: return "学段"
        case .aDistrict: return "区划"
        case .studentsField(let f): return "学生的 \(f)"
        case .revokingActor: return "吊销用户"
        case .rejectingRequest: return "驳回申请"
        case .suspension: return "休学"
        case .withdrawal: return "退学"
        case .voiding: return "作废学籍"
        case .reverting: return "撤销批量变更"
        case .correction: return "更正"
        }
    }

    /// `a`, `a or b`, `a, b or c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}

extension Phrase: Localized {}
