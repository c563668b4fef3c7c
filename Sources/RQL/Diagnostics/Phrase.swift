import Registry

/// What the grammar wanted where it found something else (`expected PHRASE after …`), what a
/// statement lacks (`add school needs PHRASE`) and what needs a reason (`PHRASE needs a
/// reason`): the phrases of the parser's messages, each an id, written here only, so a second
/// language is one more text per case (issue 16). Lists of words come from the vocabulary.
public indirect enum Phrase: Hashable, Sendable {
    /// A keyword or symbol to type: `'name'`.
    case word(String)
    /// A word and what follows it: `'to' and a school code`.
    case wordThen(String, Phrase)
    /// Alternatives: `a registry number or 'where'`.
    case either([Phrase])
    /// The next assignment of a first enrolment: `', name = …'`.
    case nextAssignment(field: String)
    /// `'share'`, with what it does.
    case shareWord
    /// `')'` closing a bracket, or a list.
    case closingBracket, closingList

    // Things to write.
    case statementToExplain, requestNumber, registryNumber, studentDetails, fieldName, comparison, value, date
    case fileName, schoolCode, districtCode, schoolName, holidayName, actorName, publicKey, reason, pattern
    case valueList, rowCount, gradeNumber, classNumber, corrections, upperBound, actor, stage, growthKind, checkKind
    /// The journal entry's number; with a note that the acknowledgement names it.
    case journalEntryNumber(noted: Bool)
    /// The text of a growth record.
    case growthText(kind: String)

    // What a statement lacks.
    case aName, aStage, aDistrict
    /// One of a first enrolment's fields.
    case studentsField(String)

    // What needs a reason.
    case revokingActor, rejectingRequest, suspension, withdrawal, voiding, reverting, correction

    /// The English text.
    public var english: String {
        switch self {
        case .word(let w): return "'\(w)'"
        case .wordThen(let w, let next): return "'\(w)' and \(next.english)"
        case .either(let all): return Phrase.list(all.map(\.english))
        case .nextAssignment(let f): return "', \(f) = …'"
        case .shareWord: return "'share' (count … show share adds each group's share of the whole)"
        case .closingBracket: return "')' to close the bracket"
        case .closingList: return "')' to close the list"
        case .valueList: return "a list of values"
        case .statementToExplain: return "a statement to explain"
        case .requestNumber: return "a request number (#12)"
        case .registryNumber: return "a registry number"
        case .studentDetails: return "the student's details (name = …)"
        case .fieldName: return "a field name"
        case .comparison: return "a comparison (=, !=, <, <=, >, >=, in, between, like, is null)"
        case .value: return "a value"
        case .date: return "a date (YYYY-MM-DD)"
        case .fileName: return "a file name in quotes"
        case .schoolCode: return "a school code"
        case .districtCode: return "a district code"
        case .schoolName: return "the school's name in quotes"
        case .holidayName: return "the holiday's name in quotes"
        case .actorName: return "the actor's name in quotes"
        case .publicKey: return "its public key in quotes (\"ed25519:…\", from xueji keygen)"
        case .reason: return "a reason in quotes"
        case .pattern: return "a pattern in quotes"
        case .rowCount: return "a row count"
        case .gradeNumber: return "a grade number"
        case .classNumber: return "a class number"
        case .corrections: return "the corrections"
        case .upperBound: return "an upper bound"
        case .actor: return "an actor (national, province:41, city:4103, county:410303 or school:4103030001)"
        case .stage: return "a stage (\(Phrase.list(SchoolStage.allCases.map(\.rawValue))))"
        case .growthKind: return Phrase.list(Statement.RecordKind.allCases.map(\.rawValue))
        case .checkKind: return Phrase.list(Statement.CheckKind.studentChecks.map(\.rawValue))
        case .journalEntryNumber(let noted): return "the journal entry's number" + (noted ? " (its acknowledgement names it)" : "")
        case .growthText(let kind): return "the \(kind) text in quotes"
        case .aName: return "a name"
        case .aStage: return "a stage"
        case .aDistrict: return "a district"
        case .studentsField(let f): return "the student's \(f)"
        case .revokingActor: return "revoking an actor"
        case .rejectingRequest: return "rejecting a request"
        case .suspension: return "a suspension"
        case .withdrawal: return "a withdrawal"
        case .voiding: return "voiding a registration"
        case .reverting: return "reverting a bulk change"
        case .correction: return "a correction"
        }
    }

    /// `a`, `a or b`, `a, b or c`.
    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
