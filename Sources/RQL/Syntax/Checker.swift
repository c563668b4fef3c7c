import Registry

/// Semantic checks made while parsing: field names exist, values suit their field.
///
/// RQL.md makes `grade = "x"` an error at the value rather than an empty result, so these run
/// before the evaluator ever sees a statement.
public enum Checker {
    /// The words `status` accepts.
    public static let statusWords = Status.allCases.map(\.rawValue)
    /// The words `gender` accepts.
    public static let genderWords = ["M", "F", "男", "女"]

    /// "unknown field 'brith'; did you mean 'birth'?"
    static func unknownField(_ tok: Token, among names: [String]) -> Diagnostic {
        if let s = EditDistance.suggestion(for: tok.text, among: names) {
            return Diagnostic("unknown field '\(tok.text)'; did you mean '\(s)'?", at: tok.span)
        }
        return Diagnostic("unknown field '\(tok.text)'", at: tok.span, hint: "fields: " + names.joined(separator: ", "))
    }

    /// How a diagnostic names what was written: `"x" is text`, `5 is a number`.
    static func describe(_ lit: Literal) -> String {
        switch lit.kind {
        case .number: return "\(lit.text) is a number"
        case .text: return "\(lit.text) is text"
        case .date: return "\(lit.text) is a date"
        case .registryNumber: return "\(lit.text) is a registry number"
        case .word: return "'\(lit.text)' is a word"
        }
    }

    static func describe(_ type: ValueType) -> String {
        switch type { case .int: return "a number"; case .text: return "text"; case .date: return "a date" }
    }

    /// Fails when `lit` cannot be a value of `field`, at the literal's position.
    public static func check(_ lit: Literal, against field: FieldRef) throws {
        let type = field.valueType
        func mismatch(_ hint: String? = nil) -> Diagnostic {
            Diagnostic("\(field.name) is \(describe(type)); \(describe(lit))", at: lit.span, hint: hint)
        }
        switch (type, lit.kind) {
        case (.int, .number(let d)):
            if Int(d) == nil || d.count > 18 { throw Diagnostic("number too large: \(d)", at: lit.span) }
        case (.int, .word(let w)) where field.field == .request(.no) && w.hasPrefix("#") && Int(w.dropFirst()) != nil: break
        case (.int, .text(let s)) where Int(s) != nil:
            throw mismatch("write numbers without quotes: \(s)")
        case (.int, _): throw mismatch()
        case (.date, .date): break
        case (.date, .text(let s)) where Day(s) != nil: throw mismatch("write dates without quotes: \(s)")
        case (.date, _): throw mismatch("dates are written YYYY-MM-DD")
        case (.text, .date): throw mismatch("quote it if you mean the text: \"\(lit.text)\"")
        case (.text, _): try checkWord(lit, field)
        }
    }

    /// Enumerated text fields (gender, status, stage) accept only their words.
    static func checkWord(_ lit: Literal, _ field: FieldRef) throws {
        let v = lit.plainText
        let allowed: [String]
        switch field.field {
        case .student(.gender):
            if Literal.normalizedGender(v) != nil { return }
            throw Diagnostic("unknown gender '\(v)'; expected M, F, 男 or 女", at: lit.span)
        case .student(.status): allowed = statusWords
        case .student(.schoolStage), .school(.stage): allowed = SchoolStage.allCases.map(\.rawValue)
        case .actor(.status): allowed = ActorField.statusWords
        case .actor(.level): allowed = ActorName.Level.allCases.map(\.word)
        case .request(.status): allowed = Request.Status.allCases.map(\.rawValue)
        case .request(.kind): allowed = PendingChange.Operation.allCases.map(\.kind)
        default: return
        }
        if allowed.contains(v.lowercased()) { return }
        let name = field.field == .student(.schoolStage) ? "stage" : field.name
        if let s = EditDistance.suggestion(for: v, among: allowed) {
            throw Diagnostic("unknown \(name) '\(v)'; did you mean '\(s)'?", at: lit.span)
        }
        throw Diagnostic("unknown \(name) '\(v)'; expected \(allowed.dropLast().joined(separator: ", ")) or \(allowed.last!)", at: lit.span)
    }

    /// `like` matches text only.
    static func checkLike(_ field: FieldRef, at tok: Token) throws {
        if field.valueType != .text {
            throw Diagnostic("like needs a text field; \(field.name) is \(describe(field.valueType))", at: tok.span,
                             hint: "compare numbers and dates with =, <, >, between")
        }
    }

    /// `correct` may change only correctable fields; the registry number never (R3).
    static func checkCorrectable(_ a: Statement.Assignment) throws {
        if a.field == .no {
            throw Diagnostic("the registry number cannot be corrected: it is issued once and never changes", at: a.fieldSpan,
                             rule: .r3, hint: "correct id_card instead; the number stays as issued")
        }
        guard a.field.isCorrectable else {
            let how: String
            switch a.field {
            case .school: how = "use transfer"
            case .grade: how = "use promote, or transfer … grade N"
            case .status: how = "use suspend, resume, withdraw or graduate"
            default: how = "it is derived from other fields"
            }
            let names = StudentField.allCases.filter(\.isCorrectable).map(\.rawValue).joined(separator: ", ")
            throw Diagnostic("\(a.field.rawValue) cannot be corrected: \(how)", at: a.fieldSpan,
                             hint: "correctable fields: \(names)")
        }
    }
}
