import Registry

/// Clauses and small pieces shared by several statements.
extension Parser {
    /// registry_number = REGISTRY_NUMBER ;
    mutating func parseRegistryNumber() throws -> Located<String> {
        if case .registryNumber(let n) = current.kind { return Located(n, advance().span) }
        if let w = current.word, let f = w.first, "glj".contains(f), w.dropFirst().contains(where: \.isNumber) {
            throw Diagnostic(.invalidRegistryNumber(text: current.text), at: current.span, rule: .r3)
        }
        throw expected(.registryNumber)
    }

    /// code = NUMBER | STRING ;   (school and district codes; kept as text)
    mutating func parseCode(_ what: Phrase) throws -> Located<String> {
        switch current.kind {
        case .number(let d): return Located(d, advance().span)
        case .string(let s): return Located(s, advance().span)
        default: throw expected(what)
        }
    }

    /// integer = NUMBER ;
    mutating func parseInteger(_ what: Phrase) throws -> Located<Int> {
        guard case .number(let d) = current.kind else { throw expected(what) }
        guard let v = Int(d), d.count <= 9 else { throw Diagnostic(.numberTooLarge(digits: d), at: current.span) }
        return Located(v, advance().span)
    }

    /// date = DATE ;
    mutating func parseDate() throws -> Located<Day> {
        if case .date(let d) = current.kind { return Located(d, advance().span) }
        let e = expected(.date)
        if case .string(let s) = current.kind, Day(s) != nil { throw Diagnostic(.withHint(e.id!, .dateWithoutQuotes(s)), at: e.span) }
        if case .number(let d) = current.kind, d.count == 8 { throw Diagnostic(.withHint(e.id!, .dateFormat), at: e.span) }
        throw e
    }

    /// text = STRING ;
    mutating func parseText(_ what: Phrase) throws -> Located<String> {
        if case .string(let s) = current.kind { return Located(s, advance().span) }
        let e = expected(what)
        if current.word != nil { throw Diagnostic(.withHint(e.id!, .quoteText(current.text)), at: e.span) }
        throw e
    }

    /// at_clause = "at" code ;
    mutating func parseAtClause() throws -> Located<String> {
        try expect("at", .wordThen("at", .schoolCode))
        return try parseCode(.schoolCode)
    }

    /// grade_clause = "grade" integer ;
    mutating func parseGradeClause() throws -> Located<Int> {
        try expect("grade", .wordThen("grade", .gradeNumber))
        return try parseInteger(.gradeNumber)
    }

    /// class_clause = "class" integer ;
    mutating func parseClassClause() throws -> Located<Int> {
        try expect("class")
        return try parseInteger(.classNumber)
    }

    /// on_clause = "on" date ;
    mutating func parseOnClause() throws -> Located<Day> {
        try expect("on")
        return try parseDate()
    }

    /// reason_clause = "reason" text ;
    mutating func parseReasonClause() throws -> Located<String> {
        try expect("reason")
        return try parseText(.reason)
    }

    /// as_of_clause = "as" "of" date ;
    mutating func parseAsOfClause() throws -> Located<Day> {
        try expect("as")
        try expect("of")
        return try parseDate()
    }

    /// where_clause = "where" expression ;
    mutating func parseWhereClause() throws -> Expr {
        try expect("where")
        let e = try parseExpression()
        expressionEnd = pos
        return e
    }

    /// show_clause = "show" field { "," field } ;
    mutating func parseShowClause() throws -> [FieldRef] {
        try expect("show")
        var fields = [try parseField()]
        while accept(.comma) != nil { fields.append(try parseField()) }
        return fields
    }

    /// by_clause = "by" field { "," field } ;
    mutating func parseByClause() throws -> [FieldRef] {
        try expect("by")
        var fields = [try parseField()]
        while accept(.comma) != nil { fields.append(try parseField()) }
        return fields
    }

    /// order_clause = "order" "by" order_key { "," order_key } ;
    mutating func parseOrderClause() throws -> [Statement.OrderKey] {
        try expect("order")
        try expect("by")
        var keys = [try parseOrderKey()]
        while accept(.comma) != nil { keys.append(try parseOrderKey()) }
        return keys
    }

    /// order_key = field [ "asc" | "desc" ] ;
    mutating func parseOrderKey() throws -> Statement.OrderKey {
        let start = current
        let field = try parseField()
        var descending = false
        if accept("desc") != nil { descending = true } else { _ = accept("asc") }
        return Statement.OrderKey(field: field, descending: descending, span: span(from: start))
    }

    /// limit_clause = "limit" integer ;
    mutating func parseLimitClause() throws -> Located<Int> {
        try expect("limit")
        return try parseInteger(.rowCount)
    }

    /// path = STRING | WORD ;   (a bare `out.csv` is accepted)
    mutating func parsePath() throws -> Located<String> {
        switch current.kind {
        case .string(let s), .word(let s): return Located(s, advance().span)
        default: throw expected(.fileName)
        }
    }

    /// field = WORD ;   (a student field, or a field of what `find schools|actors|requests` lists)
    mutating func parseField() throws -> FieldRef {
        guard let w = current.word else { throw expected(.fieldName) }
        let tok = advance()
        if let f = fields.field(w) ?? fields.field(chinese: tok.text) { return FieldRef(field: f, span: tok.span) }
        throw Checker.unknownField(tok, among: fields.names)
    }

    /// assignment_list = assignment { "," assignment } ;
    mutating func parseAssignmentList() throws -> [Statement.Assignment] {
        var list = [try parseAssignment()]
        while accept(.comma) != nil { list.append(try parseAssignment()) }
        for (i, a) in list.enumerated() where list[..<i].contains(where: { $0.field == a.field }) {
            throw Diagnostic(.setTwice(field: a.field.rawValue), at: a.fieldSpan)
        }
        return list
    }

    /// assignment = field "=" literal ;
    mutating func parseAssignment() throws -> Statement.Assignment {
        let start = current
        let ref = try parseField()
        try expect(.equal, .wordThen("=", .value))
        let lit = try parseLiteral()
        try Checker.check(lit, against: ref)
        return Statement.Assignment(field: ref.studentField!, fieldSpan: ref.span, literal: lit, span: span(from: start))
    }
}
