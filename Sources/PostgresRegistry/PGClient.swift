import PostgresNIO
import Synchronization
import Registry

/// One connection to a PostgreSQL server, used synchronously: the engine's seam is synchronous,
/// so each call waits for PostgresNIO's future on a private event loop (never one of the caller's).
final class PGClient {
    /// The loop every connection runs on (two threads, one per core, measured no faster for 16 sessions).
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// PostgresNIO logs at debug and trace; a shell prints none of it.
    private static let logger: Logger = {
        var l = Logger(label: "xueji.postgres")
        l.logLevel = .critical
        return l
    }()

    let url: PostgresURL
    private var connection: PostgresConnection?

    /// Connects; an unreachable server or a refused login is `serverUnreachable`.
    init(_ url: PostgresURL) throws(StorageError) {
        self.url = url
        try connect()
    }

    /// A new connection in place of one the server ended (a restart, an idle timeout).
    func reconnect() throws(StorageError) {
        close()
        try connect()
    }

    private func connect() throws(StorageError) {
        var config = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user,
                                                      password: url.password, database: url.database, tls: .disable)
        config.options.connectTimeout = .seconds(10)
        do {
            connection = try PostgresConnection.connect(on: Self.group.next(), configuration: config, id: 1, logger: Self.logger).wait()
        } catch {
            throw StorageError(.io, .serverUnreachable(address: url.description, reason: Self.reason(error)))
        }
    }

    deinit { close() }

    /// Ends the connection (a transaction in progress is rolled back by the server).
    func close() {
        guard let c = connection else { return }
        connection = nil
        try? c.close().wait()
    }

    var isOpen: Bool { connection.map { !$0.isClosed } ?? false }

    /// The statements sent while `PostgresRegistry.capturingSQL` runs (the benchmark's pgbench scripts).
    static let captured = Mutex<[String]?>(nil)

    /// Statements whose answers nobody reads, sent with the next `query` or `flush`.
    private var pending: [PostgresQuery] = []
    /// Parts queued by `later(part:)` since the last barrier: one statement when sent.
    private var parts: [SQLPart] = []

    /// Queues a statement whose rows nobody reads (a write under the writer lock): it goes to the
    /// server with the next `query` or `flush`, all in one hand-over to the connection's event
    /// loop, so the caller waits once for the lot rather than once per statement.
    func later(_ q: PostgresQuery) {
        closeParts()
        Self.captured.withLock { $0?.append(q.sql) }
        pending.append(q)
    }

    /// Queues a data-modifying statement to be sent fused with the parts queued with it (one trip
    /// to the server for all of them, see `SQLPart`).
    func later(part: SQLPart) { parts.append(part) }

    /// Ends the statement the queued parts make: parts queued after it run after them.
    func laterBarrier() { closeParts() }

    private func closeParts() {
        guard !parts.isEmpty else { return }
        let q = SQLPart.fused(parts)
        parts = []
        Self.captured.withLock { $0?.append(q.sql) }
        pending.append(q)
    }

    /// Sends what `later` queued and waits for it; the first failure is thrown (the statements
    /// after it in a transaction fail too, as the transaction is aborted).
    func flush() throws(PGError) {
        closeParts()
        guard !pending.isEmpty else { return }
        _ = try send([])
    }

    /// `flush` on several connections at once (a sharded write's servers): one wait for all of
    /// them, each server working through its own queue meanwhile; the first failure is thrown,
    /// after every connection's statements have ended.
    static func flush(_ clients: [PGClient]) throws(PGError) {
        var futures: [EventLoopFuture<PostgresQueryResult>] = []
        var closed: PGError?
        for client in clients {
            client.closeParts()
            let queued = client.pending
            client.pending = []
            guard !queued.isEmpty else { continue }
            guard let c = client.connection, !c.isClosed else {
                closed = closed ?? PGError(sqlState: "08003", text: "the connection to \(client.url) is closed")
                continue
            }
            futures += queued.map { c.query($0, logger: logger) }
        }
        if let first = futures.first {
            let results: [Result<PostgresQueryResult, any Error>]
            do { results = try EventLoopFuture.whenAllComplete(futures, on: first.eventLoop).wait() } catch { throw PGError(error) }
            for case .failure(let error) in results { throw PGError(error) }
        }
        if let closed { throw closed }
    }

    /// Drops what `later` queued (the write it belonged to is rolled back).
    func discardPending() { pending = []; parts = [] }

    /// The statements queued, the parts queued so far counting as one.
    var pendingCount: Int { pending.count + (parts.isEmpty ? 0 : 1) }

    /// Makes what is queued, and what follows it, one transaction: `BEGIN` goes before it.
    func beginBeforePending() {
        closeParts()
        let begin = PostgresQuery(unsafeSQL: "BEGIN")
        let queued = pending.count
        Self.captured.withLock { c in
            guard var list = c else { return }
            list.insert(begin.sql, at: max(0, list.count - queued))
            c = list
        }
        pending.insert(begin, at: 0)
    }

    /// Runs one statement (after anything `later` queued) and returns its rows.
    @discardableResult
    func query(_ q: PostgresQuery) throws(PGError) -> [PostgresRow] {
        closeParts()
        Self.captured.withLock { $0?.append(q.sql) }
        return try send([q])
    }

    /// Runs one statement (after anything `later` queued), handing each row to `body` as it
    /// arrives, on the connection's loop: a long answer is never held whole (PostgresNIO copies
    /// a collected answer at every read from the socket: a million rows took ten seconds).
    func forEachRow(_ q: PostgresQuery, _ body: @escaping @Sendable (PostgresRow) throws -> Void) throws(PGError) {
        try flush()
        Self.captured.withLock { $0?.append(q.sql) }
        guard let c = connection, !c.isClosed else { throw PGError(sqlState: "08003", text: "the connection to \(url) is closed") }
        do { _ = try c.query(q, logger: Self.logger, body).wait() } catch { throw PGError(error) }
    }

    /// Runs each statement on its own connection, all at once, handing each row to `body` with
    /// its statement's index as it arrives (on the connections' one loop, so never two at a
    /// time); returns when every statement has ended, throwing the first failure.
    static func forEachRow(_ statements: [(PGClient, PostgresQuery)],
                           _ body: @escaping @Sendable (Int, PostgresRow) throws -> Void) throws(PGError) {
        var futures: [EventLoopFuture<PostgresQueryMetadata>] = []
        for (i, (client, q)) in statements.enumerated() {
            try client.flush()
            captured.withLock { $0?.append(q.sql) }
            guard let c = client.connection, !c.isClosed else { throw PGError(sqlState: "08003", text: "the connection to \(client.url) is closed") }
            futures.append(c.query(q, logger: logger) { try body(i, $0) })
        }
        guard let first = futures.first else { return }
        let results: [Result<PostgresQueryMetadata, any Error>]
        do { results = try EventLoopFuture.whenAllComplete(futures, on: first.eventLoop).wait() } catch { throw PGError(error) }
        for case .failure(let error) in results { throw PGError(error) }
    }

    private func send(_ extra: [PostgresQuery]) throws(PGError) -> [PostgresRow] {
        let queued = pending + extra
        pending = []
        guard let c = connection, !c.isClosed else { throw PGError(sqlState: "08003", text: "the connection to \(url) is closed") }
        let futures = queued.map { c.query($0, logger: Self.logger) }
        // One wait for the lot: waiting on each future in turn wakes this thread once per statement.
        let results: [Result<PostgresQueryResult, any Error>]
        if futures.count == 1 {
            do { results = [.success(try futures[0].wait())] } catch { results = [.failure(error)] }
        } else {
            do {
                results = try EventLoopFuture.whenAllComplete(futures, on: futures[0].eventLoop).wait()
            } catch { throw PGError(error) }
        }
        var first: PGError?, rows: [PostgresRow] = []
        for (i, r) in results.enumerated() {
            switch r {
            case .success(let result): if i == results.count - 1 { rows = Array(result.rows) }
            case .failure(let error): if first == nil { first = PGError(error) }
            }
        }
        if let first { throw first }
        return rows
    }

    /// Runs statements without parameters (schema changes, transaction control).
    func run(_ sql: String) throws(PGError) {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in a transaction of its own: committed when it returns, rolled back when it throws.
    func transaction(_ body: () throws(PGError) -> Void) throws(PGError) {
        try run("BEGIN")
        do throws(PGError) {
            try body()
            try run("COMMIT")
        } catch {
            try? run("ROLLBACK")
            throw error
        }
    }

    /// `later` for a statement without parameters.
    func runLater(_ sql: String) { later(PostgresQuery(unsafeSQL: sql)) }

    /// What a connection failure says, without PostgresNIO's internals.
    static func reason(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let m = e.serverInfo?[.message] { return m }
            if let u = e.underlying { return String(describing: u) }
            return String(describing: e.code)
        }
        return String(describing: error)
    }
}

/// A statement the server refused: its SQLSTATE (`23505` unique violation, `40P01` deadlock)
/// and the server's own text.
struct PGError: Error {
    var sqlState: String
    var text: String

    init(sqlState: String, text: String) { self.sqlState = sqlState; self.text = text }

    init(_ error: any Error) {
        if let e = error as? PSQLError, let info = e.serverInfo {
            sqlState = info[.sqlState] ?? "XX000"
            text = info[.message] ?? ""
        } else {
            sqlState = "08006"
            text = PGClient.reason(error)
        }
    }

    /// Unique violation: a key the table already holds.
    var isUniqueViolation: Bool { sqlState == "23505" }

    /// The engine's error for it.
    func storage(_ url: PostgresURL) -> StorageError {
        StorageError(.io, .serverRefused(address: url.description, code: sqlState, reason: text))
    }
}
