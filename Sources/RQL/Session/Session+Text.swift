import Registry

/// Statement text against the engine's `TextRules`, checked before the engine sees it so a
/// refusal points at the very character of the literal. The engine checks again (every
/// other path — CSV, embedding programs — goes through it too); this only adds the caret.
extension Session {
    /// Refuses the first text field that `TextRules` refuses, at its literal.
    func checkTexts(_ fields: [(TextField, Located<String>)]) throws(Diagnostic) {
        for (field, text) in fields {
            do throws(RegistryError) { try TextRules.check(field, text.value) } catch {
                var d = Diagnostic(.engine(error.id), at: text.span)
                d.valueCharacter = error.textPosition?.character
                throw d
            }
        }
    }
}

extension Statement.Assignment {
    /// The assigned value as stored text, with its literal's span.
    var located: Located<String> { Located(value.description, literal.span) }
}

extension Statement.AddSchool {
    /// The text fields `TextRules` checks.
    var texts: [(TextField, Located<String>)] { [(.schoolName, name)] }
}

extension Statement.Enrol {
    /// The text fields `TextRules` checks: name, ethnicity, reason.
    var texts: [(TextField, Located<String>)] {
        var out: [(TextField, Located<String>)] = []
        if let a = assignment(.name) { out.append((.name, a.located)) }
        if let a = assignment(.ethnicity) { out.append((.ethnicity, a.located)) }
        if let reason { out.append((.reason, reason)) }
        return out
    }
}

extension Statement.Transfer {
    /// The reason, when given.
    var texts: [(TextField, Located<String>)] { reason.map { [(.reason, $0)] } ?? [] }
}

extension Statement.StatusChange {
    /// The reason, when given.
    var texts: [(TextField, Located<String>)] { reason.map { [(.reason, $0)] } ?? [] }
}

extension Statement.Correct {
    /// The corrected name and ethnicity, then the reason.
    var texts: [(TextField, Located<String>)] {
        var out: [(TextField, Located<String>)] = []
        for a in assignments {
            if a.field == .name { out.append((.name, a.located)) } else if a.field == .ethnicity { out.append((.ethnicity, a.located)) }
        }
        return out + [(.reason, reason)]
    }
}

extension Statement.Record {
    /// The growth-record text.
    var texts: [(TextField, Located<String>)] { [(.text, text)] }
}

extension Statement.Confirm {
    /// The guardian's name and relation.
    var texts: [(TextField, Located<String>)] { [(.guardian, guardian), (.relation, relation)] }
}
