import Registry

/// The message catalogue, begun (issue 14, item 8): a message made from an id has its text
/// written here only, and a diagnostic made from one carries the id, so the shell tells
/// messages apart by id, never by their text. Most messages are still written where they are
/// raised; they move here one by one, each with its Chinese text (issue 16).
public indirect enum MessageID: Hashable, Sendable {
    /// A clause word (`where`, `order`…) where a statement must begin.
    case statementCannotBegin(word: String)
    /// The same, on a line after a complete statement: the line above was meant to go on.
    case lineCannotBegin(word: String)
    /// A field name no catalogue has; the nearest one, or the list.
    case unknownField(word: String, suggestion: String?, fields: [String])
    /// A value of the wrong kind for its field (`grade = "3"`).
    case wrongValueKind(field: String, fieldKind: ValueKind, written: Written, hint: KindHint?)
    /// A number of more digits than an integer holds.
    case numberTooLarge(digits: String)
    /// A gender other than M, F, 男, 女.
    case unknownGender(word: String)
    /// A word a field with fixed words does not take (`status = activ`).
    case unknownWord(field: String, word: String, suggestion: String?, allowed: [String])
    /// `like` on a number or date field.
    case likeNeedsText(field: String, fieldKind: ValueKind)
    /// `correct … set no = …` (R3).
    case registryNumberNotCorrectable
    /// `correct … set grade = …` and other fields `correct` does not change.
    case fieldNotCorrectable(field: String, instead: CorrectionInstead, correctable: [String])
    /// A misspelt keyword, and the one meant.
    case unknownKeyword(word: String, suggestion: String)
    /// Text after a complete statement on the same line.
    case unexpectedAfterEnd(found: String, canEndThere: Bool)
    /// Something else where a statement must begin.
    case expectedStatement(found: String)
    /// A word that begins no statement; the words that do.
    case unknownStatement(word: String, statements: [String])
    /// `G4103…` of the wrong shape (R3).
    case invalidRegistryNumber(text: String)
    /// `set name = …, name = …`.
    case setTwice(field: String)
    /// Brackets or `not`s nested past the limit.
    case conditionTooDeep
    /// More comparisons in one statement than the limit.
    case conditionTooLong(limit: Int)
    /// `explain explain …` past the limit.
    case explainTooDeep
    /// A clause written twice; the clauses of the statement when they help.
    case duplicateClause(word: String, statement: String?, clauses: [String])
    /// A condition where `where` should come first.
    case expectedWhere(example: String)
    /// A field `enrol` does not set; the ones it does.
    case enrolCannotSet(field: String, fields: [String])
    /// A statement that needs a reason has none (`what`: "rejecting a request").
    case missingReason(what: Phrase, example: String, found: String?)
    /// Something else where the grammar wants `what`; what came before it and what was found,
    /// or the end of a line (the statement then ended there).
    case expected(what: Phrase, after: String?, found: String?, atLineEnd: Bool)
    // The lexer's: characters that make no token.
    /// A `\` that is not at the end of a line.
    case strayBackslash
    /// `\q` and other escapes a string does not have.
    case unknownEscape(character: String)
    /// A string that is never closed; the quote that closes it.
    case unterminatedString(quote: String)
    /// Digits run into letters (`12abc`).
    case invalidNumber(text: String)
    /// A date that is no day (`2013-02-30`); why, when it can say.
    case invalidDate(text: String, why: DateProblem)
    /// A character RQL has no use for; the ASCII one a full-width character stands for.
    case unexpectedCharacter(character: String, meant: String?)
    /// A script line that is not UTF-8 (the shell's: it never reaches the lexer).
    case invalidUTF8(byte: UInt8)
    /// A refusal of the engine's (its own catalogue, `EngineMessage`).
    case engine(EngineMessage)

    /// Why a date is no day.
    public enum DateProblem: Hashable, Sendable {
        case shape, daysInMonth(month: String, days: Int), noMonth(String)

        var english: String {
            switch self {
            case .shape: "dates are written YYYY-MM-DD, e.g. 2013-09-01"
            case .daysInMonth(let m, let d): "\(m) has \(d) days"
            case .noMonth(let m): "there is no month \(m)"
            }
        }
    }

    // The session's: what a statement names does not exist, or may not be done.
    /// `county:41030` and other words that name no actor.
    case notAnActor(text: String)
    /// A key that is not `ed25519:` + base64 of 32 bytes.
    case notAPublicKey(text: String)
    /// A first enrolment without name, gender or birth.
    case newStudentNeeds(field: String)
    /// A gender other than M/F in an enrolment.
    case genderIsMOrF
    /// A birth that is not a date in an enrolment.
    case birthNeedsDate
    /// A field of another list (`find requests where grade = 2`).
    case notAFieldOf(field: String, noun: String)
    /// A school field where a student field belongs.
    case notAStudentField(field: String)
    /// `count … order by` a field not in its `by` list.
    case countOrderNotInBy(key: String, by: [String])
    /// A student outside the session actor's scope (R18).
    case outsideScope(number: String, actor: String?)
    /// `show … as of` a day before the student was registered.
    case notYetRegistered(number: String, day: String)
    /// What `verify` found (R14).
    case verifyFoundDamage(problems: [String])
    /// `approve 12` and other words that are no request number.
    case notARequestNumber(text: String)
    /// A request step in an open registry or without an actor (R19).
    case requestsNeedGovernance
    /// A school field in a student condition.
    case schoolFieldInStudentCondition(field: String)
    /// A literal the field's kind cannot hold (`grade = x`).
    case valueNotOfKind(field: String, kind: ValueKind, written: String)
    /// `G` + an ID number that is not valid (R2); `detail` is the engine's reason.
    case invalidIDInRegistryNumber(number: String, detail: EngineMessage)
    /// Not a registry number at all (R3).
    case notARegistryNumber(text: String)
    /// A school code of the wrong number of digits.
    case schoolCodeDigits(text: String, digits: Int)
    /// A school code holding other characters than digits.
    case schoolCodeOtherCharacters(text: String, count: Int)
    /// A district code that is not six digits.
    case notADistrictCode(text: String)
    /// A change on a registry opened read-only.
    case readOnly
    /// A query on a governed registry by a session without an actor (R18).
    case governedNeedsActor

    /// `detail` (an `expected`) said of a part a statement needs: "add school needs a name: …".
    case statementNeeds(statement: String, part: Phrase, example: String?, detail: MessageID)
    /// `detail` with a better hint for what was written.
    case withHint(MessageID, Hint)

    /// Hints given beside another message, for what was written.
    public enum Hint: Hashable, Sendable {
        case conditionStartsWithField(String), dateWithoutQuotes(String), dateFormat, quoteText(String)

        var english: String {
            switch self {
            case .conditionStartsWithField(let s): "a condition starts with a field: name = \(s)"
            case .dateWithoutQuotes(let s): "write dates without quotes: \(s)"
            case .dateFormat: "write dates as YYYY-MM-DD"
            case .quoteText(let s): "put text in quotes: \"\(s)\""
            }
        }
    }

    /// The kinds of value a field holds, as messages name them.
    public enum ValueKind: Hashable, Sendable {
        case number, text, date

        var english: String {
            switch self {
            case .number: "a number"
            case .text: "text"
            case .date: "a date"
            }
        }
    }

    /// What was written where a value belongs, as messages name it.
    public enum Written: Hashable, Sendable {
        case number(String), text(String), date(String), registryNumber(String), word(String)

        var english: String {
            switch self {
            case .number(let s): "\(s) is a number"
            case .text(let s): "\(s) is text"
            case .date(let s): "\(s) is a date"
            case .registryNumber(let s): "\(s) is a registry number"
            case .word(let s): "'\(s)' is a word"
            }
        }
    }

    /// How to write the value instead.
    public enum KindHint: Hashable, Sendable {
        case numberWithoutQuotes(String), dateWithoutQuotes(String), dateFormat, quoteText(String)

        var english: String {
            switch self {
            case .numberWithoutQuotes(let s): "write numbers without quotes: \(s)"
            case .dateWithoutQuotes(let s): "write dates without quotes: \(s)"
            case .dateFormat: "dates are written YYYY-MM-DD"
            case .quoteText(let s): "quote it if you mean the text: \"\(s)\""
            }
        }
    }

    /// What changes a field that `correct` does not.
    public enum CorrectionInstead: Hashable, Sendable {
        case transfer, promote, statusStatements, derived

        var english: String {
            switch self {
            case .transfer: "use transfer"
            case .promote: "use promote, or transfer … grade N"
            case .statusStatements: "use suspend, resume, withdraw or graduate"
            case .derived: "it is derived from other fields"
            }
        }
    }

    /// The English text.
    public var english: String {
        switch self {
        case .statementCannotBegin(let w): "a statement cannot begin with '\(w)'"
        case .lineCannotBegin(let w): "a line cannot begin with '\(w)': end the line above with '\\' to continue it"
        case .unknownField(let w, let s, _): s.map { "unknown field '\(w)'; did you mean '\($0)'?" } ?? "unknown field '\(w)'"
        case .wrongValueKind(let f, let k, let written, _): "\(f) is \(k.english); \(written.english)"
        case .numberTooLarge(let d): "number too large: \(d)"
        case .unknownGender(let w): "unknown gender '\(w)'; expected M, F, 男 or 女"
        case .unknownWord(let f, let w, let s, let allowed):
            s.map { "unknown \(f) '\(w)'; did you mean '\($0)'?" }
                ?? "unknown \(f) '\(w)'; expected \(allowed.dropLast().joined(separator: ", ")) or \(allowed.last ?? "")"
        case .likeNeedsText(let f, let k): "like needs a text field; \(f) is \(k.english)"
        case .registryNumberNotCorrectable: "the registry number cannot be corrected: it is issued once and never changes"
        case .fieldNotCorrectable(let f, let instead, _): "\(f) cannot be corrected: \(instead.english)"
        case .unknownKeyword(let w, let s): "unknown keyword '\(w)'; did you mean '\(s)'?"
        case .unexpectedAfterEnd(let found, _): "unexpected \(found) after the end of the statement"
        case .expectedStatement(let found): "expected a statement, found \(found)"
        case .unknownStatement(let w, _): "unknown statement '\(w)'"
        case .invalidRegistryNumber(let t): "invalid registry number '\(t)'"
        case .setTwice(let f): "\(f) is set twice"
        case .conditionTooDeep: "condition nested too deeply"
        case .conditionTooLong(let n): "condition too long: more than \(n) comparisons"
        case .explainTooDeep: "explain nested too deeply"
        case .duplicateClause(let w, _, _): "duplicate '\(w)' clause"
        case .expectedWhere: "expected 'where' before the condition"
        case .enrolCannotSet(let f, let fields): "\(f) cannot be set here; enrol takes " + fields.joined(separator: ", ")
        case .missingReason(let what, _, let found): "\(what.english) needs a reason: add reason \"…\"" + (found.map { ", found \($0)" } ?? "")
        case .expected(let what, let after, let found, _):
            "expected \(what.english)" + (after.map { " after \($0)" } ?? "") + (found.map { ", found \($0)" } ?? "")
        case .strayBackslash: "unexpected '\\': a backslash continues a statement only at the end of a line"
        case .unknownEscape(let c): "unknown escape '\\\(c)' in string"
        case .unterminatedString: "unterminated string"
        case .invalidNumber(let t): "invalid number '\(t)'"
        case .invalidDate(let t, _): "invalid date '\(t)'"
        case .unexpectedCharacter(let c, _): "unexpected character '\(c)'"
        case .invalidUTF8(let b): "invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true))); the line is not run"
        case .notAnActor(let t): "'\(t)' is not an actor: national, province:41, city:4103, county:410303 or school:4103030001"
        case .notAPublicKey(let t): "'\(t)' is not a public key: ed25519: and the base64 of 32 bytes (xueji keygen prints one)"
        case .newStudentNeeds(let f): "a new student needs \(f) = …"
        case .genderIsMOrF: "gender is M or F (男/女)"
        case .birthNeedsDate: "birth needs a date (YYYY-MM-DD)"
        case .notAFieldOf(let f, let noun): "'\(f)' is not a field of \(noun)s"
        case .notAStudentField(let f): "'\(f)' is not a student field"
        case .countOrderNotInBy(let k, _): "count can order by count or a field of its by list; '\(k)' is not in it"
        case .outsideScope(let n, let a): "\(n) is outside the scope of \(a ?? "this session")"
        case .notYetRegistered(let n, let d): "\(n) was not yet registered on \(d)"
        case .verifyFoundDamage(let problems): "verify found damage: " + problems.joined(separator: "; ")
        case .notARequestNumber(let t): "'\(t)' is not a request number (#12)"
        case .requestsNeedGovernance: "requests exist only in a governed registry, by a session with --as ACTOR --key FILE"
        case .schoolFieldInStudentCondition(let f): "'\(f)' is a school field; students have no such field"
        case .valueNotOfKind(let f, let k, let w): "\(f) holds \(k.english); \(w) is not one"
        case .invalidIDInRegistryNumber(let n, let detail): "\(n) is not a valid registry number: \(detail.english)"
        case .notARegistryNumber(let t): "\(t) is not a registry number (G, L or J and 18 digits or X)"
        case .schoolCodeDigits(let t, let d): "a school code has 10 digits; '\(t)' has \(d)"
        case .schoolCodeOtherCharacters(let t, let n): "a school code is 10 digits; '\(t)' holds \(n) other character\(n == 1 ? "" : "s")"
        case .notADistrictCode(let t): "a district code has 6 digits, e.g. 410303; '\(t)' is not one"
        case .readOnly: "the registry is open read-only; this statement would change it"
        case .governedNeedsActor: "this registry is governed: open it with --as ACTOR --key FILE to read it (without one, only verify runs)"
        case .statementNeeds(let statement, let part, _, let detail): "\(statement) needs \(part.english): \(detail.english)"
        case .withHint(let detail, _): detail.english
        case .engine(let m): m.english
        }
    }

    /// The hint that goes with it, if any.
    public var hint: String? {
        switch self {
        case .lineCannotBegin: "the line above was a complete statement, so it ended there"
        case .unknownField(_, let s, let fields): s == nil ? "fields: " + fields.joined(separator: ", ") : nil
        case .wrongValueKind(_, _, _, let h): h?.english
        case .likeNeedsText: "compare numbers and dates with =, <, >, between"
        case .registryNumberNotCorrectable: "correct id_card instead; the number stays as issued"
        case .fieldNotCorrectable(_, _, let names): "correctable fields: " + names.joined(separator: ", ")
        case .unexpectedAfterEnd(_, let canEnd): canEnd ? "end the statement with ';' or a newline before starting another" : nil
        case .unknownStatement(_, let words): "statements begin with one of: " + words.joined(separator: ", ")
        case .invalidRegistryNumber: "a registry number is G, L or J followed by 18 digits or X, e.g. G410303200703150012"
        case .duplicateClause(_, let statement, let clauses):
            statement.map { "\($0) takes each of \(clauses.map { $0 == "order" ? "order by" : $0 }.joined(separator: ", ")) once" }
        case .expectedWhere(let example): "e.g. \(example)"
        case .enrolCannotSet(let f, _): f == "class" ? "write the class after the grade: grade 1 class 2" : nil
        case .missingReason(_, let example, _): "e.g. \(example)"
        case .expected(_, _, _, let atLineEnd): atLineEnd ? "the statement ends with this line; end the line with '\\' to continue it on the next" : nil
        case .statementNeeds(_, _, let example, let detail): example.map { "e.g. \($0)" } ?? detail.hint
        case .withHint(_, let h): h.english
        case .unknownEscape: "the escapes are \\\" \\' \\\\ \\n; write '\\\\' for a backslash"
        case .unterminatedString(let q): "close it with \(q)"
        case .invalidNumber(let t): "numbers are whole digit runs; quote text that starts with digits: \"\(t)\""
        case .invalidDate(_, let why): why.english
        case .unexpectedCharacter(_, let meant): meant.map { "did you mean '\($0)'? (a full-width character was typed)" }
        case .invalidUTF8: "statements must be UTF-8; convert the file first, e.g. iconv -f GB18030 -t UTF-8"
        case .countOrderNotInBy(_, let by): by.isEmpty ? "count … by FIELD order by count desc" : "by " + by.joined(separator: ", ")
        default: nil
        }
    }
}
