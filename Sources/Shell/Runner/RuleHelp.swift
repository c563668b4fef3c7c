import Registry

/// `.help rules R7`: a rule's full text, its source, and the statements that show it at work,
/// in the language in use (in Chinese the example is written with the Chinese keywords).
enum RuleHelp {
    static func text(for rule: Rule, in language: Language = Language.current) -> String {
        guard language == .zh else {
            var s = "\(rule.id) — \(rule.text)\nSource: \(rule.source) (《中小学生学籍管理办法》 or the standard named)\n\nExample:\n"
            s += example(rule).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
            return s
        }
        var s = "\(rule.id) — \(rule.chineseText)\n来源：\(rule.chineseSource)（条款为《中小学生学籍管理办法》的条款，其余为所列标准）\n\n示例：\n"
        s += chineseExample(rule).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
        return s
    }

    /// A refusal and then the right way, for each rule.
    static func example(_ rule: Rule) -> String {
        switch rule {
        case .r1: return """
            enrol name = "张三", gender = M, birth = 2007-03-15, id_card = "410303200703150012" at 4103030001 grade 1 on 2013-09-01
            enrol name = "张叁", gender = M, birth = 2007-03-15, id_card = "410303200703150012" at 4103030002 grade 1
              -- error[R1]: ID number 410303200703150012 is already registered as G410303200703150012 (张三)
            """
        case .r2: return """
            enrol name = "张三", gender = M, birth = 2007-03-15, id_card = "410303200703150011" at 4103030001 grade 1
              -- error[R2]: ID number '410303200703150011' has check character 1, but its digits give 2
            """
        case .r3: return """
            enrol name = "李四", gender = F, birth = 2007-05-20, hukou = 410302 at 4103030001 grade 1 on 2013-09-01
              -- enrolled L410302200705200001: no ID number, so a temporary L number
            correct L410302200705200001 set no = G410303200703150012 reason "x"
              -- error[R3]: the registry number is issued once and never changes
            """
        case .r4: return """
            enrol G410303200703150012 at 4103030002 grade 2
              -- error[R4]: G410303200703150012 (张三) is active at 4103030001 …; transfer instead
            transfer G410303200703150012 to 4103030002
            """
        case .r5: return """
            enrol name = "赵六", gender = F, birth = 2007-06-01 at 4103030001 grade 7
              -- error[R5]: 4103030001 … is a primary school (grades 1–6); grade 7 does not belong to it
            """
        case .r6: return """
            enrol name = "赵六", gender = F, birth = 2009-06-01 at 4103030001 grade 1 on 2013-09-01
              -- error[R6]: a grade-1 entrant must be 6 by 2013-08-31 …
            enrol name = "赵六", gender = F, birth = 2009-06-01 at 4103030001 grade 1 on 2013-09-01 reason "经教育局批准提前入学"
            """
        case .r7: return """
            transfer G410303200703150012 to 4103030101
              -- error[R7]: 4103030101 … is a junior school (grades 7–9); it holds no grade 2
            transfer G410303200703150012 to 4103030002 reason "随父母搬家"
            """
        case .r8: return """
            promote G410303200703150012      -- in grade 6
              -- error[R8]: … is in grade 6, the final grade of primary stage; graduate instead
            graduate G410303200703150012
            """
        case .r9: return """
            graduate G410303200703150012     -- in grade 5
              -- error[R9]: … only grade 6, the final grade of primary stage, can graduate
            """
        case .r10: return """
            enrol G410303200703150012 at 4103030101 grade 7 on 2019-09-01   -- before graduating
              -- error[R4] (still active) or error[R10] (withdrawn, not graduated)
            graduate G410303200703150012 on 2019-07-01
            enrol G410303200703150012 at 4103030101 grade 7 on 2019-09-01   -- same number, next stage
            """
        case .r11: return """
            correct G410303200703150012 set name = "张山"
              -- error[R11]: a correction needs a reason
            correct G410303200703150012 set name = "张山" reason "户籍信息更正"
            history G410303200703150012      -- the old name stays, with who, when and why
            """
        case .r12: return """
            withdraw G410303200703150012 reason "随父母出国"
            check dropouts                   -- a withdrawn child of 6–15 is listed
            """
        case .r13: return """
            resume G410303200703150012
              -- error[R13]: … is active; only a suspended student can resume
            suspend G410303200703150012 reason "病休" on 2015-04-01
            resume G410303200703150012 on 2015-09-01
            """
        case .r14: return """
            history G410303200703150012      -- every change: effective date, recorded time, actor, reason
            verify                           -- re-walks the hash-chained journal
            """
        case .r15: return """
            enrol name = "李四", gender = F, birth = 2007-05-20, hukou = 410302 at 4103030001 grade 1
              -- warning[R15]: hukou district 410302 differs from the school's district 410303
            check zoning
            """
        case .r16: return """
            promote G410303200703150012 on 2010-01-01
              -- error[R16]: 2010-01-01 is before the previous event of G410303200703150012 …
            """
        case .r17: return """
            check duplicates                 -- same ID twice, or same name, birth and gender
            """
        case .r18: return """
            -- xueji REG --as county:410303 --key county.key
            add actor county:410305 name "洛阳市涧西区教育局" key "ed25519:…"
              -- error[R18]: county:410303 cannot add county:410305: only an actor above it whose scope holds it can
            add actor school:4103030001 name "洛阳市西工区第一小学" key "ed25519:…"
            """
        case .r19: return """
            -- xueji REG --as school:4103050001 --key school.key
            transfer G410303200703150012 to 4103050001 reason "随父母搬家"
              -- request #1 transfer G410303200703150012 4103030001 → 4103050001: awaiting county:410305 by …
            approve #1          -- as school:4103050001
              -- error[R19]: request #1 awaits county:410305; school:4103050001 cannot approve it
            """
        case .r20: return """
            suspend G410303200703150012 reason "生病"     -- while request #1 is open
              -- error[R20]: G410303200703150012 has an open request (#1 transfer, awaiting …); one request at a time
            """
        case .r21: return """
            add holiday 2014-10-01 to 2014-10-07 name "国庆节"
            add workday 2014-10-11
            check overdue                    -- steps past their 10th working day
            """
        case .r22: return """
            -- xueji REG           (a governed registry, no --as)
            enrol name = "张三", gender = M, birth = 2007-03-15 at 4103030001 grade 1
              -- error[R22]: this registry is governed: open it with --as ACTOR --key FILE to change it
            verify                           -- names any entry whose signature fails
            """
        case .r23: return """
            promote where school = 4103030001                 -- meant 4103030002
              -- promoted 412 (journal entry 57)
            revert entry 57 reason "学校代码输错"
              -- reverted entry 57: 412 students back as they were on 2025-07-01
            record G410303201903150011 award "三好学生"          -- a later event for one of them…
            revert entry 57 reason "…"
              -- error[R23]: G410303201903150011 (张三) has a later event (record on 2025-07-02); …
            """
        }
    }

    /// The same example with the Chinese keywords, the comments in Chinese.
    static func chineseExample(_ rule: Rule) -> String {
        switch rule {
        case .r1: return """
            入学 姓名 = "张三", 性别 = 男, 出生日期 = 2007-03-15, 身份证号 = "410303200703150012" 在 4103030001 年级 1 于 2013-09-01
            入学 姓名 = "张叁", 性别 = 男, 出生日期 = 2007-03-15, 身份证号 = "410303200703150012" 在 4103030002 年级 1
              -- 错误[R1]：身份证号 410303200703150012 已登记为 G410303200703150012（张三）
            """
        case .r2: return """
            入学 姓名 = "张三", 性别 = 男, 出生日期 = 2007-03-15, 身份证号 = "410303200703150011" 在 4103030001 年级 1
              -- 错误[R2]：身份证号 '410303200703150011' 的校验码是 1，但按前 17 位应为 2
            """
        case .r3: return """
            入学 姓名 = "李四", 性别 = 女, 出生日期 = 2007-05-20, 户籍 = 410302 在 4103030001 年级 1 于 2013-09-01
              -- 已入学 L410302200705200001：没有身份证号，发放临时 L 号
            更正 L410302200705200001 设 学籍号 = G410303200703150012 理由 "x"
              -- 错误[R3]：学籍号只发放一次，永不改变
            """
        case .r4: return """
            入学 G410303200703150012 在 4103030002 年级 2
              -- 错误[R4]：G410303200703150012（张三）在 4103030001 在读 …；应改为转学
            转学 G410303200703150012 到 4103030002
            """
        case .r5: return """
            入学 姓名 = "赵六", 性别 = 女, 出生日期 = 2007-06-01 在 4103030001 年级 7
              -- 错误[R5]：4103030001 … 是小学（1–6 年级）；7 年级不属于该校
            """
        case .r6: return """
            入学 姓名 = "赵六", 性别 = 女, 出生日期 = 2009-06-01 在 4103030001 年级 1 于 2013-09-01
              -- 错误[R6]：一年级新生须在 2013-08-31 前年满 6 周岁 …
            入学 姓名 = "赵六", 性别 = 女, 出生日期 = 2009-06-01 在 4103030001 年级 1 于 2013-09-01 理由 "经教育局批准提前入学"
            """
        case .r7: return """
            转学 G410303200703150012 到 4103030101
              -- 错误[R7]：4103030101 … 是初中（7–9 年级）；没有 2 年级
            转学 G410303200703150012 到 4103030002 理由 "随父母搬家"
            """
        case .r8: return """
            升级 G410303200703150012         -- 在 6 年级
              -- 错误[R8]：… 在 6 年级，即小学学段的最后一个年级；应办理毕业
            毕业 G410303200703150012
            """
        case .r9: return """
            毕业 G410303200703150012         -- 在 5 年级
              -- 错误[R9]：… 只有 6 年级（小学学段的最后一个年级）才能毕业
            """
        case .r10: return """
            入学 G410303200703150012 在 4103030101 年级 7 于 2019-09-01   -- 毕业之前
              -- 错误[R4]（仍在读）或 错误[R10]（已退学，未毕业）
            毕业 G410303200703150012 于 2019-07-01
            入学 G410303200703150012 在 4103030101 年级 7 于 2019-09-01   -- 同一学籍号，下一学段
            """
        case .r11: return """
            更正 G410303200703150012 设 姓名 = "张山"
              -- 错误[R11]：更正需要理由
            更正 G410303200703150012 设 姓名 = "张山" 理由 "户籍信息更正"
            历史 G410303200703150012         -- 旧姓名仍在，并记下由谁、何时、为何更正
            """
        case .r12: return """
            退学 G410303200703150012 理由 "随父母出国"
            检查 辍学                        -- 列出 6–15 岁的退学儿童
            """
        case .r13: return """
            复学 G410303200703150012
              -- 错误[R13]：… 在读；只有休学的学生才能复学
            休学 G410303200703150012 理由 "病休" 于 2015-04-01
            复学 G410303200703150012 于 2015-09-01
            """
        case .r14: return """
            历史 G410303200703150012         -- 每项更改：生效日期、记录时间、用户、理由
            校验                             -- 重新核对哈希链日志
            """
        case .r15: return """
            入学 姓名 = "李四", 性别 = 女, 出生日期 = 2007-05-20, 户籍 = 410302 在 4103030001 年级 1
              -- 警告[R15]：户籍区划 410302 与学校所在区划 410303 不同
            检查 划片
            """
        case .r16: return """
            升级 G410303200703150012 于 2010-01-01
              -- 错误[R16]：2010-01-01 早于 G410303200703150012 的上一个事件 …
            """
        case .r17: return """
            检查 查重                        -- 同一身份证号出现两次，或姓名、出生日期、性别都相同
            """
        case .r18: return """
            -- xueji REG --as county:410303 --key county.key
            添加 用户 county:410305 名称 "洛阳市涧西区教育局" 密钥 "ed25519:…"
              -- 错误[R18]：county:410303 不能添加 county:410305：只有管辖范围包含它的上级用户才能添加
            添加 用户 school:4103030001 名称 "洛阳市西工区第一小学" 密钥 "ed25519:…"
            """
        case .r19: return """
            -- xueji REG --as school:4103050001 --key school.key
            转学 G410303200703150012 到 4103050001 理由 "随父母搬家"
              -- 申请 #1 转学 G410303200703150012 4103030001 → 4103050001：等待 county:410305，期限 …
            审批 #1             -- 以 school:4103050001 的身份
              -- 错误[R19]：申请 #1 正在等待 county:410305；school:4103050001 不能审批
            """
        case .r20: return """
            休学 G410303200703150012 理由 "生病"     -- 申请 #1 未结束时
              -- 错误[R20]：G410303200703150012 有未结束的申请（#1 转学，等待 …）；同一时间只能有一个申请
            """
        case .r21: return """
            添加 节假日 2014-10-01 到 2014-10-07 名称 "国庆节"
            添加 调休日 2014-10-11
            检查 逾期                        -- 超过第 10 个工作日的步骤
            """
        case .r22: return """
            -- xueji REG           （受管学籍库，不带 --as）
            入学 姓名 = "张三", 性别 = 男, 出生日期 = 2007-03-15 在 4103030001 年级 1
              -- 错误[R22]：这是受管学籍库：须用 --as ACTOR --key FILE 打开才能更改
            校验                             -- 列出签名不符的条目
            """
        case .r23: return """
            升级 条件 学校 = 4103030001                 -- 本应是 4103030002
              -- 已升级 412 名（日志条目 57）
            撤销 条目 57 理由 "学校代码输错"
              -- 已撤销条目 57：412 名学生恢复到 2025-07-01 时的状态
            记录 G410303201903150011 奖励 "三好学生"      -- 其中一名学生之后的事件…
            撤销 条目 57 理由 "…"
              -- 错误[R23]：G410303201903150011（张三）有之后的事件（2025-07-02 的记录）；…
            """
        }
    }
}
