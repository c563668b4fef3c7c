import Registry

/// The catalogue's Chinese texts (issue 16): one branch per message, the same arguments as
/// the English. Words the user types (fields, keywords, values) stay as RQL spells them.
extension MessageID: Localized {
    /// The Chinese text.
    public var chinese: String {
        typealias Z = ChineseText
        switch self {
        case .statementCannotBegin(let w): return "语句不能以「\(w)」开头"
        case .lineCannotBegin(let w): return "一行不能以「\(w)」开头：要接续上一行，请在上一行末尾加「\\」"
        case .unknownField(let w, let s, _): return s.map { "未知字段「\(w)」；是不是「\($0)」？" } ?? "未知字段「\(w)」"
        case .wrongValueKind(let f, let k, let written, _): return "\(f) 是\(k.chinese)字段；\(written.chinese)"
        case .numberTooLarge(let d): return "数字太大：\(d)"
        case .unknownGender(let w): return "未知性别「\(w)」；应为 M、F、男或女"
        case .unknownWord(let f, let w, let s, let allowed):
            return s.map { Z.join("未知的", f, "「\(w)」；是不是「\($0)」？") } ?? Z.join("未知的", f, "「\(w)」；应为", Z.orList(allowed))
        case .likeNeedsText(let f, let k): return "like 只能用于文本字段；\(f) 是\(k.chinese)字段"
        case .registryNumberNotCorrectable: return "学籍号不能更正：学籍号一经发放，终身不变"
        case .fieldNotCorrectable(let f, let instead, _): return "\(f) 不能更正：\(instead.chinese)"
        case .unknownKeyword(let w, let s): return "未知关键字「\(w)」；是不是「\(s)」？"
        case .unexpectedAfterEnd(let found, _): return Z.join("语句结束后不应再有", Z.token(found))
        case .expectedStatement(let found): return Z.join("此处应为语句，却遇到", Z.token(found))
        case .unknownStatement(let w, _): return "未知语句「\(w)」"
        case .invalidRegistryNumber(let t): return "无效的学籍号「\(t)」"
        case .setTwice(let f): return "\(f) 设置了两次"
        case .conditionTooDeep: return "条件嵌套过深"
        case .conditionTooLong(let n): return "条件过长：比较超过 \(n) 个"
        case .explainTooDeep: return "explain 嵌套过深"
        case .duplicateClause(let w, _, _): return "重复的「\(w)」子句"
        case .expectedWhere: return "条件之前应有「where」"
        case .enrolCannotSet(let f, let fields): return "此处不能设置 \(f)；enrol 只接受 " + fields.joined(separator: "、")
        case .missingReason(let what, _, let found):
            return Z.join(what.chinese, "需要理由：请加上 reason \"…\"") + (found.map { Z.join("，却遇到", Z.token($0)) } ?? "")
        case .expected(let what, let after, let found, _):
            return (after.map { Z.join("在", Z.token($0), "之后应为", what.chinese) } ?? Z.join("应为", what.chinese))
                + (found.map { Z.join("，却遇到", Z.token($0)) } ?? "")
        case .strayBackslash: return "多余的「\\」：反斜杠只有在行末才表示语句接续"
        case .unknownEscape(let c): return "字符串中有未知的转义「\\\(c)」"
        case .unterminatedString: return "字符串没有结束"
        case .invalidNumber(let t): return "无效的数字「\(t)」"
        case .invalidDate(let t, _): return "无效的日期「\(t)」"
        case .unexpectedCharacter(let c, _): return "无法识别的字符「\(c)」"
        case .invalidUTF8(let b): return "无效的 UTF-8（字节 0x\(String(b, radix: 16, uppercase: true))）；该行未执行"
        case .notAnActor(let t):
            return "「\(t)」不是用户：应为 national、province:41、city:4103、county:410303 或 school:4103030001"
        case .notAPublicKey(let t): return "「\(t)」不是公钥：应为 ed25519: 加 32 字节的 base64（可用 xueji keygen 生成）"
        case .newStudentNeeds(let f): return "新生入学需要 \(f) = …"
        case .genderIsMOrF: return "性别为 M 或 F（男/女）"
        case .birthNeedsDate: return "birth 应为日期（YYYY-MM-DD）"
        case .notAFieldOf(let f, let noun): return "「\(f)」不是\(ResultText.Noun(rawValue: noun)?.chineseName ?? noun)的字段"
        case .notAStudentField(let f): return "「\(f)」不是学生字段"
        case .countOrderNotInBy(let k, _): return "count 只能按 count 或其 by 列表中的字段排序；「\(k)」不在其中"
        case .outsideScope(let n, let a): return "\(n) 不在" + (a.map { " \($0) " } ?? "本会话") + "的管辖范围内"
        case .notYetRegistered(let n, let d): return "\(n) 在 \(d) 尚未建立学籍"
        case .verifyFoundDamage(let problems): return "校验发现损坏：" + problems.joined(separator: "；")
        case .notARequestNumber(let t): return "「\(t)」不是申请编号（#12）"
        case .requestsNeedGovernance: return "只有分级管理的学籍库才有申请，且会话须用 --as ACTOR --key FILE 打开"
        case .schoolFieldInStudentCondition(let f): return "「\(f)」是学校字段；学生没有这个字段"
        case .valueNotOfKind(let f, let k, let w): return "\(f) 的值是\(k.chinese)；\(w) 不是\(k.chinese)"
        case .invalidIDInRegistryNumber(let n, let detail): return "\(n) 不是有效的学籍号：\(detail.chinese)"
        case .notARegistryNumber(let t): return "\(t) 不是学籍号（G、L 或 J 后跟 18 位数字或 X）"
        case .schoolCodeDigits(let t, let d): return "学校代码为 10 位数字；「\(t)」有 \(d) 位"
        case .schoolCodeOtherCharacters(let t, let n): return "学校代码为 10 位数字；「\(t)」含有 \(n) 个其他字符"
        case .notADistrictCode(let t): return "区划代码为 6 位数字，例如 410303；「\(t)」不是区划代码"
        case .readOnly: return "学籍库以只读方式打开；这条语句会修改它"
        case .governedNeedsActor:
            return "此学籍库实行分级管理：须用 --as ACTOR --key FILE 打开才能读取（不带这两项时只能运行 verify）"
        case .statementNeeds(let statement, let part, _, let detail): return Z.join(statement, "缺少", part.chinese) + "：" + detail.chinese
        case .withHint(let detail, _): return detail.chinese
        case .engine(let m): return m.chinese
        }
    }

    /// The hint that goes with the Chinese text, if any (the Chinese of `hint`).
    public var chineseHint: String? {
        switch self {
        case .lineCannotBegin: "上一行已是一条完整的语句，所以在那里结束了"
        case .unknownField(_, let s, let fields): s == nil ? "字段：" + fields.joined(separator: "、") : nil
        case .wrongValueKind(_, _, _, let h): h?.chinese
        case .likeNeedsText: "数字和日期请用 =、<、>、between 比较"
        case .registryNumberNotCorrectable: "请改为更正 id_card；学籍号保持发放时的样子"
        case .fieldNotCorrectable(_, _, let names): "可更正的字段：" + names.joined(separator: "、")
        case .unexpectedAfterEnd(_, let canEnd): canEnd ? "开始另一条语句之前，请用「;」或换行结束这一条" : nil
        case .unknownStatement(_, let words): "语句以下列词之一开头：" + words.joined(separator: "、")
        case .invalidRegistryNumber: "学籍号为 G、L 或 J 后跟 18 位数字或 X，例如 G410303200703150012"
        case .duplicateClause(_, let statement, let clauses):
            statement.map { "\($0) 的 \(clauses.map { $0 == "order" ? "order by" : $0 }.joined(separator: "、")) 各只能写一次" }
        case .expectedWhere(let example): "例如 \(example)"
        case .enrolCannotSet(let f, _): f == "class" ? "班级写在年级之后：grade 1 class 2" : nil
        case .missingReason(_, let example, _): "例如 \(example)"
        case .expected(_, _, _, let atLineEnd): atLineEnd ? "语句随这一行结束；要在下一行接续，请在行末加「\\」" : nil
        case .statementNeeds(_, _, let example, let detail): example.map { "例如 \($0)" } ?? detail.chineseHint
        case .withHint(_, let h): h.chinese
        case .unknownEscape: "可用的转义有 \\\" \\' \\\\ \\n；反斜杠本身写作「\\\\」"
        case .unterminatedString(let q): "请用「\(q)」结束字符串"
        case .invalidNumber(let t): "数字须全部由数位组成；以数字开头的文本请加引号：\"\(t)\""
        case .invalidDate(_, let why): why.chinese
        case .unexpectedCharacter(_, let meant): meant.map { "是不是要写「\($0)」？（输入了全角字符）" }
        case .invalidUTF8: "语句须为 UTF-8 编码；请先转换文件，例如 iconv -f GB18030 -t UTF-8"
        case .countOrderNotInBy(_, let by): by.isEmpty ? "count … by FIELD order by count desc" : "by " + by.joined(separator: ", ")
        default: nil
        }
    }
}

extension MessageID.DateProblem {
    var chinese: String {
        switch self {
        case .shape: "日期写作 YYYY-MM-DD，例如 2013-09-01"
        case .daysInMonth(let m, let d): "\(m) 只有 \(d) 天"
        case .noMonth(let m): "没有 \(m) 月"
        }
    }
}

extension MessageID.Hint {
    var chinese: String {
        switch self {
        case .conditionStartsWithField(let s): "条件以字段开头：name = \(s)"
        case .dateWithoutQuotes(let s): "日期不加引号：\(s)"
        case .dateFormat: "日期写作 YYYY-MM-DD"
        case .quoteText(let s): "文本请加引号：\"\(s)\""
        }
    }
}

extension MessageID.ValueKind {
    /// The kind as a noun: 数字, 文本, 日期.
    var chinese: String {
        switch self {
        case .number: "数字"
        case .text: "文本"
        case .date: "日期"
        }
    }
}

extension MessageID.Written {
    var chinese: String {
        switch self {
        case .number(let s): "\(s) 是数字"
        case .text(let s): "\(s) 是文本"
        case .date(let s): "\(s) 是日期"
        case .registryNumber(let s): "\(s) 是学籍号"
        case .word(let s): "「\(s)」是一个词"
        }
    }
}

extension MessageID.KindHint {
    var chinese: String {
        switch self {
        case .numberWithoutQuotes(let s): "数字不加引号：\(s)"
        case .dateWithoutQuotes(let s): "日期不加引号：\(s)"
        case .dateFormat: "日期写作 YYYY-MM-DD"
        case .quoteText(let s): "如果指的是文本，请加引号：\"\(s)\""
        }
    }
}

extension MessageID.CorrectionInstead {
    var chinese: String {
        switch self {
        case .transfer: "请用 transfer"
        case .promote: "请用 promote，或 transfer … grade N"
        case .statusStatements: "请用 suspend、resume、withdraw 或 graduate"
        case .derived: "它由其他字段推算而来"
        }
    }
}

/// What the Chinese texts share: tokens as the parser names them, lists, and the space
/// between a Chinese character and a Latin letter, digit or ASCII sign.
enum ChineseText {
    /// A token as the parser describes it (`'name'`, `the string "x"`, `end of line`), in Chinese.
    static func token(_ description: String) -> String {
        switch description {
        case "end of line": return "行尾"
        case "end of input": return "输入结尾"
        case "the line": return "该行"
        default:
            if description.hasPrefix("the string ") { return "字符串 " + description.dropFirst("the string ".count) }
            if description.count >= 2, description.hasPrefix("'"), description.hasSuffix("'") {
                return "「" + description.dropFirst().dropLast() + "」"
            }
            return description
        }
    }

    /// `a`, `a 或 b`, `a、b 或 c` (或 spaced only beside Latin text).
    static func orList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return join(items.dropLast().joined(separator: "、"), "或", items.last!)
    }

    /// The parts joined, with a space where a Chinese character meets a Latin one.
    static func join(_ parts: String...) -> String {
        var out = ""
        for p in parts where !p.isEmpty {
            if let a = out.last, let b = p.first, (isHan(a) && isLatin(b)) || (isLatin(a) && isHan(b)) { out += " " }
            out += p
        }
        return out
    }

    static func isHan(_ c: Character) -> Bool {
        c.unicodeScalars.first.map { (0x3400...0x9FFF).contains($0.value) || (0x20000...0x2FFFF).contains($0.value) } ?? false
    }

    static func isLatin(_ c: Character) -> Bool { c.isASCII && !c.isWhitespace }
}
