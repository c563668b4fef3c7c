import Registry

/// Statements that read: queries, checks, explain, and the data and transaction statements.
extension Parser {
    /// The next clause keyword if it is one of `clauses` or `as` (`as of`), in any order (people
    /// write `count by grade where …` as often as the other way), each once; `seen` holds a bit
    /// per clause already read.
    mutating func nextClause(_ clauses: [String], seen: inout Int, asOfSeen: Bool, statement: String) throws -> String? {
        let allowed = clauses.enumerated().filter { seen & (1 << $0.offset) == 0 }.map(\.element) + (asOfSeen ? [] : ["as"])
        optionalKeywords = allowed
        guard let w = current.word else { return nil }
        if w == "as" {
            if asOfSeen { throw Diagnostic(.duplicateClause(word: "as of", statement: nil, clauses: []), at: current.span) }
            return w
        }
        guard let idx = clauses.firstIndex(of: w) else { return nil }
        if seen & (1 << idx) != 0 {
            throw Diagnostic(.duplicateClause(word: current.text, statement: statement, clauses: clauses), at: current.span)
        }
        seen |= 1 << idx
        return w
    }

    /// A field name where a clause keyword belongs means `where` was forgotten.
    func checkForgottenWhere(_ hasWhere: Bool) throws {
        // `find school` / `find student` right after the statement word: a misspelt plural.
        if let w = current.word, ["school", "student"].contains(w), let p = previous?.word, ["find", "count"].contains(p),
           peek(1).isTerminator || peek(1).word.map({ ["where", "order", "limit", "show", "by", "as"].contains($0) }) == true {
            throw Diagnostic(.unknownKeyword(word: current.text, suggestion: w + "s"), at: current.span)
        }
        if !hasWhere, let w = current.word,
           fields.field(w) != nil {
            throw Diagnostic(.expectedWhere(example: "where \(w) = …"), at: current.span)
        }
    }

    /// find_statement = "find" [ "students" ] { where_clause | show_clause | order_clause
    ///                  | limit_clause | as_of_clause } ;   (any order, each once)
    mutating func parseFindStatement() throws -> Statement {
        let start = advance()
        _ = accept("students")
        var find = Statement.Find(whereClause: nil, show: [], orderBy: [], limit: nil, asOf: nil, span: start.span)
        var seen = 0
        while let kw = try nextClause(["where", "show", "order", "limit"], seen: &seen, asOfSeen: find.asOf != nil, statement: "find") {
            switch kw {
            case "where": find.whereClause = try parseWhereClause()
            case "show": find.show = try parseShowClause()
            case "order": find.orderBy = try parseOrderClause()
            case "limit": find.limit = try parseLimitClause()
            default: find.asOf = try parseAsOfClause()
            }
        }
        try checkForgottenWhere(find.whereClause != nil)
        find.span = span(from: start)
        return .find(find)
    }

    /// find_schools_statement = "find" "schools" { where_clause | order_clause | limit_clause } ;
    mutating func parseFindSchoolsStatement() throws -> Statement { try parseFindListStatement("schools", .schools) }

    /// find_actors_statement = "find" "actors" { where_clause | order_clause | limit_clause } ;
    mutating func parseFindActorsStatement() throws -> Statement { try parseFindListStatement("actors", .actors) }

    /// find_requests_statement = "find" "requests" { where_clause | order_clause | limit_clause } ;
    mutating func parseFindRequestsStatement() throws -> Statement { try parseFindListStatement("requests", .requests) }

    /// find_districts_statement = "find" "districts" { where_clause | order_clause | limit_clause } ;
    mutating func parseFindDistrictsStatement() throws -> Statement { try parseFindListStatement("districts", .districts) }

    /// The lists share their clauses; `catalogue` names the fields they filter on.
    mutating func parseFindListStatement(_ noun: String, _ catalogue: FieldRef.Catalogue) throws -> Statement {
        let start = advance()
        try expect(noun)
        fields = catalogue
        defer { fields = .students }
        var find = Statement.FindList(whereClause: nil, orderBy: [], limit: nil, span: start.span)
        var seen = 0
        while let kw = try nextClause(["where", "order", "limit"], seen: &seen, asOfSeen: true, statement: "find \(noun)") {
            switch kw {
            case "where": find.whereClause = try parseWhereClause()
            case "order": find.orderBy = try parseOrderClause()
            default: find.limit = try parseLimitClause()
            }
        }
        try checkForgottenWhere(find.whereClause != nil)
        find.span = span(from: start)
        switch catalogue {
        case .actors: return .findActors(find)
        case .requests: return .findRequests(find)
        case .districts: return .findDistricts(find)
        default: return .findSchools(find)
        }
    }

    /// count_statement = "count" [ "students" ] { where_clause | by_clause | count_order_clause
    ///                   | limit_clause | "show" "share" | as_of_clause } ;   (any order, each once)
    mutating func parseCountStatement() throws -> Statement {
        let start = advance()
        _ = accept("students")
        var count = Statement.Count(whereClause: nil, by: [], asOf: nil, span: start.span)
        var seen = 0
        while let kw = try nextClause(["where", "by", "order", "limit", "show"], seen: &seen, asOfSeen: count.asOf != nil, statement: "count") {
            switch kw {
            case "where": count.whereClause = try parseWhereClause()
            case "by": count.by = try parseByClause()
            case "order": count.orderBy = try parseCountOrderClause()
            case "limit": count.limit = try parseLimitClause()
            case "show":
                advance()
                try expect("share", .shareWord)
                count.share = true
            default: count.asOf = try parseAsOfClause()
            }
        }
        try checkForgottenWhere(count.whereClause != nil)
        count.span = span(from: start)
        return .count(count)
    }

    /// count_order_clause = "order" "by" count_order_key { "," count_order_key } ;
    mutating func parseCountOrderClause() throws -> [Statement.CountOrder] {
        try expect("order")
        try expect("by")
        var keys = [try parseCountOrderKey()]
        while accept(.comma) != nil { keys.append(try parseCountOrderKey()) }
        return keys
    }

    /// count_order_key = ( "count" | field ) [ "asc" | "desc" ] ;
    mutating func parseCountOrderKey() throws -> Statement.CountOrder {
        let tok = current
        let key: Located<String>
        if tok.isKeyword("count") { advance(); key = Located("count", tok.span) }
        else { let f = try parseField(); key = Located(f.name, f.span) }
        var descending = false
        if accept("desc") != nil { descending = true } else { _ = accept("asc") }
        return Statement.CountOrder(key: key, descending: descending)
    }

    /// show_statement = "show" registry_number [ as_of_clause ] ;
    mutating func parseShowStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        var asOf: Located<Day>?
        if check("as") { asOf = try parseAsOfClause() } else { optionalKeywords = ["as"] }
        return .show(Statement.Show(number: number, asOf: asOf, span: span(from: start)))
    }

    /// history_statement = "history" registry_number ;
    mutating func parseHistoryStatement() throws -> Statement {
        let start = advance()
        let number = try parseRegistryNumber()
        return .history(Statement.History(number: number, span: span(from: start)))
    }

    /// explain_statement = "explain" statement ;
    mutating func parseExplainStatement() throws -> Statement {
        let start = advance()
        if current.isTerminator { throw expected(.statementToExplain) }
        depth += 1
        defer { depth -= 1 }
        if depth > 50 { throw Diagnostic(.explainTooDeep, at: current.span) }
        let inner = try parseStatement()
        return .explain(Statement.Explain(statement: inner, span: span(from: start)))
    }

    /// check_statement = "check" check_kind { where_clause | as_of_clause } ;
    mutating func parseCheckStatement() throws -> Statement {
        let start = advance()
        let kind = try parseCheckKind()
        var check = Statement.Check(kind: kind, whereClause: nil, asOf: nil, span: start.span)
        var seen = 0
        // The checks over students count what they find by a field (`check dropouts by left_behind`).
        let clauses = Statement.CheckKind.studentChecks.contains(kind.value) ? ["where", "by"] : ["where"]
        while let kw = try nextClause(clauses, seen: &seen, asOfSeen: check.asOf != nil, statement: "check") {
            switch kw {
            case "where": check.whereClause = try parseWhereClause()
            case "by": check.by = try parseByClause()
            default: check.asOf = try parseAsOfClause()
            }
        }
        try checkForgottenWhere(check.whereClause != nil)
        check.span = span(from: start)
        return .check(check)
    }

    /// check_kind = "duplicates" | "dropouts" | "zoning" | "migration" | "unconfirmed" | "pending" | "overdue" ;
    mutating func parseCheckKind() throws -> Located<Statement.CheckKind> {
        let names = Statement.CheckKind.allCases.map(\.rawValue)
        if let w = current.word, let kind = Statement.CheckKind(rawValue: w) { return Located(kind, advance().span) }
        if let w = current.word, let s = EditDistance.suggestion(for: w, among: names) {
            throw Diagnostic(.unknownWord(field: "check", word: current.text, suggestion: s, allowed: names), at: current.span)
        }
        throw expected(.checkKind)
    }

    /// keyword_statement = "rules" | "verify" | "begin" | "commit" | "rollback" ;
    mutating func parseKeywordStatement() throws -> Statement {
        let tok = advance()
        let bare = Statement.Bare(span: tok.span)
        switch tok.word {
        case "rules": return .rules(bare)
        case "verify": return .verify(bare)
        case "begin": _ = accept("transaction"); return .begin(Statement.Bare(span: span(from: tok)))
        case "commit": return .commit(bare)
        default: return .rollback(bare)
        }
    }

    /// import_statement = "import" ( "students" | "schools" ) "from" path ;
    mutating func parseImportStatement() throws -> Statement {
        let start = advance()
        let what = try parseDataKind()
        try expect("from", .wordThen("from", .fileName))
        let path = try parsePath()
        let imp = Statement.Import(path: path, span: span(from: start))
        return what == "students" ? .importStudents(imp) : .importSchools(imp)
    }

    /// export_statement = "export" data_kind "to" path { "bom" | where_clause } ;
    /// (`bom` and, for students only, `where`, in either order, each at most once.)
    mutating func parseExportStatement() throws -> Statement {
        let start = advance()
        let what = try parseDataKind()
        try expect("to", .wordThen("to", .fileName))
        let path = try parsePath()
        var filter: Expr?
        var bom: SourceSpan?
        let allowed = what == "students" ? ["bom", "where"] : ["bom"]
        while let w = current.word, allowed.contains(w) {
            let tok = current
            if (w == "bom" && bom != nil) || (w == "where" && filter != nil) {
                throw Diagnostic(.duplicateClause(word: tok.text, statement: nil, clauses: []), at: tok.span)
            }
            if w == "bom" { bom = advance().span } else { filter = try parseWhereClause() }
        }
        optionalKeywords = allowed.filter { ($0 == "bom" && bom == nil) || ($0 == "where" && filter == nil) }
        let exp = Statement.Export(path: path, whereClause: filter, bom: bom, span: span(from: start))
        return what == "students" ? .exportStudents(exp) : .exportSchools(exp)
    }

    /// data_kind = "students" | "schools" ;
    mutating func parseDataKind() throws -> String {
        if let w = current.word, w == "students" || w == "schools" { advance(); return w }
        if let w = current.word, let s = EditDistance.suggestion(for: w, among: ["students", "schools"]) {
            throw Diagnostic(.unknownKeyword(word: current.text, suggestion: s), at: current.span)
        }
        throw expected(.either([.word("students"), .word("schools")]))
    }
}
