import Registry

/// Somewhere other than the registry in memory that answers a session's queries: a database
/// server running them in its own language (SQL). The rules never ask it: changes are checked
/// by the engine. A server that cannot translate some part of a query (a field it has no
/// column for, an `as of`) answers nil, and the session answers from memory.
public protocol QueryServer: AnyObject {
    /// The rows of a find, each holding `q.columns` in order, ordered and limited as asked.
    func find(_ q: FindQuery, in registry: Registry) throws(StorageError) -> [[Value]]?
    /// The count of each group of a count (one group, keyed `[]`, without `by`).
    func count(_ q: CountQuery, in registry: Registry) throws(StorageError) -> [[Value]: Int]?
    /// The duplicate groups of the whole registry (now, or as it stood on a day), as
    /// `check duplicates` forms them: one ID number under two registry numbers, and the same
    /// name, birth date and gender under different numbers.
    func duplicateGroups(asOf: Day?, in registry: Registry) throws(StorageError) -> DuplicateGroups?
    /// What `explain` says of a query the server answers: nil when it does not.
    func explain(_ q: ServerQuery, in registry: Registry) throws(StorageError) -> ServerPlan?
    /// A student's dated history, oldest first, as `history` lists it (a first enrolment with the
    /// record as enrolled); nil when the server does not keep it.
    func history(of number: RegistryNumber, in registry: Registry) throws(StorageError) -> [Event]?
    /// The registry numbers of the students `condition` selects (now, or as they stood on `asOf`),
    /// when there are at most `limit`; nil when there are more or the server cannot say. A
    /// session holding only some students fetches them before it reads them in memory.
    func numbers(matching condition: StudentCondition, asOf: Day?, limit: Int, in registry: Registry) throws(StorageError) -> [RegistryNumber]?
    /// The registry numbers of every student `condition` selects that check `kind` could find
    /// (now, or as they stood on `asOf`: more may be named, none it finds left out), when there
    /// are at most `limit`; nil when there are more or the server cannot say. A session holding
    /// only some students fetches them, and the check itself runs in memory.
    func numbers(checking kind: Statement.CheckKind, matching condition: StudentCondition, asOf: Day?, limit: Int,
                 in registry: Registry) throws(StorageError) -> [RegistryNumber]?
    /// What `check kind where … by …` counts (`q`: its condition, fields and day), when the
    /// server tests the check itself exactly; nil when it cannot.
    func counts(checking kind: Statement.CheckKind, _ q: CountQuery, in registry: Registry) throws(StorageError) -> [[Value]: Int]?
    /// The registry numbers of every student `condition` selects, in the registry's order, at
    /// most `size` at a time; nil when the server cannot say. A session holding only some
    /// students reads them part by part (an export), never holding them all at once.
    func numberParts(matching condition: StudentCondition, size: Int, in registry: Registry) throws(StorageError) -> (any NumberParts)?
    /// The registry numbers of every student `condition` selects that check `kind` could find
    /// (as `numbers(checking:)`), in the registry's order, at most `size` at a time; nil when
    /// the server cannot say. A session holding only some students checks them part by part.
    func numberParts(checking kind: Statement.CheckKind, matching condition: StudentCondition, asOf: Day?, size: Int,
                     in registry: Registry) throws(StorageError) -> (any NumberParts)?
}

/// Numbers read from a server a part at a time (`QueryServer.numberParts`).
public protocol NumberParts: AnyObject {
    /// The next part; nil after the last.
    func next() throws(StorageError) -> [RegistryNumber]?
    /// Ends the read before its last part.
    func close()
}

extension QueryServer {
    /// None: the session holds every student of its scope before it reads them in memory.
    public func numbers(matching condition: StudentCondition, asOf: Day?, limit: Int, in registry: Registry) throws(StorageError) -> [RegistryNumber]? { nil }

    /// None: the check counts in memory.
    public func counts(checking kind: Statement.CheckKind, _ q: CountQuery, in registry: Registry) throws(StorageError) -> [[Value]: Int]? { nil }

    /// None: the session holds the students the check's `where` selects.
    public func numbers(checking kind: Statement.CheckKind, matching condition: StudentCondition, asOf: Day?, limit: Int,
                        in registry: Registry) throws(StorageError) -> [RegistryNumber]? { nil }

    /// None: the session holds every student of its scope before it reads them.
    public func numberParts(matching condition: StudentCondition, size: Int, in registry: Registry) throws(StorageError) -> (any NumberParts)? { nil }

    /// None: the session holds the students the check's `where` selects.
    public func numberParts(checking kind: Statement.CheckKind, matching condition: StudentCondition, asOf: Day?, size: Int,
                            in registry: Registry) throws(StorageError) -> (any NumberParts)? { nil }

    /// No history: the session lists it from memory.
    public func history(of number: RegistryNumber, in registry: Registry) throws(StorageError) -> [Event]? { nil }
}

/// The groups `check duplicates` lists from: by ID number (the number and its holders, in row
/// order), and by person (members in row order); each list ordered by first member.
public struct DuplicateGroups: Sendable {
    /// One ID number under two (or more) registry numbers.
    public var byID: [(IDCardNumber, [StudentID])]
    /// The same name, birth date and gender under different numbers.
    public var byPerson: [[StudentID]]

    /// Groups from their lists.
    public init(byID: [(IDCardNumber, [StudentID])], byPerson: [[StudentID]]) {
        self.byID = byID; self.byPerson = byPerson
    }
}

/// A query `explain` asks a server about.
public enum ServerQuery: Sendable {
    /// A find.
    case find(FindQuery)
    /// A count.
    case count(CountQuery)
    /// The duplicate groups of `check duplicates`, now or as of a day.
    case duplicates(asOf: Day?)
    /// A student's history (`history`, `show`).
    case history(RegistryNumber)
    /// The students a check (`dropouts`, `zoning`, `migration`, `unconfirmed`) could find among
    /// those a condition selects, now or as of a day, at most `limit` (and one more); nil: all
    /// of them, in the registry's order (read a part at a time).
    case checkCandidates(Statement.CheckKind, StudentCondition, asOf: Day?, limit: Int?)
    /// What a check with `by` counts, the server testing the check itself.
    case checkCount(Statement.CheckKind, CountQuery)
}

/// How a server answers a query: where, with what statement, and its own plan of it.
public struct ServerPlan: Sendable, Equatable {
    /// The server (`PostgreSQL postgres://…`), and the shard when the statement goes to one.
    public var server: String
    /// The statement it is sent, as sent.
    public var statement: String
    /// The server's plan of it, line by line.
    public var plan: [String]

    /// A plan from its parts.
    public init(server: String, statement: String, plan: [String]) {
        self.server = server; self.statement = statement; self.plan = plan
    }
}
