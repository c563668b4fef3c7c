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
        Diagnostic(.unknownField(word: tok.text, suggestion: EditDistance.suggestion(for: tok.text, among: names), fields: names), at: tok.span)
    }

    /// How a message names what was written: `"x" is text`, `5 is a number`.
    static func written(_ lit: Literal) -> MessageID.Written {
        switch lit.kind {
        case .number: .number(lit.text)
        case .text: .text(lit.text)
        case .date: .date(lit.text)
        case .registryNumber: .registryNumber(lit.text)
        case .word: .word(lit.text)
        }
    }

    static func kind(_ type: ValueType) -> MessageID.ValueKind {
        switch type { case .int: .number; case .text: .text; case .date: .date }
    }

    /// Fails when `lit` cannot be a value of `field`, at the literal's position.
    public static func check(_ lit: Literal, against field: FieldRef) throws {
        let type = field.valueType
        func mismatch(_ hint: MessageID.KindHint? = nil) -> Diagnostic {
            Diagnostic(.wrongValueKind(field: field.name, fieldKind: kind(type), written: written(lit), hint: hint), at: lit.span)
        }
        switch (type, lit.kind) {
        case (.int, .number(let d)):
            if Int(d) == nil || d.count > 18 { throw Diagnostic(.numberTooLarge(digits: d), at: lit.span) }
        case (.int, .word(let w)) where field.field == .request(.no) && w.hasPrefix("#") && Int(w.dropFirst()) != nil: break
        case (.int, .text(let s)) where Int(s) != nil:
            throw mismatch(.numberWithoutQuotes(s))
        case (.int, _): throw mismatch()
        case (.date, .date): break
        case (.date, .text(let s)) where Day(s) != nil: throw mismatch(.dateWithoutQuotes(s))
        case (.date, _): throw mismatch(.dateFormat)
        case (.text, .date): throw mismatch(.quoteText(lit.text))
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
            throw Diagnostic(.unknownGender(word: v), at: lit.span)
        case .student(.status): allowed = statusWords
        case .student(.migrant), .student(.leftBehind):
            if YesNo(text: v) != nil || YesNo.isUnknown(v) { return }
            allowed = YesNo.allCases.map(\.rawValue)
        case .student(.schoolStage), .school(.stage): allowed = SchoolStage.allCases.map(\.rawValue)
        case .actor(.status): allowed = ActorField.statusWords
        case .district(.status): allowed = DistrictField.statusWords
        case .actor(.level): allowed = ActorName.Level.allCases.map(\.word)
        case .request(.status): allowed = Request.Status.allCases.map(\.rawValue)
        case .request(.kind): allowed = PendingChange.Operation.allCases.map(\.kind)
        default: return
        }
        if allowed.contains(Vocabulary.englishValue(v) ?? v.lowercased()) { return }
        if field.field == .request(.kind), let english = Vocabulary.requestKinds[v], allowed.contains(english) { return }
        let name = field.field == .student(.schoolStage) ? "stage" : field.name
        throw Diagnostic(.unknownWord(field: name, word: v, suggestion: EditDistance.suggestion(for: v, among: allowed), allowed: allowed),
                         at: lit.span)
    }

    /// `like` matches text only.
    static func checkLike(_ field: FieldRef, at tok: Token) throws {
        if field.valueType != .text {
            throw Diagnostic(.likeNeedsText(field: field.name, fieldKind: kind(field.valueType)), at: tok.span)
        }
    }

    /// `correct` may change only correctable fields; the registry number never (R3).
    static func checkCorrectable(_ a: Statement.Assignment) throws {
        if a.field == .no {
            throw Diagnostic(.registryNumberNotCorrectable, at: a.fieldSpan, rule: .r3)
        }
        guard a.field.isCorrectable else {
            let instead: MessageID.CorrectionInstead
            switch a.field {
            case .school: instead = .transfer
            case .grade: instead = .promote
            case .status: instead = .statusStatements
            default: instead = .derived
            }
            let names = StudentField.allCases.filter(\.isCorrectable).map(\.rawValue)
            throw Diagnostic(.fieldNotCorrectable(field: a.field.rawValue, instead: instead, correctable: names), at: a.fieldSpan)
        }
    }
}
