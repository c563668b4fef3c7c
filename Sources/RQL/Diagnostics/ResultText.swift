import Registry

/// The message catalogue's result texts: table footers, the reasons the checks give, the
/// bulk changes' summaries, verify's lines and the one-line descriptions of requests, each an
/// id with its arguments, the English written here only (issue 16 adds the Chinese beside it).
public indirect enum ResultText: Hashable, Sendable {
    /// `3 students`, `1 request step`.
    case count(Int, Noun)
    /// A `count … limit N` footer: the first N of the groups, and the students in all.
    case firstGroups(limit: Int, groups: Int, students: Int)
    /// `N students skipped` under a preview's table of refusals.
    case skippedStudents(Int)

    // The checks' reasons.
    /// Dropouts: withdrawn at compulsory age.
    case dropoutWithdrawn(on: Day, ageThen: Int, ageNow: Int)
    /// Dropouts: suspended for more than a year.
    case dropoutSuspended(since: Day, age: Int)
    /// Zoning (R15): hukou and school districts differ.
    case zoningHukou(hukou: DistrictCode, school: DistrictCode)
    /// Migration: hukou province and school province differ.
    case migrationHukouProvince(hukou: String, school: String)
    /// Migration: transferred in from another province during senior stage.
    case migrationTransferredIn(on: Day, province: String, schoolName: String)
    /// Several migration reasons of one student.
    case reasons([ResultText])
    /// Duplicates (R17): one ID number under several registry numbers.
    case duplicateID(id: IDCardNumber, numbers: Int)
    /// Duplicates (R17): same name, birth date and gender under several numbers.
    case duplicatePerson(numbers: Int)

    // Bulk changes.
    /// `promoted 120, skipped 3 (R8)`: the count changed, then those skipped per rule.
    case bulk(BulkVerb, changed: Int, skipped: [Rule: Int])
    /// A bulk change's journal entry, for `revert entry N`.
    case journalEntry(Int)
    /// After a preview.
    case nothingChanged

    // verify's lines.
    /// Indexes re-checked.
    case verifyIndexes(students: Int, events: Int)
    /// The journal re-walked.
    case verifyJournal(entries: Int)
    /// The registry rebuilt from the journal and compared.
    case verifyReplay(students: Int, events: Int)
    /// An in-memory registry has no journal.
    case verifyNoJournal
    /// The first damaged journal entry.
    case firstBadEntry(sequence: Int, effective: String?, kind: String?)

    // Requests, in one line (`find requests`' request column, acknowledgements).
    /// A transfer request.
    case requestTransfer(who: String, from: String, to: String)
    /// An enrolment request.
    case requestEnrol(kind: String, who: String, school: String, grade: Int)
    /// An import request.
    case requestImport(students: Int, file: String, school: String)
    /// A correction request.
    case requestCorrect(who: String, changes: [String])
    /// Any other request: its kind and student.
    case requestOther(kind: String, who: String)

    // explain's lines.
    /// What a plan is for: `find students`, `bulk change`, `check dropouts`.
    case planFor(PlanSubject)
    /// The access a plan chose: an index lookup with its estimate.
    case planIndex(lookup: String, rows: Int)
    /// The access a plan chose: a scan of every student, folding histories back to a day.
    case planScan(students: Int, asOf: Day?)
    /// `  access: …`.
    case planAccess(ResultText)
    /// Another lookup the planner weighed.
    case planConsidered(lookup: String, rows: Int)
    /// Rows re-checked against the where clause.
    case planFilter
    /// The order of a find.
    case planOrder(keys: [String])
    /// The limit of a find.
    case planLimit(Int)
    /// The grouping of a count.
    case planGroup(fields: [String])
    /// find schools scans them all.
    case planSchools(count: Int)
    /// A statement about one student.
    case planOneStudent
    /// A first enrolment looks up the ID number (R1).
    case planEnrolNew
    /// Enrolling a registered student looks up its number.
    case planEnrolExisting
    /// A statement that looks up no students.
    case planNone

    /// What an explained plan serves.
    public enum PlanSubject: Hashable, Sendable {
        case find, count, bulkChange, exportStudents
        case check(String)
    }

    /// What a table counts.
    public enum Noun: String, Hashable, Sendable {
        case student, row, school, actor, request, event, group, enrolment, change, district
        case requestStep = "request step"
        case possibleDropout = "possible dropout"
        case studentInDuplicateGroups = "student in duplicate groups"
        case enrolmentOutsideHukou = "enrolment outside the hukou district"
        case seniorToReview = "senior student to review"

        var englishPlural: String {
            switch self {
            case .studentInDuplicateGroups: "students in duplicate groups"
            case .enrolmentOutsideHukou: "enrolments outside the hukou district"
            case .seniorToReview: "senior students to review"
            default: rawValue + "s"
            }
        }
    }

    /// What a bulk change did, or would do.
    public enum BulkVerb: Hashable, Sendable {
        case promoted, graduated, wouldPromote, wouldGraduate

        var english: (verb: String, skipped: String) {
            switch self {
            case .promoted: ("promoted", "skipped")
            case .graduated: ("graduated", "skipped")
            case .wouldPromote: ("would promote", "skip")
            case .wouldGraduate: ("would graduate", "skip")
            }
        }
    }

    /// The English text.
    public var english: String {
        switch self {
        case .count(let n, let noun): return n == 1 ? "1 \(noun.rawValue)" : "\(n) \(noun.englishPlural)"
        case .firstGroups(let limit, let groups, let students):
            return "the first \(limit) of \(ResultText.count(groups, .group).english) (\(ResultText.count(students, .student).english) in all)"
        case .skippedStudents(let n): return ResultText.count(n, .student).english + " skipped"
        case .dropoutWithdrawn(let on, let then, let now): return "withdrawn on \(on) at age \(then), now \(now)"
        case .dropoutSuspended(let since, let age): return "suspended since \(since) (more than a year), age \(age)"
        case .zoningHukou(let h, let s): return "hukou \(h), school in \(s)"
        case .migrationHukouProvince(let h, let s): return "hukou province \(h), school province \(s)"
        case .migrationTransferredIn(let on, let p, let name): return "transferred on \(on) from province \(p) (\(name))"
        case .reasons(let all): return all.map(\.english).joined(separator: "; ")
        case .duplicateID(let id, let n): return "ID number \(id) under \(n) registry numbers"
        case .duplicatePerson(let n): return "same name, birth date and gender under \(n) numbers"
        case .bulk(let verb, let changed, let skipped):
            var line = "\(verb.english.verb) \(changed)"
            if !skipped.isEmpty {
                line += ", \(verb.english.skipped) " + skipped.keys.sorted().map { "\(skipped[$0]!) (\($0.id))" }.joined(separator: ", ")
            }
            return line
        case .journalEntry(let n): return " (journal entry \(n))"
        case .nothingChanged: return "; nothing was changed"
        case .verifyIndexes(let s, let e):
            return "indexes: \(ResultText.count(s, .student).english), \(ResultText.count(e, .event).english) checked"
        case .verifyJournal(let n): return "journal: \(n) \(n == 1 ? "entry" : "entries") re-walked, hash chain intact"
        case .verifyReplay(let s, let e):
            return "replay: \(ResultText.count(s, .student).english), \(ResultText.count(e, .event).english) rebuilt and compared"
        case .verifyNoJournal: return "journal: none (in-memory registry)"
        case .firstBadEntry(let n, let effective, let kind):
            return "first bad entry #\(n)" + (effective.map { " (\($0)" } ?? " (") + (kind.map { ", \($0))" } ?? ")")
        case .requestTransfer(let who, let from, let to): return "transfer \(who) \(from) → \(to)"
        case .requestEnrol(let kind, let who, let school, let grade): return "\(kind) \(who) at \(school) grade \(grade)"
        case .requestImport(let n, let file, let school):
            return "import \(ResultText.count(n, .student).english) from \(file) into \(school)"
        case .requestCorrect(let who, let changes): return "correct \(who): " + changes.joined(separator: ", ")
        case .requestOther(let kind, let who): return "\(kind) \(who)"
        case .planFor(let subject):
            switch subject {
            case .find: return "find students"
            case .count: return "count students"
            case .bulkChange: return "bulk change"
            case .exportStudents: return "export students"
            case .check(let kind): return "check \(kind)"
            }
        case .planIndex(let lookup, let rows): return "index \(lookup) (estimated \(ResultText.count(rows, .row).english))"
        case .planScan(let n, let day):
            return "scan all \(ResultText.count(n, .student).english)" + (day.map { ", folding each history back to \($0)" } ?? "")
        case .planAccess(let access): return "  access: " + access.english
        case .planConsidered(let lookup, let rows): return "  considered: \(lookup) (estimated \(ResultText.count(rows, .row).english))"
        case .planFilter: return "  filter: every row re-checked against the where clause"
        case .planOrder(let keys): return "  order: " + keys.joined(separator: ", ")
        case .planLimit(let n): return "  limit: \(n)"
        case .planGroup(let fields): return "  group: hash on " + fields.joined(separator: ", ")
        case .planSchools(let n): return "find schools\n  access: scan all \(ResultText.count(n, .school).english)"
        case .planOneStudent: return "one student: registry-number index (1 row)"
        case .planEnrolNew: return "enrol: id-card index to refuse a second registration (R1), then append"
        case .planEnrolExisting: return "enrol: registry-number index (1 row)"
        case .planNone: return "no plan: the statement does not look up students"
        }
    }
}
