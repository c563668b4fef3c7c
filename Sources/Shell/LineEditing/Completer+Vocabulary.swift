import RQL
import Registry

/// The completer's word lists, all read from RQL's `Vocabulary` and the engine's enums.
extension Completer {
    /// Words that start a statement (every spelling: `enroll` too).
    static let statementKeywords = Vocabulary.statementSpellings
    /// Student fields, as `where`, `show` and `by` accept them.
    static let fields = FieldRef.Catalogue.students.names

    /// The fields a statement's conditions name: `find schools|actors|requests|districts` their own.
    static func fields(after tokens: [String]) -> [String] {
        guard tokens.count >= 2, tokens[0] == "find" || tokens[0] == "explain" else { return fields }
        let noun = tokens[0] == "find" ? tokens[1] : tokens.count > 2 && tokens[1] == "find" ? tokens[2] : ""
        switch noun {
        case "schools": return FieldRef.Catalogue.schools.names
        case "actors": return FieldRef.Catalogue.actors.names
        case "requests": return FieldRef.Catalogue.requests.names
        case "districts": return FieldRef.Catalogue.districts.names
        default: return fields
        }
    }
    /// What `check` checks.
    static let checkKinds = Statement.CheckKind.allCases.map(\.rawValue)
    /// What `record` records.
    static let recordKinds = GrowthKind.allCases.map(\.rawValue)
    /// Statements whose next word is a registry number.
    static let registryNumberVerbs: Set<String> = ["show", "history", "transfer", "promote", "graduate", "suspend",
                                                   "resume", "withdraw", "correct", "record", "enrol", "enroll", "void",
                                                   "confirm"]
    /// Comparison words after which a value, not a keyword, comes next.
    static let operators = Set(Vocabulary.operators.flatMap(\.spellings)).subtracting(["and", "or", "null", "asc", "desc"])
    /// Values a field can only take.
    static let fieldValues: [String: [String]] = [
        "gender": Vocabulary.genders.map(\.english),
        "status": Checker.statusWords,
        "school.stage": SchoolStage.allCases.map(\.rawValue),
        "migrant": YesNo.allCases.map(\.rawValue) + [YesNo.unknownSpellings[0]],
        "left_behind": YesNo.allCases.map(\.rawValue) + [YesNo.unknownSpellings[0]],
    ]

    /// The clause keywords a statement accepts after its subject.
    static func clauses(for verb: String) -> [String] {
        switch verb {
        case "find": return ["where", "show", "order", "limit", "as"]
        case "count": return ["where", "by", "order", "limit", "show", "as"]
        case "check": return ["where", "by", "as"]
        case "promote", "graduate": return ["where", "on"]
        case "transfer": return ["to", "grade", "on", "reason"]
        case "enrol", "enroll": return ["at", "grade", "class", "on"]
        case "suspend", "withdraw": return ["reason", "on"]
        case "resume": return ["on"]
        case "correct": return ["set", "reason", "on"]
        case "record": return ["on"]
        case "confirm": return ["guardian", "relation", "on"]
        case "export": return ["to", "bom", "where"]
        case "add": return ["name", "stage", "district"]
        default: return []
        }
    }

    /// `candidates` that start with `word`, ignoring case, in their given order.
    static func matching(_ candidates: [String], _ word: String) -> [String] {
        let w = word.lowercased()
        return candidates.filter { $0.lowercased().hasPrefix(w) }
    }

    /// Whether `word` begins like a registry number (`G`, `L` or `J` then digits).
    static func looksLikeRegistryNumber(_ word: String) -> Bool {
        guard let first = word.first, "GLJgLj".contains(first), word.count >= 2 else { return false }
        return word.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == "X" || $0 == "x") }
    }

    /// The field the current comparison is about (`school` in `school in (41030300`).
    static func lastField(_ tokens: [String]) -> String? {
        for t in tokens.reversed() {
            if fields.contains(t) { return t }
            if ["where", "and", "or", "set", "by", "show"].contains(t) { return nil }
        }
        return nil
    }

    /// The text after the last `;` outside strings: the statement being typed.
    static func currentStatement(_ text: String) -> Substring {
        var start = text.startIndex
        var quote: Character?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == "\\" { i = text.index(after: i); if i == text.endIndex { break } }
                else if c == q { quote = nil }
            } else if c == "\"" || c == "'" { quote = c }
            else if c == ";" { start = text.index(after: i) }
            i = text.index(after: i)
        }
        return text[start...]
    }

    /// Words, strings and operators of a statement, and whether it ends inside a string.
    /// Strings appear as the token `"…"`; comments (`--`) are dropped.
    static func scan(_ text: String) -> (tokens: [String], inString: Bool) {
        var tokens: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            if c == "-" && i + 1 < chars.count && chars[i + 1] == "-" {
                while i < chars.count && chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "\"" || c == "'" {
                var j = i + 1
                while j < chars.count && chars[j] != c { if chars[j] == "\\" { j += 1 }; j += 1 }
                if j >= chars.count { return (tokens, true) }
                tokens.append("\"…\"")
                i = j + 1
                continue
            }
            if "(),;".contains(c) { tokens.append(String(c)); i += 1; continue }
            if "=<>!".contains(c) {
                var op = String(c)
                if i + 1 < chars.count && "=>".contains(chars[i + 1]) { op.append(chars[i + 1]); i += 1 }
                tokens.append(op); i += 1
                continue
            }
            var j = i
            while j < chars.count && !chars[j].isWhitespace && !"(),;=<>!\"'".contains(chars[j]) { j += 1 }
            tokens.append(String(chars[i..<j]))
            i = j
        }
        return (tokens, false)
    }

    /// A typed word as the English word(s) the language reads it as.
    static func english(_ token: String) -> [String] {
        guard token.utf8.first.map({ $0 >= 0x80 }) == true else { return [token] }
        if let words = Vocabulary.lexicon[token] { return words }
        if let f = Vocabulary.studentFields.first(where: { $0.value.contains(token) }) { return [f.key.rawValue] }
        if let f = Vocabulary.schoolFields.first(where: { $0.value.contains(token) }) { return [f.key.rawValue] }
        return [Vocabulary.englishValue(token) ?? token]
    }

    /// An offered English word in Chinese, when it has a Chinese word.
    static func chinese(_ word: String) -> String { chineseWords[word] ?? word }

    static let chineseWords: [String: String] = {
        var out = Vocabulary.chineseWords
        for (f, names) in Vocabulary.schoolFields where out[f.rawValue] == nil { out[f.rawValue] = names[0] }
        for s in Status.allCases { out[s.rawValue] = Vocabulary.chinese(s) }
        for s in SchoolStage.allCases { out[s.rawValue] = Vocabulary.chinese(s) }
        for a in YesNo.allCases { out[a.rawValue] = Vocabulary.chinese(a) }
        out[YesNo.unknownSpellings[0]] = YesNo.unknownSpellings[1]
        out["of"] = nil
        return out
    }()
}
