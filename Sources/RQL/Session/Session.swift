import Registry

/// What the durable store offers the language: grouping a transaction into one journal entry,
/// and verification of the journal. An in-memory registry has none (`storage == nil`).
public protocol SessionStorage: AnyObject {
    /// Starts collecting changes into one journal entry (`begin`).
    func beginGroup()
    /// Writes the collected changes as one entry (`commit`).
    func commitGroup() throws
    /// Forgets the collected changes (`rollback`); the registry is rolled back by the session.
    func rollbackGroup()
    /// Re-walks the journal and snapshot and compares a replay with the live registry; returns
    /// the problems found (empty when all is well) and lines describing what was checked.
    func verifyStorage() -> (problems: [String], checked: [String])
}

/// Runs RQL statements against a registry: the language's evaluator.
///
/// The session never prints: each statement yields `[OutputItem]` or a `Diagnostic` (with the
/// rule id when a registry rule refused it). A refused statement changes nothing; inside a
/// transaction it leaves the transaction open.
public final class Session {
    /// The registry statements act on.
    public let registry: Registry
    /// The durable store behind the registry, when there is one.
    public var storage: SessionStorage?
    /// Whether changes are refused (`--read-only`).
    public var isReadOnly = false
    /// Progress of long statements (imports, bulk changes): done and total.
    public var progress: ((Int, Int) -> Void)?
    /// The savepoint of the open transaction, if any.
    public private(set) var transaction: Savepoint?

    /// A session over a registry (and its durable store, when given).
    public init(registry: Registry, storage: SessionStorage? = nil) {
        self.registry = registry
        self.storage = storage
    }

    /// Whether a transaction is open (the shell shows it in the prompt).
    public var inTransaction: Bool { transaction != nil }

    /// Runs one parsed statement.
    public func execute(_ parsed: ParsedStatement) throws(Diagnostic) -> [OutputItem] {
        try execute(parsed.statement)
    }

    /// Runs one statement.
    public func execute(_ statement: Statement) throws(Diagnostic) -> [OutputItem] {
        if isReadOnly && !statement.isQuery {
            if case .begin = statement {} else if case .commit = statement {} else if case .rollback = statement {} else {
                throw Diagnostic("the registry is open read-only; this statement would change it", at: statement.span)
            }
        }
        switch statement {
        case .addSchool(let s): return try addSchool(s)
        case .findSchools(let s): return try findSchools(s)
        case .enrol(let s): return try enrol(s)
        case .transfer(let s): return try transfer(s)
        case .promote(let s): return try stageChange(s, graduating: false)
        case .graduate(let s): return try stageChange(s, graduating: true)
        case .suspend(let s): return try suspend(s)
        case .resume(let s): return try resume(s)
        case .withdraw(let s): return try withdraw(s)
        case .correct(let s): return try correct(s)
        case .record(let s): return try record(s)
        case .find(let s): return try find(s)
        case .count(let s): return try count(s)
        case .show(let s): return try show(s)
        case .history(let s): return try history(s)
        case .explain(let s): return try explain(s)
        case .check(let s): return try check(s)
        case .rules: return rules()
        case .verify(let s): return try verify(s)
        case .begin(let s): return try begin(s)
        case .commit(let s): return try commit(s)
        case .rollback(let s): return try rollback(s)
        case .importStudents(let s): return try importFile(s, students: true)
        case .importSchools(let s): return try importFile(s, students: false)
        case .exportStudents(let s): return try export(s, students: true)
        case .exportSchools(let s): return try export(s, students: false)
        }
    }

    // MARK: transactions

    func begin(_ s: Statement.Bare) throws(Diagnostic) -> [OutputItem] {
        guard transaction == nil else { throw Diagnostic("a transaction is already open; commit or rollback first", at: s.span) }
        transaction = registry.savepoint()
        storage?.beginGroup()
        return []
    }

    func commit(_ s: Statement.Bare) throws(Diagnostic) -> [OutputItem] {
        guard let sp = transaction else { throw Diagnostic("no transaction is open (begin starts one)", at: s.span) }
        do { try storage?.commitGroup() } catch {
            registry.rollback(to: sp)
            storage?.rollbackGroup()
            transaction = nil
            throw Diagnostic("the transaction could not be saved and was rolled back: \(error)", at: s.span)
        }
        transaction = nil
        let n = registry.eventCount - sp.events
        return [.message("committed \(QueryExecutor.countPhrase(n, "change"))")]
    }

    func rollback(_ s: Statement.Bare) throws(Diagnostic) -> [OutputItem] {
        guard let sp = transaction else { throw Diagnostic("no transaction is open (begin starts one)", at: s.span) }
        let n = registry.eventCount - sp.events
        registry.rollback(to: sp)
        storage?.rollbackGroup()
        transaction = nil
        return [.message("rolled back \(QueryExecutor.countPhrase(n, "change"))")]
    }

    /// Abandons an open transaction (the shell calls this at exit: uncommitted work is not kept).
    public func abandonTransaction() {
        guard let sp = transaction else { return }
        registry.rollback(to: sp)
        storage?.rollbackGroup()
        transaction = nil
    }
}
