/// Conditions: `or` binds loosest, then `and`, then `not`; predicates compare one field with literals.
extension Parser {
    /// expression = or_expression ;
    mutating func parseExpression() throws -> Expr {
        try parseOrExpression()
    }

    /// or_expression = and_expression { "or" and_expression } ;
    mutating func parseOrExpression() throws -> Expr {
        var lhs = try parseAndExpression()
        while accept("or") != nil { lhs = .or(lhs, try parseAndExpression()) }
        return lhs
    }

    /// and_expression = not_expression { "and" not_expression } ;
    mutating func parseAndExpression() throws -> Expr {
        var lhs = try parseNotExpression()
        while accept("and") != nil { lhs = .and(lhs, try parseNotExpression()) }
        return lhs
    }

    /// not_expression = "not" not_expression | primary_expression ;
    mutating func parseNotExpression() throws -> Expr {
        // Iterative so that a long run of `not`s cannot exhaust the stack.
        var nots: [Token] = []
        while let t = accept("not") {
            nots.append(t)
            if depth + nots.count > Parser.maxNesting { throw Diagnostic(.conditionTooDeep, at: t.span) }
        }
        var e = try parsePrimaryExpression()
        for t in nots.reversed() { e = .not(e, t.span) }
        return e
    }

    /// primary_expression = "(" expression ")" | predicate ;
    mutating func parsePrimaryExpression() throws -> Expr {
        if accept(.leftParen) != nil {
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maxNesting { throw Diagnostic(.conditionTooDeep, at: previous!.span) }
            let e = try parseExpression()
            try expect(.rightParen, .closingBracket)
            return e
        }
        return try parsePredicate()
    }

    /// predicate = field ( comparison_operator literal
    ///                   | [ "not" ] "in" "(" literal_list ")"
    ///                   | [ "not" ] "between" literal "and" literal
    ///                   | [ "not" ] "like" STRING
    ///                   | "is" [ "not" ] "null" ) ;
    mutating func parsePredicate() throws -> Expr {
        let start = current
        if current.word == nil {
            let e = expected(.fieldName)
            if case .string = current.kind { throw Diagnostic(.withHint(e.id!, .conditionStartsWithField(current.text)), at: e.span) }
            throw e
        }
        predicates += 1
        if predicates > Parser.maxPredicates {
            throw Diagnostic(.conditionTooLong(limit: Parser.maxPredicates), at: current.span)
        }
        let field = try parseField()
        if let op = parseComparisonOperator() {
            let lit = try parseLiteral()
            try Checker.check(lit, against: field)
            return .compare(Expr.Comparison(field: field, op: op, value: lit, span: span(from: start)))
        }
        if accept("is") != nil {
            let negated = accept("not") != nil
            try expect("null", .word("null"))
            return .isNull(Expr.IsNull(field: field, negated: negated, span: span(from: start)))
        }
        let negated = accept("not") != nil
        if accept("in") != nil {
            try expect(.leftParen, .wordThen("(", .valueList))
            let values = try parseLiteralList()
            for v in values { try Checker.check(v, against: field) }
            try expect(.rightParen, .closingList)
            return .inList(Expr.InList(field: field, values: values, negated: negated, span: span(from: start)))
        }
        if accept("between") != nil {
            let low = try parseLiteral()
            try Checker.check(low, against: field)
            try expect("and", .wordThen("and", .upperBound))
            let high = try parseLiteral()
            try Checker.check(high, against: field)
            return .between(Expr.Between(field: field, low: low, high: high, negated: negated, span: span(from: start)))
        }
        if let likeTok = accept("like") {
            try Checker.checkLike(field, at: likeTok)
            let pattern = try parseText(.pattern)
            return .like(Expr.Like(field: field, pattern: pattern, negated: negated, span: span(from: start)))
        }
        if let w = current.word, let s = EditDistance.suggestion(for: w, among: ["in", "between", "like", "is", "not"]) {
            throw Diagnostic(.unknownKeyword(word: current.text, suggestion: s), at: current.span)
        }
        throw expected(negated ? .either([.word("in"), .word("between"), .word("like")]) : .comparison)
    }

    /// comparison_operator = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ;
    mutating func parseComparisonOperator() -> Expr.ComparisonOperator? {
        guard case .symbol(let s) = current.kind else { return nil }
        let op: Expr.ComparisonOperator
        switch s {
        case .equal: op = .equal
        case .notEqual, .notEqualSQL: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        default: return nil
        }
        advance()
        return op
    }

    /// literal_list = literal { "," literal } ;
    mutating func parseLiteralList() throws -> [Literal] {
        var list = [try parseLiteral()]
        while accept(.comma) != nil { list.append(try parseLiteral()) }
        return list
    }

    /// literal = NUMBER | STRING | DATE | REGISTRY_NUMBER | WORD ;
    mutating func parseLiteral() throws -> Literal {
        let t = current
        let kind: Literal.Kind
        switch t.kind {
        case .number(let d): kind = .number(d)
        case .string(let s): kind = .text(s)
        case .date(let d): kind = .date(d)
        case .registryNumber(let n): kind = .registryNumber(n)
        case .word(let w):
            if ["and", "or", "not", "null", "where", "order", "limit", "show", "as", "by"].contains(w.lowercased()) {
                throw expected(.value)
            }
            kind = .word(t.text)       // as written: 毕业 is a status here, not the statement
        default: throw expected(.value)
        }
        advance()
        return Literal(kind, text: t.text, span: t.span)
    }
}
