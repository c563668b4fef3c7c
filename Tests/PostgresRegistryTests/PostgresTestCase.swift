import Foundation
import PostgresRegistry
import RQL
import Registry
import XCTest

/// Hands a value to another thread; the tests make sure only one uses it at a time.
final class Handoff<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Each test gets its own database on the coordinator cluster that `scripts/pg-clusters.sh`
/// starts (`make test` starts it; a bare `swift test` here starts it too), dropped afterwards.
class PostgresTestCase: XCTestCase {
    /// The server: `XUEJI_PG`, else the coordinator cluster's address.
    static var server: PostgresURL {
        PostgresURL(ProcessInfo.processInfo.environment["XUEJI_PG"] ?? "postgres://xueji@127.0.0.1:54340/xueji")!
    }

    /// The shard servers: `XUEJI_PG_SHARDS` (comma-separated), else the two shard clusters.
    static var shardServers: [PostgresURL] {
        (ProcessInfo.processInfo.environment["XUEJI_PG_SHARDS"]
            ?? "postgres://xueji@127.0.0.1:54341/xueji,postgres://xueji@127.0.0.1:54342/xueji")
            .split(separator: ",").compactMap { PostgresURL(String($0)) }
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    nonisolated(unsafe) static var serverChecked = false

    /// Runs psql against `url`, returning its unaligned output (the test's window on the tables).
    @discardableResult
    static func psql(_ url: PostgresURL, _ sql: String, as user: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        p.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql,
                       "-h", url.host, "-p", "\(url.port)", "-U", user ?? url.user, "-d", url.database]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw PSQLFailed(text: String(decoding: errData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct PSQLFailed: Error { var text: String }

    /// Starts the clusters when the server does not answer (once per test process).
    static func ensureServer() throws {
        guard !serverChecked else { return }
        serverChecked = true
        if (try? psql(server.with(database: "postgres"), "SELECT 1")) == "1" { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/bash")
        p.arguments = [packageRoot.appendingPathComponent("scripts/pg-clusters.sh").path, "start"]
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(try psql(server.with(database: "postgres"), "SELECT 1"), "1", "PostgreSQL did not start")
    }

    /// This test's database, empty (made when first asked for: most tests make their own from a
    /// template); `initialize` makes the schema in it.
    var url: PostgresURL {
        if let made = emptyDatabase { return made }
        do { emptyDatabase = try newDatabase() } catch { XCTFail("cannot make a database: \(error)") }
        return emptyDatabase ?? Self.server
    }
    private var emptyDatabase: PostgresURL?

    /// Makes this test's database (`url`) one with the latest schema: a copy of the template,
    /// quicker than running the migrations (`initialize`). Called before `url` is first used.
    func initializeURL() throws {
        precondition(emptyDatabase == nil, "url was made empty already")
        emptyDatabase = try newInitializedDatabase()
    }
    private var databases: [String] = []
    /// Guards `databases` and `shardDatabases`: a test may make databases from several threads
    /// (once each server's template exists).
    private let made = NSLock()

    /// Notes a database to drop with the test.
    private func keep(_ name: String) { made.lock(); databases.append(name); made.unlock() }

    override func setUpWithError() throws {
        try Self.ensureServer()
    }

    /// Another empty database for this test, dropped with it.
    func newDatabase() throws -> PostgresURL {
        let name = "xjt_\(UInt32.random(in: 0...UInt32.max))"
        try Self.psql(Self.server.with(database: "postgres"), "CREATE DATABASE \(name)")
        keep(name)
        return Self.server.with(database: name)
    }

    /// A database holding the latest schema and nothing else, made once per test process on
    /// each server: copying it is quicker than running the migrations (hundreds of partitions
    /// and indexes) for every test.
    nonisolated(unsafe) private static var templates: Set<String> = []

    /// The template database on `server`'s cluster, made on first use.
    static func template(on server: PostgresURL) throws -> String {
        let name = "xjt_template_\(PostgresRegistry.schemaVersion)"
        let key = "\(server.host):\(server.port)"
        guard !templates.contains(key) else { return name }
        let admin = server.with(database: "postgres")
        try psql(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        // The templates of older schemas (a migration since) are never copied again.
        let older = try psql(admin, "SELECT datname FROM pg_database WHERE datname ~ '^xjt_template_[0-9]+$' AND datname <> '\(name)'")
        for old in older.split(separator: "\n") { try psql(admin, "DROP DATABASE IF EXISTS \(old) WITH (FORCE)") }
        try psql(admin, "CREATE DATABASE \(name)")
        try PostgresRegistry.initialize(server.with(database: name))
        templates.insert(key)
        return name
    }

    /// Two Luoyang schools (two counties) and one in Wuhan, and 张一凡 at the first.
    static let luoyangAndWuhan = """
        add school 4103030001 name "洛阳市西工区第一小学" stage primary district 410303
        add school 4103050001 name "洛阳市涧西区第一小学" stage primary district 410305
        add school 4201020001 name "武汉市江岸区第一小学" stage primary district 420102
        enrol name = "张一凡", gender = M, birth = 2016-03-15, id_card = "41030320160315001X" at 4103030001 grade 3 on 2024-09-01
        """

    /// Two more children at each Luoyang school and two in Wuhan (after `luoyangAndWuhan`).
    static let fiveMoreChildren = """
        enrol name = "刘二", gender = F, birth = 2016-04-15, id_card = "41030320160415002X" at 4103030001 grade 3 on 2024-09-01
        enrol name = "李思思", gender = F, birth = 2015-05-05, id_card = "410303201505050023" at 4103050001 grade 4 on 2024-09-01
        enrol name = "陈七", gender = M, birth = 2015-07-07, id_card = "410305201507070012" at 4103050001 grade 4 on 2024-09-01
        enrol name = "王五", gender = M, birth = 2015-06-06, id_card = "420102201506060017" at 4201020001 grade 4 on 2024-09-01
        enrol name = "赵六", gender = M, birth = 2015-08-08, id_card = "420102201508080011" at 4201020001 grade 4 on 2024-09-01
        """

    /// A new database on the coordinator with the schema (a copy of the template), dropped with the test.
    func newInitializedDatabase() throws -> PostgresURL {
        let name = "xjt_\(UInt32.random(in: 0...UInt32.max))"
        try Self.psql(Self.server.with(database: "postgres"), "CREATE DATABASE \(name) TEMPLATE \(try Self.template(on: Self.server))")
        keep(name)
        return Self.server.with(database: name)
    }

    /// A new registry sharded over the shard servers: a database of one name on each, with the schema.
    func newShardedRegistry() throws -> (coordinator: PostgresURL, shards: [PostgresURL]) {
        let name = "xjt_\(UInt32.random(in: 0...UInt32.max))"
        let coordinator = Self.server.with(database: name)
        let shards = Self.shardServers.map { $0.with(database: name) }
        // Each server copies its template at once (a copy takes seconds: hundreds of partitions).
        let servers = [coordinator] + shards
        let templates = try servers.map { try Self.template(on: $0) }
        let failures = Handoff<[Error]>([]), lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: servers.count) { i in
            do { try Self.psql(servers[i].with(database: "postgres"), "CREATE DATABASE \(name) TEMPLATE \(templates[i])") } catch {
                lock.lock(); failures.value.append(error); lock.unlock()
            }
        }
        keep(name)
        made.lock(); shardDatabases += shards; made.unlock()
        if let failure = failures.value.first { throw failure }
        try PostgresRegistry.initialize(coordinator, shards: shards)
        return (coordinator, shards)
    }
    private var shardDatabases: [PostgresURL] = []

    override func tearDownWithError() throws {
        for name in databases {
            _ = try? Self.psql(Self.server.with(database: "postgres"), "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
        for s in shardDatabases {
            // A prepared transaction left by a failed test would keep the database from being dropped.
            for gid in ((try? Self.psql(s, "SELECT gid FROM pg_prepared_xacts WHERE database = current_database()")) ?? "")
                .split(separator: "\n") {
                _ = try? Self.psql(s, "ROLLBACK PREPARED '\(gid)'")
            }
            _ = try? Self.psql(s.with(database: "postgres"), "DROP DATABASE IF EXISTS \(s.database) WITH (FORCE)")
        }
        databases = []; shardDatabases = []; emptyDatabase = nil
    }

    /// A session on a new connection to `url` (the schema must exist); `namedOnly`: of an open
    /// registry, one holding only the students named (else it replays the whole journal).
    func session(_ url: PostgresURL? = nil, today: String = "2025-09-01", idleTimeout: Int = 300, namedOnly: Bool = false) throws -> Session {
        let db = try PostgresRegistry.open(url ?? self.url, today: Day(today)!, readOnly: false, scope: nil,
                                           idleTimeout: idleTimeout, namedOnly: namedOnly)
        return Session(database: db)
    }

    /// Runs RQL text; returns the first failing statement's diagnostic (with its rule), or nil.
    @discardableResult
    func run(_ session: Session, _ text: String) -> Diagnostic? { Self.run(session, text) }

    /// `run`, for other threads.
    static func run(_ session: Session, _ text: String) -> Diagnostic? {
        let parsed = RQLParser.parse(text)
        if let d = parsed.diagnostics.first { return d }
        for statement in parsed.statements {
            do throws(Diagnostic) { _ = try session.execute(statement) } catch { return error }
        }
        return nil
    }

    /// The demo actors (their private keys are in examples/keys): the `add actor` line of each.
    static let demoActors: [String: String] = [
        "national": "add actor national name \"教育部\" key \"ed25519:mZKgCDXiBG1VPIb5QQ/yz3se8sTXuOzYfTotj+oGVnA=\"",
        "province:41": "add actor province:41 name \"河南省教育厅\" key \"ed25519:1rIJu3SiXavw6PncDwz9L4pg1eo40KVmw7yuPojwihU=\"",
        "county:410303": "add actor county:410303 name \"洛阳市西工区教育局\" key \"ed25519:yfS7CiYixSJpfFR/tE/jwwkKkNWM2xx/LXiG0BYx8y4=\"",
        "county:410305": "add actor county:410305 name \"洛阳市涧西区教育局\" key \"ed25519:IqpbPHPLBUbjpKQv7pasi+Oa0TkBaCFGBP6Bde9RDqA=\"",
        "school:4103030001": "add actor school:4103030001 name \"洛阳市西工区第一小学\" key \"ed25519:hHBVd2P0VmcwoG50dMFbFu13SDZXbxyL5wRXsxePAHQ=\"",
        "school:4103050001": "add actor school:4103050001 name \"洛阳市涧西区第一小学\" key \"ed25519:UncAbTcavGn9Z7moI2nfy6T31zWwWRLBLE7obuIbCk0=\"",
    ]

    /// A demo actor with its key from examples/keys (`county:410303` → county-410303.key).
    func identity(_ actor: String) throws -> (name: ActorName, key: SigningKey) {
        let file = actor == "province:41" ? "henan.key" : actor == "province:42" ? "hubei.key"
            : actor.replacingOccurrences(of: ":", with: "-") + ".key"
        let text = try String(contentsOf: Self.packageRoot.appendingPathComponent("examples/keys/" + file), encoding: .utf8)
        return (ActorName(actor)!, SigningKey(fileText: text)!)
    }

    /// Makes the registry governed: `national` (the session's actor from then on) adds itself and `actors`.
    func govern(_ s: Session, adding actors: [String]) throws {
        s.identity = try identity("national")
        ok(s, (["national"] + actors).map { Self.demoActors[$0]! }.joined(separator: "\n"))
    }

    /// Runs RQL text that must succeed.
    /// Runs `text(i)` in session `i` of `sessions`, all at once; returns each one's refusal (nil: it was accepted).
    func race(_ sessions: [Session], _ text: @escaping @Sendable (Int) -> String) -> [Diagnostic?] {
        let results = Handoff<[Diagnostic?]>(Array(repeating: nil, count: sessions.count))
        let lock = NSLock()
        let start = DispatchSemaphore(value: 0)
        let group = DispatchGroup()
        for (i, s) in sessions.enumerated() {
            let session = Handoff(s)
            group.enter()
            Thread {
                start.wait()
                let d = Self.run(session.value, text(i))
                lock.lock(); results.value[i] = d; lock.unlock()
                group.leave()
            }.start()
        }
        for _ in sessions { start.signal() }
        XCTAssertEqual(group.wait(timeout: .now() + 120), .success, "every session finished")
        return results.value
    }

    func ok(_ session: Session, _ text: String, file: StaticString = #filePath, line: UInt = #line) {
        if let d = run(session, text) { XCTFail("\(text): \(d.message)", file: file, line: line) }
    }
}
