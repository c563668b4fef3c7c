/// A column of an import file: every header that names it. Files come from administrators'
/// spreadsheets as often as from `export`, so a header may be the English column name, the
/// Chinese field name of the one vocabulary, or a synonym the national registry system's own
/// templates use. The header is matched once per file; rows are then read by index.
public protocol ImportColumn: CaseIterable, Hashable, Sendable {
    /// The English column name: what `export` writes and messages name.
    var english: String { get }
    /// The Chinese field name (the one vocabulary's word).
    var chinese: String { get }
    /// Other headers read as this column.
    var synonyms: [String] { get }
    /// Whether a file must have the column.
    var isRequired: Bool { get }
}

extension ImportColumn {
    /// Every header read as this column, English first.
    public var headers: [String] { [english, chinese] + synonyms }

    /// `id_card (身份证号)`: how a message names a column a file lacks.
    var bilingual: String { "\(english) (\(chinese))" }
}

/// The columns of a students file, in export order: the nine of a first enrolment, then the
/// optional ones that carry a student's current state through an export → import round trip,
/// then the family situation (issue 17).
public enum StudentColumn: String, ImportColumn {
    /// The nine columns a first enrolment reads, in the order `enrol` names them.
    case idCard = "id_card", name, gender, birthDate = "birth_date", ethnicity, hukou, school, grade, enrolledOn = "enrolled_on"
    /// The registry number to keep (学籍号): an L or J number is kept as issued, a G number
    /// must be the one of the row's `id_card`.
    case no
    /// The class number (班级).
    case `class`
    /// active, suspended, graduated, withdrawn, voided (在读, 休学, 毕业, 退学, 作废); empty: active.
    case status
    /// The day the status began (状态日期); empty: today, as a statement without `on` is dated.
    case statusOn = "status_on"
    /// Why (理由): R6 lets an over-age child in with one; R12, R13 and R11 need one for
    /// withdrawn, suspended and voided rows.
    case reason
    /// 随迁子女 and 留守儿童: yes/no in any spelling `YesNo` reads; empty, unknown, 不详 or 未知
    /// when not known.
    case migrant, leftBehind = "left_behind"

    /// The English column name.
    public var english: String { rawValue }

    /// The Chinese field name.
    public var chinese: String {
        switch self {
        case .idCard: "身份证号"
        case .name: "姓名"
        case .gender: "性别"
        case .birthDate: "出生日期"
        case .ethnicity: "民族"
        case .hukou: "户籍"
        case .school: "学校"
        case .grade: "年级"
        case .enrolledOn: "入学日期"
        case .no: "学籍号"
        case .class: "班级"
        case .status: "状态"
        case .statusOn: "状态日期"
        case .reason: "理由"
        case .migrant: "是否随迁子女"
        case .leftBehind: "是否留守儿童"
        }
    }

    /// Other headers read as the column: the query language's field name where it differs
    /// (`birth`), and the words of the national system's templates (学校标识码 is the
    /// ministry's 10-digit school code; 学籍辅号 its temporary number; the family situation's
    /// questions asked without their 是否, as the query language names the fields).
    public var synonyms: [String] {
        switch self {
        case .idCard: ["身份证件号", "身份证件号码", "身份证号码", "公民身份号码", "证件号码"]
        case .name: ["学生姓名"]
        case .gender: []
        case .birthDate: ["birth"]
        case .ethnicity: []
        case .hukou: ["户籍所在地", "户口所在地"]
        case .school: ["学校代码", "学校标识码"]
        case .grade: []
        case .enrolledOn: ["入学时间"]
        case .no: ["全国学籍号", "学籍辅号"]
        case .class: ["班", "班号"]
        case .status: ["学籍状态"]
        case .statusOn: ["状态变动日期"]
        case .reason: ["原因"]
        case .migrant: ["随迁子女"]
        case .leftBehind: ["留守儿童"]
        }
    }

    /// The first nine: what a first enrolment needs (their values may still be empty where
    /// the enrolment allows it).
    public var isRequired: Bool {
        switch self {
        case .no, .class, .status, .statusOn, .reason, .migrant, .leftBehind: false
        default: true
        }
    }

    /// The student field the column holds (`status_on` and `reason` are none).
    public var field: StudentField? {
        switch self {
        case .idCard: .id_card
        case .name: .name
        case .gender: .gender
        case .birthDate: .birth
        case .ethnicity: .ethnicity
        case .hukou: .hukou
        case .school: .school
        case .grade: .grade
        case .enrolledOn: .enrolledOn
        case .no: .no
        case .class: .class
        case .status: .status
        case .migrant: .migrant
        case .leftBehind: .leftBehind
        case .statusOn, .reason: nil
        }
    }
}

/// The columns of a schools file.
public enum SchoolColumn: String, ImportColumn {
    /// The four columns `add school` reads.
    case code, name, stage, district

    /// The English column name.
    public var english: String { rawValue }

    /// The Chinese field name.
    public var chinese: String {
        switch self {
        case .code: "学校代码"
        case .name: "学校名称"
        case .stage: "学段"
        case .district: "行政区划"
        }
    }

    /// Other headers read as the column.
    public var synonyms: [String] {
        switch self {
        case .code: ["学校标识码", "代码"]
        case .name: ["名称", "校名"]
        case .stage: []
        case .district: ["行政区划代码", "区县", "区县代码"]
        }
    }

    /// Every school column is required.
    public var isRequired: Bool { true }
}

extension Status {
    /// The words an import reads as the status: the English one, and the Chinese one the
    /// query language shows (在读, 休学, 毕业, 退学, 作废).
    public var importWords: [String] {
        switch self {
        case .active: ["active", "在读"]
        case .suspended: ["suspended", "休学"]
        case .graduated: ["graduated", "毕业"]
        case .withdrawn: ["withdrawn", "退学"]
        case .voided: ["voided", "作废"]
        }
    }

    /// The status a file writes (any case, spaces around it trimmed); nil when it is none.
    init?(importText text: String) {
        let t = text.trimmingSpaces.lowercased()
        guard let s = Status.allCases.first(where: { $0.importWords.contains(t) }) else { return nil }
        self = s
    }
}

/// Where each column of a file's header is: matched once per file, so rows are read by index.
struct HeaderMap<Column: ImportColumn>: Sendable {
    /// The index of each column the header names.
    let index: [Column: Int]
    /// The header's cells as the file writes them (messages name a column as its file does).
    let spelled: [String]
    /// Header cells left empty: Excel writes a comma for every column of a sheet's used range,
    /// named or not. Their rows' cells must be empty too (`emptyUnnamed`).
    let unnamed: [Int]

    /// How many fields a row has.
    var count: Int { spelled.count }

    /// Matches a header row: each cell names one column (any of its headers, any case, spaces
    /// around it trimmed), no column twice, every required one present.
    static func match(_ cells: [String]) throws(HeaderProblem) -> HeaderMap {
        var lookup: [String: Column] = [:]
        for c in Column.allCases { for h in c.headers { lookup[h.lowercased()] = c } }
        var index: [Column: Int] = [:]
        var unnamed: [Int] = []
        for (i, cell) in cells.enumerated() {
            let name = cell.trimmingSpaces
            if name.isEmpty { unnamed.append(i); continue }
            guard let c = lookup[name.lowercased()] else {
                let all = Array(Column.allCases)
                throw HeaderProblem(message: .unknownColumn(name, columns: all.filter(\.isRequired).map(\.english),
                                                            optional: all.filter { !$0.isRequired }.map(\.english)))
            }
            if let j = index[c] { throw HeaderProblem(message: .columnTwice(c.english, first: cells[j].trimmingSpaces, second: name)) }
            index[c] = i
        }
        let missing = Column.allCases.filter { $0.isRequired && index[$0] == nil }
        guard missing.isEmpty else { throw HeaderProblem(message: .missingColumns(missing.map(\.bilingual))) }
        return HeaderMap(index: index, spelled: cells.map(\.trimmingSpaces), unnamed: unnamed)
    }

    /// The index of a required column.
    subscript(required c: Column) -> Int { index[c]! }

    /// The first cell of a row under an unnamed header cell that holds something: such a
    /// value belongs to no column, and is not dropped silently. Nil when there is none.
    func valueUnderNoName<F: ImportFields>(_ f: F) -> StorageMessage? {
        for i in unnamed where i < f.count && !f.with(i, { $0.isEmpty }) { return .valueUnderNoColumn(field: i + 1, text: f.string(i)) }
        return nil
    }

    /// How messages name column `c`: as the file's header spells it.
    func label(_ c: Column) -> String { index[c].map { spelled[$0] } ?? c.english }
}

/// Why a header row names no file of its kind.
struct HeaderProblem: Error {
    let message: StorageMessage
}
