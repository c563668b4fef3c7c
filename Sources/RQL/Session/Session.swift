import Registry

/// Runs RQL statements against a registry database: the language's evaluator.
///
/// The session never prints: each statement yields `[OutputItem]` or a `Diagnostic` (with the
/// rule when a registry rule refused it). Every change goes through the database's `write`, so
/// a refused statement changes nothing; inside a transaction any failed statement aborts it
/// (psql's rule): later statements are refused until `rollback`, and `commit` rolls back.
public final class Session {
    /// The one owner of writes; the session reads through its registry.
    public let database: RegistryDatabase
    /// Whether changes are refused (`--read-only`) even where the database would allow them.
    public var isReadOnly = false
    /// Progress of long statements (imports, bulk changes): done and total.
    public var progress: ((Int, Int) -> Void)?

    /// Who the session acts as, with the key it proves it by (`--as ACTOR --key FILE`): the
    /// actor that adds and revokes actors, and that signs every entry of a governed registry.
    public var identity: (name: ActorName, key: SigningKey)? {
        didSet {
            database.signer = identity
            registry.scope = identity?.name
            if let identity { registry.actor = identity.name.description }
        }
    }

    /// The server that answers finds and counts itself (PostgreSQL's SQL), when the database
    /// has one; nil: every query is answered from the registry in memory.
    public var queryServer: (any QueryServer)?

    /// A session over a database (and the server that answers its queries, if any).
    public init(database: RegistryDatabase, queryServer: (any QueryServer)? = nil) {
        self.database = database
        self.queryServer = queryServer
    }

    /// The registry statements read.
    public var registry: Registry { database.registry }

    /// Whether a transaction is open, aborted or not (the shell shows it in the prompt).
    public var inTransaction: Bool { database.inTransaction }

    /// Tells the session that a statement failed before it reached `execute` (a parse error):
    /// inside a transaction that aborts it, as any failed statement does.
    public func statementFailed() { database.abortTransaction() }

    /// Runs one parsed statement.
    public func execute(_ parsed: ParsedStatement) throws(Diagnostic) -> [OutputItem] {
        try execute(parsed.statement)
    }

    /// Runs one statement.
    public func execute(_ statement: Statement) throws(Diagnostic) -> [OutputItem] {
        let endsTransaction: Bool
        switch statement {
        case .begin, .commit, .rollback: endsTransaction = true
        default: endsTransaction = false
        }
        // A shared backend: see what other sessions changed before reading or checking a rule.
        do throws(RegistryError) { try database.refresh() } catch {
            throw Diagnostic(.engine(error.id), at: statement.span, rule: error.rule)
        }
        if (isReadOnly || database.isReadOnly) && !statement.isQuery && !endsTransaction {
            throw Diagnostic(.readOnly, at: statement.span)
        }
        if registry.isGoverned && identity == nil && statement.isQuery {
            switch statement {
            case .verify, .rules: break
            default:
                throw Diagnostic(.governedNeedsActor, at: statement.span, rule: .r18)
            }
        }
        if database.transaction == .aborted && !endsTransaction {
            throw Diagnostic(.engine(RegistryError.transactionAborted.id), at: statement.span)
        }
        do throws(Diagnostic) {
            let items = try run(statement)
            // A query stopped by Ctrl-C answers nothing rather than part of its rows. (A change
            // stopped by it throws from the engine, which has undone it.)
            if statement.isQuery, database.cancellation.isCancelled {
                throw Diagnostic(.engine(RegistryError.interrupted.id), at: statement.span)
            }
            return items
        } catch {
            if !endsTransaction { database.abortTransaction() }
            throw error
        }
    }

    private func run(_ statement: Statement) throws(Diagnostic) -> [OutputItem] {
        switch statement {
        case .addActor(let s): return try addActor(s)
        case .revokeActor(let s): return try revokeActor(s)
        case .findActors(let s): return try findActors(s)
        case .approve(let s): return try requestStep(s, .approve)
        case .reject(let s): return try requestStep(s, .reject)
        case .cancel(let s): return try requestStep(s, .cancel)
        case .findRequests(let s): return try findRequests(s)
        case .findDistricts(let s): return try findDistricts(s)
        case .addHoliday(let s): return try addHoliday(s)
        case .addWorkday(let s): return try addWorkday(s)
        case .addSchool(let s): return try addSchool(s)
        case .findSchools(let s): return try findSchools(s)
        case .enrol(let s): return try enrol(s)
        case .transfer(let s): return try transfer(s)
        case .promote(let s): return try stageChange(s, graduating: false)
        case .graduate(let s): return try stageChange(s, graduating: true)
        case .suspend(let s): return try statusChange(s, .suspend)
        case .resume(let s): return try statusChange(s, .resume)
        case .withdraw(let s): return try statusChange(s, .withdraw)
        case .void(let s): return try statusChange(s, .void)
        case .revert(let s): return try revert(s)
        case .correct(let s): return try correct(s)
        case .record(let s): return try record(s)
        case .confirm(let s): return try confirm(s)
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
        try engine(s.span) { () throws(RegistryError) in try database.begin() }
        return []
    }

    func commit(_ s: Statement.Bare) throws(Diagnostic) -> [OutputItem] {
        let n = try engine(s.span) { () throws(RegistryError) in try database.commit() }
        return [.said(.committed(changes: n)),
                .acknowledgement("commit", ["changes": .int(n), "entry": database.lastEntry.map(Value.int) ?? .null])]
    }

    func rollback(_ s: Statement.Bare) throws(Diagnostic) -> [OutputItem] {
        let n = try engine(s.span) { () throws(RegistryError) in try database.rollback() }
        return [.said(.rolledBack(changes: n)), .acknowledgement("rollback", ["changes": .int(n)])]
    }

    /// Rolls back an open (or aborted) transaction when input ends, `.quit` or `.open` leaves
    /// it: uncommitted work is never kept. Returns the changes undone, or nil when no
    /// transaction was open.
    public func abandonTransaction() -> Int? {
        guard database.inTransaction else { return nil }
        return try? database.rollback()
    }
}
