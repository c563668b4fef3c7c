import Registry

/// Statements that change the registry: schools, enrolment and the student lifecycle.
extension Parser {
    /// The optional clauses that follow a lifecycle statement, in any order, each at most once.
    struct OptionalClauses {
        var grade: Located<Int>?
        var classNumber: Located<Int>?
        var on: Located<Day>?
        var reason: Located<String>?
    }

    /// Reads `{ grade_clause | class_clause | on_clause | reason_clause }` restricted to `allowed`.
    mutating func parseOptionalClauses(_ allowed: [String]) throws -> OptionalClauses {
        var o = OptionalClauses()
        while let w = current.word, allowed.contains(w) {
            let tok = current
            func duplicate() -> Diagnostic { Diagnostic(.duplicateClause(word: tok.text, statement: nil, clauses: []), at: tok.span) }
            switch w {
            case "grade": if o.grade != nil { throw duplicate() }; o.grade = try parseGradeClause()
            case "class": if o.classNumber != nil { throw duplicate() }; o.classNumber = try parseClassClause()
            case "on": if o.on != nil { throw duplicate() }; o.on = try parseOnClause()
            default: if o.reason != nil { throw duplicate() }; o.reason = try parseReasonClause()
            }
        }
        optionalKeywords = allowed
        return o
    }

    /// A rule-carrying error at the place a required `reason` clause was expected (R11, R12, R13).
    func missingReason(_ what: Phrase, rule: Rule, example: String) -> Diagnostic {
        Diagnostic(.missingReason(what: what, example: example, found: current.isTerminator ? nil : current.description),
                   at: current.span, rule: rule)
    }

    /// add_school_statement = "add" "school" code school_attribute { school_attribute } ;
    mutating func parseAddSchoolStatement() throws -> Statement {
        let start = try expect("add")
        try expect("school", .word("school"))
        let code = try parseCode(.schoolCode)
        var name: Located<String>?, stage: Located<SchoolStage>?, district: Located<String>?
        while let w = current.word, ["name", "stage", "district"].contains(w) {
            let tok = current
            if (w == "name" && name != nil) || (w == "stage" && stage != nil) || (w == "district" && district != nil) {
                throw Diagnostic(.duplicateClause(word: tok.text, statement: nil, clauses: []), at: tok.span)
            }
            switch try parseSchoolAttribute() {
            case .name(let v): name = v
            case .stage(let v): stage = v
            case .district(let v): district = v
            }
        }
        optionalKeywords = ["name", "stage", "district"]
        guard let name else { throw missing(.aName, "name \"洛阳市西工区第一小学\"") }
        guard let stage else { throw missing(.aStage, "stage primary") }
        guard let district else { throw missing(.aDistrict, "district 410303") }
        return .addSchool(Statement.AddSchool(code: code, name: name, stage: stage, district: district, span: span(from: start)))
    }

    /// add_actor_statement = "add" "actor" actor "name" string "key" string ;
    mutating func parseAddActorStatement() throws -> Statement {
        let start = try expect("add")
        try expect("actor", .word("actor"))
        let actor = try parseActor()
        try expect("name", .word("name"))
        let name = try parseText(.actorName)
        try expect("key", .word("key"))
        let key = try parseText(.publicKey)
        return .addActor(Statement.AddActor(actor: actor, name: name, key: key, span: span(from: start)))
    }

    /// revoke_actor_statement = "revoke" "actor" actor reason_clause ;
    mutating func parseRevokeActorStatement() throws -> Statement {
        let start = try expect("revoke")
        try expect("actor", .word("actor"))
        let actor = try parseActor()
        guard current.isKeyword("reason") else {
            throw missingReason(.revokingActor, rule: .r18, example: "revoke actor \(actor.value) reason \"钥匙丢失\"")
        }
        let reason = try parseReasonClause()
        return .revokeActor(Statement.RevokeActor(actor: actor, reason: reason, span: span(from: start)))
    }

    /// request_step_statement = ( "approve" | "reject" | "cancel" ) request_number [ reason_clause ] ;
    mutating func parseRequestStepStatement() throws -> Statement {
        let verb = current.word!
        let start = try expect(verb)
        let number = try parseRequestNumber()
        let w = number.value
        var reason: Located<String>?
        if verb != "cancel", current.isKeyword("reason") { reason = try parseReasonClause() }
        optionalKeywords = verb == "cancel" ? [] : ["reason"]
        if verb == "reject", reason == nil {
            throw missingReason(.rejectingRequest, rule: .r19, example: "reject \(w) reason \"学位已满\"")
        }
        let step = Statement.RequestStep(number: number, reason: reason, span: span(from: start))
        switch verb {
        case "approve": return .approve(step)
        case "reject": return .reject(step)
        default: return .cancel(step)
        }
    }

    /// request_number = "#" DIGITS ;   (the lexer reads `#12` as one word)
    mutating func parseRequestNumber() throws -> Located<String> {
        let tok = current
        guard let w = tok.word, w.hasPrefix("#") else { throw expected(.requestNumber) }
        advance()
        return Located(w, tok.span)
    }

    /// add_holiday_statement = "add" "holiday" DATE [ "to" DATE ] "name" text ;
    mutating func parseAddHolidayStatement() throws -> Statement {
        let start = try expect("add")
        try expect("holiday", .word("holiday"))
        let from = try parseDate()
        var to: Located<Day>?
        if current.isKeyword("to") { advance(); to = try parseDate() }
        try expect("name", .word("name"))
        let name = try parseText(.holidayName)
        return .addHoliday(Statement.AddHoliday(from: from, to: to, name: name, span: span(from: start)))
    }

    /// add_workday_statement = "add" "workday" DATE ;
    mutating func parseAddWorkdayStatement() throws -> Statement {
        let start = try expect("add")
        try expect("workday", .word("workday"))
        return .addWorkday(Statement.AddWorkday(day: try parseDate(), span: span(from: start)))
    }

    /// actor = "national" | ( "school" | "county" | "city" | "province" ) ":" digits ;
    /// (the lexer reads `county:410303` as one word).
    mutating func parseActor() throws -> Located<String> {
        let tok = current
        guard let w = tok.word, w == "national" || w.contains(":") else {
            throw expected(.actor)
        }
        advance()
        return Located(w, tok.span)
    }

    func missing(_ what: Phrase, _ example: String) -> Diagnostic {
        let d = expected(.word(String(example.split(separator: " ")[0])))
        return Diagnostic(.statementNeeds(statement: "add school", part: what, example: example, detail: d.id!), at: d.span)
    }

    /// One attribute of `add school`.
    enum SchoolAttribute { case name(Located<String>), stage(Located<SchoolStage>), district(Located<String>) }

    /// school_attribute = "name" text | "stage" stage | "district" code ;
    mutating func parseSchoolAttribute() throws -> SchoolAttribute {
        let tok = advance()
        switch tok.word {
        case "name": return .name(try parseText(.schoolName))
        case "stage": return .stage(try parseStage())
        default: return .district(try parseCode(.districtCode))
        }
    }

    /// stage = "primary" | "junior" | "senior" ;
    mutating func parseStage() throws -> Located<SchoolStage> {
        let text: String
        switch current.kind {
        case .word(let w), .string(let w): text = w
        default: throw expected(.stage)
        }
        guard let stage = SchoolStage(rawValue: Vocabulary.englishValue(text) ?? text.lowercased()) else {
            let s = EditDistance.suggestion(for: text, among: SchoolStage.allCases.map(\.rawValue))
            throw Diagnostic(.unknownWord(field: "stage", word: text, suggestion: s, allowed: SchoolStage.allCases.map(\.rawValue)),
                             at: current.span)
        }
        return Located(stage, advance().span)
    }

    /// enrol_statement = ( "enrol" | "enroll" ) enrol_target at_clause grade_clause
    ///                   { class_clause | on_clause | reason_clause } ;
    mutating func parseEnrolStatement() throws -> Statement {
        let start = advance()
        let target = try parseEnrolTarget()
        let school = try parseAtClause()
        let grade = try parseGradeClause()
        let o = try parseOptionalClauses(["class", "on", "reason"])
        return .enrol(Statement.Enrol(target: target, school: school, grade: grade, classNumber: o.classNumber, on: o.on,
                            reason: o.reason, span: span(from: start)))
    }

    static let enrolFields: [StudentField] = [.name, .gender, .birth, .id_card, .ethnicity, .hukou, .migrant, .leftBehind]

    /// enrol_target = registry_number | assignment_list ;
    mutating func parseEnrolTarget() throws -> Statement.Enrol.Target {
        if case .registryNumber = current.kind { return .existing(try parseRegistryNumber()) }
        guard let w = current.word else { throw expected(.either([.registryNumber, .studentDetails])) }
        if StudentField(rawValue: w) == nil, w.first.map({ "glj".contains($0) }) == true, w.contains(where: \.isNumber) {
            return .existing(try parseRegistryNumber())
        }
        let list = try parseAssignmentList()
        for a in list where !Parser.enrolFields.contains(a.field) {
            throw Diagnostic(.enrolCannotSet(field: a.field.rawValue, fields: Parser.enrolFields.map(\.rawValue)), at: a.fieldSpan)
        }
        for f in [StudentField.name, .gender, .birth] where !list.contains(where: { $0.field == f }) {
            let d = expected(.nextAssignment(field: f.rawValue))
            throw Diagnostic(.statementNeeds(statement: "enrol", part: .studentsField(f.rawValue), example: nil, detail: d.id!), at: d.span)
        }
        return .newStudent(list)
    }

    /// transfer_statement = "transfer" registry_number "to" code { grade_clause | on_clause | reason_clause } ;
    mutating func parseTransferStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        try expect("to", .wordThen("to", .schoolCode))
        let school = try parseCode(.schoolCode)
        let o = try parseOptionalClauses(["grade", "on", "reason"])
        return .transfer(Statement.Transfer(number: number, school: school, grade: o.grade, on: o.on, reason: o.reason,
                                  span: span(from: start)))
    }

    /// promote_statement = "promote" student_target [ on_clause ] ;
    mutating func parsePromoteStatement() throws -> Statement {
        let start = advance()
        let target = try parseStudentTarget()
        let o = try parseOptionalClauses(["on"])
        return .promote(Statement.StageChange(target: target, on: o.on, span: span(from: start)))
    }

    /// graduate_statement = "graduate" student_target [ on_clause ] ;
    mutating func parseGraduateStatement() throws -> Statement {
        let start = advance()
        let target = try parseStudentTarget()
        let o = try parseOptionalClauses(["on"])
        return .graduate(Statement.StageChange(target: target, on: o.on, span: span(from: start)))
    }

    /// student_target = registry_number | where_clause ;
    mutating func parseStudentTarget() throws -> Statement.StudentTarget {
        if check("where") { return .matching(try parseWhereClause()) }
        if case .registryNumber = current.kind { return .student(try parseRegistryNumber()) }
        if current.word.map({ StudentField(rawValue: $0) != nil }) == true {
            throw Diagnostic(.expectedWhere(example: "promote where grade < 6"), at: current.span)
        }
        if current.word?.first.map({ "glj".contains($0) }) == true { _ = try parseRegistryNumber() }
        throw expected(.either([.registryNumber, .word("where")]))
    }

    /// suspend_statement = "suspend" registry_number { reason_clause | on_clause } ;   (reason required: R13)
    mutating func parseSuspendStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        let o = try parseOptionalClauses(["reason", "on"])
        guard o.reason != nil else {
            throw missingReason(.suspension, rule: .r13, example: "suspend \(number.value) reason \"病休\"")
        }
        return .suspend(Statement.StatusChange(number: number, reason: o.reason, on: o.on, span: span(from: start)))
    }

    /// resume_statement = "resume" registry_number [ on_clause ] ;
    mutating func parseResumeStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        let o = try parseOptionalClauses(["on"])
        return .resume(Statement.StatusChange(number: number, reason: nil, on: o.on, span: span(from: start)))
    }

    /// withdraw_statement = "withdraw" registry_number { reason_clause | on_clause } ;   (reason required: R12)
    mutating func parseWithdrawStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        let o = try parseOptionalClauses(["reason", "on"])
        guard o.reason != nil else {
            throw missingReason(.withdrawal, rule: .r12, example: "withdraw \(number.value) reason \"随父母出国\"")
        }
        return .withdraw(Statement.StatusChange(number: number, reason: o.reason, on: o.on, span: span(from: start)))
    }

    /// void_statement = "void" registry_number { reason_clause | on_clause } ;   (reason required)
    mutating func parseVoidStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        let o = try parseOptionalClauses(["reason", "on"])
        guard o.reason != nil else {
            throw missingReason(.voiding, rule: .r11, example: "void \(number.value) reason \"重复录入\"")
        }
        return .void(Statement.StatusChange(number: number, reason: o.reason, on: o.on, span: span(from: start)))
    }

    /// revert_statement = "revert" "entry" INTEGER reason_clause ;   (reason required: R23)
    mutating func parseRevertStatement() throws -> Statement {
        let start = advance()
        try expect("entry", .wordThen("entry", .journalEntryNumber(noted: true)))
        let entry = try parseInteger(.journalEntryNumber(noted: false))
        guard current.isKeyword("reason") else {
            throw missingReason(.reverting, rule: .r23, example: "revert entry \(entry.value) reason \"学校代码输错\"")
        }
        let reason = try parseReasonClause()
        return .revert(Statement.Revert(entry: entry, reason: reason, span: span(from: start)))
    }

    /// correct_statement = "correct" registry_number "set" assignment_list { reason_clause | on_clause } ;
    ///                     (reason required: R11)
    mutating func parseCorrectStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        try expect("set", .wordThen("set", .corrections))
        let list = try parseAssignmentList()
        for a in list { try Checker.checkCorrectable(a) }
        let o = try parseOptionalClauses(["reason", "on"])
        guard let reason = o.reason else {
            throw missingReason(.correction, rule: .r11, example: "correct \(number.value) set name = \"李四\" reason \"户口本有误\"")
        }
        return .correct(Statement.Correct(number: number, assignments: list, reason: reason, on: o.on, span: span(from: start)))
    }

    /// record_statement = "record" registry_number record_kind text [ on_clause ] ;
    mutating func parseRecordStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        let kind = try parseRecordKind()
        let text = try parseText(.growthText(kind: kind.value.rawValue))
        let o = try parseOptionalClauses(["on"])
        return .record(Statement.Record(number: number, kind: kind, text: text, on: o.on, span: span(from: start)))
    }

    /// confirm_statement = "confirm" registry_number "guardian" string "relation" ( word | string ) [ on_clause ] ;
    mutating func parseConfirmStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        try expect("guardian", .wordThen("guardian", .guardianName))
        let guardian = try parseText(.guardianName)
        try expect("relation", .wordThen("relation", .relation))
        let relation: Located<String>
        if case .string(let s) = current.kind {
            relation = Located(s, advance().span)
        } else if current.word != nil, !current.isTerminator, current.word != "on" {
            // A bare word (父亲): the token's text, so a Chinese word the lexer knows stays itself.
            relation = Located(current.text, advance().span)
        } else {
            throw expected(.relation)
        }
        let o = try parseOptionalClauses(["on"])
        return .confirm(Statement.Confirm(number: number, guardian: guardian, relation: relation, on: o.on, span: span(from: start)))
    }

    /// record_kind = "award" | "activity" | "aid" | "health" | "talent" ;
    mutating func parseRecordKind() throws -> Located<Statement.RecordKind> {
        let names = Statement.RecordKind.allCases.map(\.rawValue)
        guard let w = current.word else { throw expected(.growthKind) }
        guard let kind = Statement.RecordKind(rawValue: w) else {
            if let s = EditDistance.suggestion(for: w, among: names) {
                throw Diagnostic(.unknownWord(field: "record kind", word: current.text, suggestion: s, allowed: names), at: current.span)
            }
            throw expected(.growthKind)
        }
        return Located(kind, advance().span)
    }
}
