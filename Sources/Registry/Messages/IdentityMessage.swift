/// The engine's identity messages (see `EngineMessage`): each case is one message with its
/// arguments; its English text is written here and nowhere else.
public indirect enum IdentityMessage: Hashable, Sendable {
    /// A registry number nobody has.
    case noStudent(number: String)
    /// A school code no school has.
    case noSchool(code: String)
    /// R1: the ID number is registered already, under `number` (`name`).
    case idAlreadyRegistered(id: String, number: String, name: String)
    /// R1: an open request registers a child with this ID number.
    case idHasOpenRequest(id: String, request: Int)

    // MARK: ID numbers (R2)

    /// R2: an ID number of other than 18 characters.
    case idWrongLength(text: String)
    /// R2: an ID number whose first 17 characters are not all digits.
    case idNotDigits(text: String)
    /// R2: digits 1–6 were never a district's code (GB/T 2260).
    case idDistrictUnknown(id: String, code: String)
    /// R2: digits 1–6 were a district's code, but not at any time from the birth to today.
    case idDistrictNotInForce(id: String, code: String, name: String, from: Int?, to: Int?, birthYear: Int)
    /// A hukou, a school's district: a code not in force today.
    case districtNotInForce(field: String, code: String, name: String?, to: Int?)
    /// R2: an ID number whose check character is not the one its digits give.
    case idWrongCheckCharacter(text: String, found: Character, expected: Character)
    /// R2: an ID number whose digits 7–14 are no real day.
    case idNoBirthDate(text: String)
    /// R2: the ID number's birth date is not the record's.
    case idBirthDisagrees(id: IDCardNumber, birth: Day)
    /// R2: the ID number's sex (its 17th digit) is not the record's gender.
    case idGenderDisagrees(id: IDCardNumber, gender: Gender)
    /// R2: a birth date after today.
    case birthAfterToday(birth: Day, today: Day)

    // MARK: registry numbers, schools, grades (R3, R5)

    /// R3: a correction of the registry number.
    case registryNumberNeverChanges(number: RegistryNumber)
    /// R3: a registry number an import keeps is issued already, to `name`.
    case numberAlreadyIssued(number: RegistryNumber, name: String)
    /// R3: every temporary number for the district and birth date is issued.
    case temporaryNumbersExhausted(district: DistrictCode, birth: Day)
    /// R5: the grade is not one of the school's stage.
    case gradeNotInSchoolStage(school: SchoolCode, name: String, stage: Stage, grade: Int)
    /// A class outside 1–999.
    case classOutOfRange(klass: Int)

    // MARK: dates (R16)

    /// R16: an event dated after today.
    case afterToday(day: Day, today: Day)
    /// R16: an event dated before the student was born.
    case beforeBirth(day: Day, number: RegistryNumber, name: String, birth: Day)
    /// R16: an event dated before the student's previous event.
    case beforePreviousEvent(day: Day, number: RegistryNumber, name: String, previous: Day)
    /// R16: a first enrolment dated before the birth date.
    case enrolmentBeforeBirth(day: Day, birth: Day)
    /// R16: a corrected birth date after the student's first event.
    case birthAfterFirstEvent(birth: Day, first: Day)

    // MARK: field values

    /// A new student with an empty name.
    case studentNeedsName
    /// A name corrected to nothing.
    case nameEmpty
    /// A gender other than M, F, 男, 女.
    case genderInvalid(value: Value)
    /// A birth date that is not a date.
    case birthNeedsDate
    /// A hukou that is not a 6-digit district code.
    case hukouNeedsDistrictCode(value: Value)
    /// A class that is not a number.
    case classNeedsNumber

    // MARK: text that cannot hurt (issue 11)

    /// A text longer than its field holds; `character` is the first one past the limit.
    case textTooLong(field: TextField, character: Int, length: Int)
    /// A text holding a character that could drive a terminal, at `character`.
    case textControlCharacter(field: TextField, character: Int, scalar: Unicode.Scalar)

    /// The English text.
    public var english: String {
        switch self {
        case .noStudent(let n): "no student has registry number \(n)"
        case .noSchool(let c): "no school has code \(c)"
        case .idAlreadyRegistered(let id, let n, let name): "ID number \(id) is already registered as \(n) (\(name))"
        case .idHasOpenRequest(let id, let r): "ID number \(id) has an open registration request (#\(r))"

        case .idWrongLength(let t):
            "ID number '\(t)' has \(t.count) characters; it needs 18 (17 digits and a check character)"
        case .idNotDigits(let t): "ID number '\(t)' must start with 17 digits"
        case .idDistrictUnknown(let id, let code): "ID number \(id) begins with \(code), which was never a district code (GB/T 2260)"
        case .idDistrictNotInForce(let id, let code, let name, let from, let to, let birth):
            "ID number \(id) begins with \(code) (\(name)), a district code in force "
                + (to.map { "until \($0)" } ?? from.map { "from \($0)" } ?? "at other times")
                + ", not at any time from the birth (\(birth)) to today"
        case .districtNotInForce(let field, let code, let name, let to):
            name.map { "\(field) \(code) (\($0)) is not a district code in force today" + (to.map { ": it was retired after \($0)" } ?? "") }
                ?? "\(field) \(code) is not a district code (GB/T 2260); find districts lists them"
        case .idWrongCheckCharacter(let t, let found, let expected):
            "ID number '\(t)' has check character \(found), but its digits give \(expected)"
        case .idNoBirthDate(let t):
            "ID number '\(t)' holds no real birth date in digits 7–14 ('\(String(decoding: Array(t.utf8)[6..<14], as: UTF8.self))')"
        case .idBirthDisagrees(let id, let birth):
            "ID number \(id) gives birth date \(id.birth), but the record says \(birth)"
        case .idGenderDisagrees(let id, let gender):
            "ID number \(id) is a \(id.gender == .male ? "male" : "female") number (17th digit \(id.digits % 10) is \(id.digits % 2 == 1 ? "odd" : "even")), but the record says gender \(gender.rawValue)"
        case .birthAfterToday(let birth, let today): "the birth date \(birth) is after today (\(today))"

        case .registryNumberNeverChanges(let n): "the registry number \(n) is issued once and never changes"
        case .numberAlreadyIssued(let n, let name): "registry number \(n) is already issued, to \(name); a number is issued once"
        case .temporaryNumbersExhausted(let district, let birth):
            "all 9999 temporary numbers for district \(district) and birth date \(birth) are taken"
        case .gradeNotInSchoolStage(let code, let name, let stage, let grade):
            "\(code) \(name) is a \(stage.rawValue) school (grades \(stage.grades.lowerBound)–\(stage.grades.upperBound)); grade \(grade) does not belong to it"
        case .classOutOfRange(let k): "class \(k) is out of range (1–999)"

        case .afterToday(let day, let today):
            "\(day) is after today (\(today)); an event is recorded on or after the day it happens"
        case .beforeBirth(let day, let n, let name, let birth): "\(day) is before \(n) (\(name)) was born (\(birth))"
        case .beforePreviousEvent(let day, let n, let name, let previous):
            "\(day) is before the previous event of \(n) (\(name)) on \(previous)"
        case .enrolmentBeforeBirth(let day, let birth): "the enrolment date \(day) is before the birth date \(birth)"
        case .birthAfterFirstEvent(let birth, let first): "birth date \(birth) is after the student's first event on \(first)"

        case .studentNeedsName: "a student needs a name"
        case .nameEmpty: "a name cannot be empty"
        case .genderInvalid(let v): "gender is M or F (男/女), not '\(v)'"
        case .birthNeedsDate: "birth needs a date (YYYY-MM-DD)"
        case .hukouNeedsDistrictCode(let v): "hukou needs a 6-digit district code, not '\(v)'"
        case .classNeedsNumber: "class needs a number"

        case .textTooLong(let field, let i, let length):
            "\(field.label): character \(i) is past the limit: \(field.singular) holds at most \(field.maxCharacters) characters (this one has \(length))"
        case .textControlCharacter(let field, let i, let s):
            "\(field.label): character \(i) is \(s.controlDescription); \(field.whyRefused(s))"
        }
    }

    /// The Chinese text.
    public var chinese: String {
        switch self {
        case .noStudent(let n): "没有学籍号为 \(n) 的学生"
        case .noSchool(let c): "没有学校代码为 \(c) 的学校"
        case .idAlreadyRegistered(let id, let n, let name): "身份证号 \(id) 已登记，学籍号为 \(n)（\(name)）"
        case .idHasOpenRequest(let id, let r): "身份证号 \(id) 已有一个未办结的学籍注册申请（#\(r)）"

        case .idWrongLength(let t):
            "身份证号「\(t)」有 \(t.count) 个字符；应为 18 个（17 位数字加 1 位校验码）"
        case .idNotDigits(let t): "身份证号「\(t)」的前 17 位必须是数字"
        case .idDistrictUnknown(let id, let code): "身份证号 \(id) 以 \(code) 开头，但 \(code) 从来不是区划代码（GB/T 2260）"
        case .idDistrictNotInForce(let id, let code, let name, let from, let to, let birth):
            "身份证号 \(id) 以 \(code)（\(name)）开头，该区划代码"
                + (to.map { "有效至 \($0) 年" } ?? from.map { "自 \($0) 年起有效" } ?? "在其他时间有效")
                + "，从出生（\(birth) 年）到今天均不在有效期内"
        case .districtNotInForce(let field, let code, let name, let to):
            name.map { "\(field) \(code)（\($0)）不是现行有效的区划代码" + (to.map { "：该代码 \($0) 年后已撤销" } ?? "") }
                ?? "\(field) \(code) 不是区划代码（GB/T 2260）；find districts 可列出全部区划"
        case .idWrongCheckCharacter(let t, let found, let expected):
            "身份证号「\(t)」的校验码是 \(found)，但按其前 17 位应为 \(expected)"
        case .idNoBirthDate(let t):
            "身份证号「\(t)」的第 7–14 位（「\(String(decoding: Array(t.utf8)[6..<14], as: UTF8.self))」）不是真实的出生日期"
        case .idBirthDisagrees(let id, let birth):
            "身份证号 \(id) 对应的出生日期是 \(id.birth)，但记录中是 \(birth)"
        case .idGenderDisagrees(let id, let gender):
            "身份证号 \(id) 是\(id.gender == .male ? "男性" : "女性")号码（第 17 位 \(id.digits % 10) 为\(id.digits % 2 == 1 ? "奇数" : "偶数")），但记录中的性别是 \(gender.rawValue)"
        case .birthAfterToday(let birth, let today): "出生日期 \(birth) 晚于今天（\(today)）"

        case .registryNumberNeverChanges(let n): "学籍号 \(n) 一经发放，永不更改"
        case .numberAlreadyIssued(let n, let name): "学籍号 \(n) 已发放给 \(name)；一个学籍号只发放一次"
        case .temporaryNumbersExhausted(let district, let birth):
            "区划 \(district)、出生日期 \(birth) 的 9999 个临时学籍号已全部用完"
        case .gradeNotInSchoolStage(let code, let name, let stage, let grade):
            "\(code) \(name) 是 \(stage.rawValue) 学段的学校（\(stage.grades.lowerBound)–\(stage.grades.upperBound) 年级）；\(grade) 年级不属于该学段"
        case .classOutOfRange(let k): "班级 \(k) 超出范围（1–999）"

        case .afterToday(let day, let today):
            "\(day) 晚于今天（\(today)）；事件只能在发生当天或之后记录"
        case .beforeBirth(let day, let n, let name, let birth): "\(day) 早于 \(n)（\(name)）的出生日期（\(birth)）"
        case .beforePreviousEvent(let day, let n, let name, let previous):
            "\(day) 早于 \(n)（\(name)）上一个事件的日期（\(previous)）"
        case .enrolmentBeforeBirth(let day, let birth): "入学日期 \(day) 早于出生日期 \(birth)"
        case .birthAfterFirstEvent(let birth, let first): "出生日期 \(birth) 晚于该学生最早的事件日期（\(first)）"

        case .studentNeedsName: "学生须有姓名"
        case .nameEmpty: "姓名不能为空"
        case .genderInvalid(let v): "性别为 M 或 F（男/女），不能是「\(v)」"
        case .birthNeedsDate: "birth 须为日期（YYYY-MM-DD）"
        case .hukouNeedsDistrictCode(let v): "hukou 须为 6 位区划代码，不能是「\(v)」"
        case .classNeedsNumber: "class 须为数字"

        case .textTooLong(let field, let i, let length):
            "\(field.label)：第 \(i) 个字符超出上限：\(field.chineseName)最多 \(field.maxCharacters) 个字符（这里有 \(length) 个）"
        case .textControlCharacter(let field, let i, let s):
            "\(field.label)：第 \(i) 个字符是\(s.chineseControlDescription)；\(field.chineseWhyRefused(s))"
        }
    }
}

extension IdentityMessage: Localized {}

extension TextField {
    /// `a name`, `a reason`.
    fileprivate var singular: String {
        switch self {
        case .name: "a name"
        case .schoolName: "a school name"
        case .ethnicity: "an ethnicity"
        case .reason: "a reason"
        case .text: "a growth-record text"
        case .guardian: "a guardian's name"
        case .relation: "a guardian's relation"
        }
    }

    /// `names`, `reasons`.
    fileprivate var plural: String {
        switch self {
        case .name: "names"
        case .schoolName: "school names"
        case .ethnicity: "ethnicities"
        case .reason: "reasons"
        case .text: "growth-record texts"
        case .guardian: "guardians' names"
        case .relation: "guardians' relations"
        }
    }

    /// Why the field holds no such character.
    fileprivate func whyRefused(_ s: Unicode.Scalar) -> String {
        switch s.value {
        case 0x0A:
            "\(singular) is one line (only reasons and growth-record texts may have several)"
        case 0x2028, 0x2029:
            "\(plural) hold no line or paragraph separators" + (allowsNewline ? " (write a line break as \\n)" : "")
        case 0x202A...0x202E, 0x2066...0x2069:
            "\(plural) hold no bidirectional controls"
        default:
            "\(plural) hold no control characters" + (allowsNewline ? " other than line breaks" : "")
        }
    }
}

extension TextField {
    /// `姓名`, `理由` (Chinese has one form for `a name` and `names`).
    fileprivate var chineseName: String {
        switch self {
        case .name: "姓名"
        case .schoolName: "学校名称"
        case .ethnicity: "民族"
        case .reason: "理由"
        case .text: "成长记录内容"
        case .guardian: "监护人姓名"
        case .relation: "监护人关系"
        }
    }

    /// Why the field holds no such character, in Chinese.
    fileprivate func chineseWhyRefused(_ s: Unicode.Scalar) -> String {
        switch s.value {
        case 0x0A:
            "\(chineseName)只能是一行（只有理由和成长记录内容可以多行）"
        case 0x2028, 0x2029:
            "\(chineseName)不能包含行分隔符或段分隔符" + (allowsNewline ? "（换行请写作 \\n）" : "")
        case 0x202A...0x202E, 0x2066...0x2069:
            "\(chineseName)不能包含双向控制字符"
        default:
            "\(chineseName)不能包含控制字符" + (allowsNewline ? "（换行除外）" : "")
        }
    }
}
