import Registry

/// RQL's words, each defined once: the lexer, the parser, the checker, the completer and the
/// help read them here. Each has its Chinese word beside it (issue 16): the lexer reads a
/// Chinese keyword as the English one (`统计 按 年级` is `count by grade`), in any mix with
/// English, words separated by spaces as the English ones are.
public enum Vocabulary {
    /// One word: its English spelling, other spellings accepted, and its Chinese words.
    public struct Word: Sendable, Hashable {
        /// The spelling the grammar uses.
        public let english: String
        /// Other spellings read as the same word (`enroll`).
        public let aliases: [String]
        /// The word a Chinese administrator types (全国中小学生学籍信息管理系统's term where it has one).
        public let chinese: String
        /// Other Chinese words read as the same word (其中 for 条件).
        public let chineseAliases: [String]
        /// What the Chinese word stands for when it is more than the one English word
        /// (排序 is `order by`, 为空 `is null`).
        public let expansion: [String]

        init(_ english: String, _ chinese: String, aliases: [String] = [], chineseAliases: [String] = [], expansion: [String]? = nil) {
            self.english = english; self.chinese = chinese; self.aliases = aliases
            self.chineseAliases = chineseAliases; self.expansion = expansion ?? [english]
        }

        /// Every spelling of the word in English.
        public var spellings: [String] { [english] + aliases }
        /// Every Chinese spelling.
        public var chineseSpellings: [String] { [chinese] + chineseAliases }
    }

    /// Words that begin a statement, in the order errors and help list them.
    public static let statements: [Word] = [
        Word("add", "添加", chineseAliases: ["新增"]), Word("find", "查找", chineseAliases: ["查询"]),
        Word("enrol", "入学", aliases: ["enroll"]), Word("transfer", "转学"),
        Word("promote", "升级"), Word("graduate", "毕业"), Word("suspend", "休学"), Word("resume", "复学"),
        Word("withdraw", "退学"), Word("correct", "更正"), Word("record", "记录"), Word("count", "统计"),
        Word("show", "显示"), Word("history", "历史"), Word("explain", "解释"), Word("check", "检查"),
        Word("rules", "规则"), Word("verify", "校验"), Word("begin", "开始"), Word("commit", "提交"),
        Word("rollback", "回滚"), Word("import", "导入"), Word("export", "导出"), Word("revoke", "吊销"),
        Word("approve", "审批", chineseAliases: ["同意"]), Word("reject", "驳回"), Word("cancel", "撤回"), Word("void", "作废"),
        Word("revert", "撤销"), Word("confirm", "确认"),
    ]

    /// Clause words.
    public static let clauses: [Word] = [
        Word("where", "条件", chineseAliases: ["其中"]), Word("show", "显示列"), Word("order", "排序", expansion: ["order", "by"]),
        Word("by", "按"), Word("limit", "限", chineseAliases: ["限制"]), Word("as", "截至", expansion: ["as", "of"]),
        Word("on", "于"), Word("reason", "理由"), Word("to", "到"), Word("at", "在"),
        Word("grade", "年级"), Word("class", "班"), Word("set", "设"), Word("from", "从"),
        Word("guardian", "监护人"), Word("relation", "关系"),
    ]

    /// The other words statements are made of: what they act on and their attributes.
    public static let objects: [Word] = [
        Word("school", "学校"), Word("students", "学生"), Word("actor", "用户"), Word("requests", "申请"),
        Word("district", "区划"), Word("holiday", "节假日"), Word("workday", "调休日"), Word("name", "名称"),
        Word("stage", "学段"), Word("key", "密钥"), Word("entry", "条目"), Word("share", "占比"), Word("bom", "带BOM"),
    ]

    /// Object words whose Chinese has no plural: after `find`, `import` or `export` the lexer
    /// reads them as the list (查找 学校 is `find schools`; 添加 学校 `add school`).
    public static let plurals: [String: String] = ["学校": "schools", "用户": "actors", "区划": "districts"]

    /// Comparison and logical operators of `where` (`<>` is `!=`).
    public static let operators: [Word] = [
        Word("=", "＝"), Word("!=", "不等于", aliases: ["<>"]), Word("<", "小于"), Word("<=", "不大于"), Word(">", "大于"),
        Word(">=", "不小于"), Word("like", "匹配"), Word("in", "属于"), Word("between", "介于"),
        Word("is", "为"), Word("null", "空"), Word("not", "非"), Word("and", "且", chineseAliases: ["和"]), Word("or", "或"),
        Word("asc", "升序"), Word("desc", "降序"),
    ]

    /// Chinese words that stand for several English ones.
    public static let phrases: [Word] = [
        Word("is null", "为空", expansion: ["is", "null"]), Word("is not null", "不为空", expansion: ["is", "not", "null"]),
        Word("not in", "不属于", expansion: ["not", "in"]),
    ]

    /// The checks (`check duplicates` …) in Chinese.
    public static let checks: [Word] = Statement.CheckKind.allCases.map { Word($0.rawValue, chinese($0)) }
    /// The growth records' kinds (`record G… award …`) in Chinese.
    public static let growthKinds: [Word] = GrowthKind.allCases.map { Word($0.rawValue, chinese($0)) }

    /// The student fields' Chinese names (the 全国中小学生学籍信息管理系统's field names).
    public static let studentFields: [StudentField: [String]] = [
        .no: ["学籍号"], .id_card: ["身份证号", "身份证件号"], .name: ["姓名"], .gender: ["性别"], .birth: ["出生日期"],
        .age: ["年龄"], .ethnicity: ["民族"], .hukou: ["户籍"], .hukouName: ["户籍地"], .school: ["学校", "学校代码"],
        .schoolName: ["学校名称"], .schoolStage: ["学段"], .schoolDistrict: ["学校区划"], .schoolDistrictName: ["学校区划名称"],
        .schoolCity: ["学校所在市"], .schoolProvince: ["学校所在省"], .grade: ["年级"], .class: ["班级"], .status: ["状态"],
        .enrolledOn: ["入学日期"], .migrant: ["随迁子女", "是否随迁子女"], .leftBehind: ["留守儿童", "是否留守儿童"],
    ]

    /// The school fields' Chinese names (`查找 学校 条件 学段 = 初中`).
    public static let schoolFields: [SchoolField: [String]] = [
        .code: ["学校代码", "代码"], .name: ["名称", "学校名称"], .stage: ["学段"], .district: ["区划"], .city: ["所在市"],
        .province: ["所在省"], .students: ["在读人数"],
    ]

    /// The district fields' Chinese names (`查找 区划 条件 名称 匹配 "%西工%"`).
    public static let districtFields: [DistrictField: [String]] = [
        .code: ["代码"], .name: ["名称"], .province: ["所在省"], .city: ["所在市"], .from: ["起始年"], .to: ["终止年"], .status: ["状态"],
    ]

    /// The Chinese header of a result column: the field's Chinese name in the list the rows
    /// come from, else the words results use (人数 for count …); the name itself when none.
    public static func header(_ name: String, list: FieldRef.Catalogue) -> String {
        switch list {
        case .schools: if let f = SchoolField(rawValue: name), let zh = schoolFields[f] { return zh[0] }
        case .districts: if let f = DistrictField(rawValue: name), let zh = districtFields[f] { return zh[0] }
        case .actors: if let zh = actorHeaders[name] { return zh }
        case .requests: if let zh = requestHeaders[name] { return zh }
        case .students: break
        }
        if let f = StudentField(rawValue: name), let zh = studentFields[f] { return zh[0] }
        return resultHeaders[name] ?? name
    }

    static let actorHeaders = ["actor": "用户", "name": "名称", "level": "级别", "key": "密钥", "added_by": "添加者", "status": "状态"]
    static let requestHeaders = ["no": "编号", "kind": "类型", "request": "申请", "student": "学生", "school": "学校", "status": "状态",
                                 "awaiting": "待审批方", "due": "期限", "started_by": "发起方", "started_on": "发起日期"]
    static let resultHeaders = [
        "count": "人数", "share": "占比", "total": "合计", "group": "组", "reason": "原因", "rule": "规则", "why": "原因",
        "id": "编号", "source": "出处", "effective": "生效日期", "recorded": "录入时间", "actor": "操作人", "event": "事件",
        "change": "变更", "statement": "语句", "step": "步骤", "request": "申请", "day": "日期", "due": "期限",
        "since": "起始日期", "days": "天数",
    ]

    /// An English keyword or student field → its Chinese word (the completer offers these; a
    /// word of several English ones, 排序, is not here).
    public static let chineseWords: [String: String] = {
        var out: [String: String] = [:]
        for w in statements + clauses + objects + operators + checks + growthKinds where w.expansion.count == 1 {
            for e in w.spellings where out[e] == nil { out[e] = w.chinese }
        }
        for (zh, plural) in plurals { out[plural] = zh }
        for (f, names) in studentFields where out[f.rawValue] == nil { out[f.rawValue] = names[0] }
        return out
    }()

    /// How the lexer reads a Chinese word: the English words it stands for.
    public static let lexicon: [String: [String]] = {
        var out: [String: [String]] = [:]
        for w in statements + clauses + objects + operators + phrases + checks + growthKinds {
            for c in w.chineseSpellings where out[c] == nil { out[c] = w.expansion }
        }
        return out
    }()

    /// A student's status in Chinese (在读, 休学, 毕业, 退学, 作废).
    public static func chinese(_ s: Status) -> String {
        switch s {
        case .active: "在读"
        case .suspended: "休学"
        case .graduated: "毕业"
        case .withdrawn: "退学"
        case .voided: "作废"
        }
    }

    /// A stage in Chinese (小学, 初中, 高中).
    public static func chinese(_ s: SchoolStage) -> String {
        switch s {
        case .primary: "小学"
        case .junior: "初中"
        case .senior: "高中"
        }
    }

    /// A growth record's kind in Chinese (奖励, 活动, 资助, 健康, 特长).
    public static func chinese(_ g: GrowthKind) -> String {
        switch g {
        case .award: "奖励"
        case .activity: "活动"
        case .aid: "资助"
        case .health: "健康"
        case .talent: "特长"
        }
    }

    /// A check in Chinese (查重, 辍学, 划片, 高考移民, 未确认; 待办, 逾期 for requests).
    public static func chinese(_ c: Statement.CheckKind) -> String {
        switch c {
        case .duplicates: "查重"
        case .dropouts: "辍学"
        case .zoning: "划片"
        case .migration: "高考移民"
        case .unconfirmed: "未确认"
        case .pending: "待办"
        case .overdue: "逾期"
        }
    }

    /// The English value a Chinese status, stage or yes/no word stands for (毕业 → graduated, 是 → yes).
    public static func englishValue(_ word: String) -> String? {
        if let s = Status.allCases.first(where: { chinese($0) == word }) { return s.rawValue }
        if let s = SchoolStage.allCases.first(where: { chinese($0) == word }) { return s.rawValue }
        if let a = YesNo.allCases.first(where: { chinese($0) == word }) { return a.rawValue }
        return nil
    }

    /// A yes/no answer in Chinese (是, 否).
    public static func chinese(_ a: YesNo) -> String { a == .yes ? "是" : "否" }

    /// A request's kind in Chinese: the statement's word (升学 for `next stage`).
    public static let requestKinds: [String: String] = [
        "入学": "enrol", "升学": "next stage", "转学": "transfer", "休学": "suspend", "复学": "resume", "退学": "withdraw",
        "更正": "correct", "作废": "void", "导入": "import",
    ]

    /// The genders as the language accepts them (`M`, `F`; 男, 女 too).
    public static let genders: [Word] = [Word("M", "男", aliases: ["m"]), Word("F", "女", aliases: ["f"])]

    /// Every English spelling that begins a statement.
    public static var statementSpellings: [String] { statements.flatMap(\.spellings) }
}
