import Registry

/// `.help rules R7`: a rule's full text, its source, and the statements that show it at work.
enum RuleHelp {
    static func text(for rule: Rule) -> String {
        var s = "\(rule.id) — \(rule.text)\nSource: \(rule.source) (《中小学生学籍管理办法》 or the standard named)\n\nExample:\n"
        s += example(rule).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
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
}
