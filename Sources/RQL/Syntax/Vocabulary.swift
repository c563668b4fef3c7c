import Registry

/// RQL's words, each defined once: the parser, the checker, the completer and the help read
/// them here, and each has its Chinese word beside it (issue 16 makes the parser accept them).
/// Fixed-spelling values (statuses, stages, growth kinds, checks) are the engine's enums; this
/// adds their Chinese.
public enum Vocabulary {
    /// One word: its English spelling, other spellings accepted, and its Chinese word.
    public struct Word: Sendable, Hashable {
        /// The spelling the grammar uses.
        public let english: String
        /// Other spellings read as the same word (`enroll`).
        public let aliases: [String]
        /// The word a Chinese administrator types (全国中小学生学籍信息管理系统's term where it has one).
        public let chinese: String

        init(_ english: String, _ chinese: String, aliases: [String] = []) {
            self.english = english; self.chinese = chinese; self.aliases = aliases
        }

        /// Every spelling of the word in English.
        public var spellings: [String] { [english] + aliases }
    }

    /// Words that begin a statement, in the order errors and help list them.
    public static let statements: [Word] = [
        Word("add", "添加"), Word("find", "查找"), Word("enrol", "入学", aliases: ["enroll"]), Word("transfer", "转学"),
        Word("promote", "升级"), Word("graduate", "毕业"), Word("suspend", "休学"), Word("resume", "复学"),
        Word("withdraw", "退学"), Word("correct", "更正"), Word("record", "记录"), Word("count", "统计"),
        Word("show", "显示"), Word("history", "历史"), Word("explain", "解释"), Word("check", "检查"),
        Word("rules", "规则"), Word("verify", "校验"), Word("begin", "开始"), Word("commit", "提交"),
        Word("rollback", "回滚"), Word("import", "导入"), Word("export", "导出"), Word("revoke", "吊销"),
        Word("approve", "审批"), Word("reject", "驳回"), Word("cancel", "撤回"), Word("void", "作废"), Word("revert", "撤销"),
    ]

    /// Clause words.
    public static let clauses: [Word] = [
        Word("where", "条件", aliases: []), Word("show", "显示列"), Word("order", "排序"), Word("by", "按"), Word("limit", "限"),
        Word("as", "截至"), Word("on", "于"), Word("reason", "理由"), Word("to", "到"), Word("at", "在"),
        Word("grade", "年级"), Word("class", "班"), Word("set", "设"), Word("from", "从"),
    ]

    /// Comparison and logical operators of `where` (`<>` is `!=`).
    public static let operators: [Word] = [
        Word("=", "＝"), Word("!=", "不等于", aliases: ["<>"]), Word("<", "小于"), Word("<=", "不大于"), Word(">", "大于"),
        Word(">=", "不小于"), Word("like", "匹配"), Word("in", "属于"), Word("between", "介于"), Word("is", "为"),
        Word("not", "非"), Word("and", "且"), Word("or", "或"), Word("null", "空"), Word("asc", "升序"), Word("desc", "降序"),
    ]

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

    /// A check in Chinese (查重, 辍学, 划片, 高考移民; 待办, 逾期 for requests).
    public static func chinese(_ c: Statement.CheckKind) -> String {
        switch c {
        case .duplicates: "查重"
        case .dropouts: "辍学"
        case .zoning: "划片"
        case .migration: "高考移民"
        case .pending: "待办"
        case .overdue: "逾期"
        }
    }

    /// The genders as the language accepts them (`M`, `F`; 男, 女 too).
    public static let genders: [Word] = [Word("M", "男", aliases: ["m"]), Word("F", "女", aliases: ["f"])]

    /// Every English spelling that begins a statement.
    public static var statementSpellings: [String] { statements.flatMap(\.spellings) }
}
