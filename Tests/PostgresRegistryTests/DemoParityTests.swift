import Foundation
import PostgresRegistry
import XCTest

/// The teaching demos run through the real `xueji` binary on PostgreSQL print exactly what they
/// print on the embedded store (their `.expected` transcripts), in both languages; only
/// `verify`'s journal lines say which backend it is. And `--copy-to` carries a registry there
/// and back with its chain intact.
final class DemoParityTests: PostgresTestCase {
    /// The binary: `XUEJI_BIN`, else beside the test bundle, else `.build/debug/xueji`.
    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["XUEJI_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        var dirs = Bundle.allBundles.filter { $0.bundleURL.pathExtension == "xctest" }.map { $0.bundleURL.deletingLastPathComponent() }
        dirs.append(packageRoot.appendingPathComponent(".build/debug"))
        guard let found = dirs.map({ $0.appendingPathComponent("xueji") }).first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
        else { throw PSQLFailed(text: "xueji binary not found; swift build first") }
        return found
    }

    /// Runs the binary from the package root; returns its status, stdout and stderr.
    static func xueji(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = arguments
        p.currentDirectoryURL = packageRoot
        var env = ProcessInfo.processInfo.environment
        env["COLUMNS"] = "100"; env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "LC_ALL"); env.removeValue(forKey: "LC_MESSAGES"); env.removeValue(forKey: "XUEJI_RECORD")
        p.environment = env
        let errURL = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-pg-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errURL) }
        let errHandle = try FileHandle(forWritingTo: errURL)
        let out = Pipe()
        p.standardOutput = out; p.standardError = errHandle; p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try errHandle.close()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self), try String(contentsOf: errURL, encoding: .utf8))
    }

    /// The lines `verify` prints about the journal (and a server's chains by province), which differ by backend.
    static func backendNeutral(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !($0.hasPrefix("journal: ") || $0.hasPrefix("replay: ") || $0.hasPrefix("server: ")
                        || $0.hasPrefix("chains by province") || $0.hasPrefix("日志：") || $0.hasPrefix("重放：")
                        || $0.hasPrefix("服务器：") || $0.hasPrefix("各省链")) }
            .joined(separator: "\n")
    }

    func testEveryDemoPrintsTheSameOnPostgreSQL() throws {
        try checkEveryDemo(sharded: false)
    }

    /// The same on a registry sharded over two servers: 08-across-provinces moves a child
    /// between them.
    func testEveryDemoPrintsTheSameOnAShardedRegistry() throws {
        try checkEveryDemo(sharded: true)
    }

    /// Each demo on a database of its own; the runs go three at a time (the server works while
    /// each xueji process waits, and the PostgreSQL part of the suite has a budget).
    private func checkEveryDemo(sharded: Bool) throws {
        let root = Self.packageRoot.appendingPathComponent("examples")
        var demos: [(path: String, chinese: Bool)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() where name.hasSuffix(".rql") {
            demos.append(("examples/" + name, false))
        }
        // The Chinese demos are the same statements, in Chinese: one server runs them too; the
        // sharded registry, whose run costs most of the PostgreSQL part's 3 minutes, the English.
        for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("zh").path).sorted()
        where name.hasSuffix(".rql") && !sharded {
            demos.append(("examples/zh/" + name, true))
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.packageRoot.appendingPathComponent("examples/keys").path) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600],
                                                  ofItemAtPath: Self.packageRoot.appendingPathComponent("examples/keys/" + name).path)
        }
        let list = demos
        // Each server's template first: the databases are made from it, several at once.
        for server in [Self.server] + (sharded ? Self.shardServers : []) { _ = try Self.template(on: server) }
        let failures = Handoff<[Int: String]>([:])
        let lock = NSLock()
        let test = Handoff(self)
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            Self.slots.wait()
            defer { Self.slots.signal() }
            let failure: String?
            do {
                let db = sharded ? try test.value.newShardedRegistry().coordinator : try test.value.newInitializedDatabase()
                failure = Self.check(demo: list[i].path, chinese: list[i].chinese, on: db, sharded: sharded)
            } catch { failure = "\(list[i].path): \(error)" }
            lock.lock(); failures.value[i] = failure; lock.unlock()
        }
        for i in list.indices { if let f = failures.value[i] { XCTFail(f) } }
    }

    /// How many demos run at once.
    static let slots = DispatchSemaphore(value: 4)

    /// The demo's run against its transcript: nil when they agree, else where they part.
    private static func check(demo: String, chinese: Bool, on db: PostgresURL, sharded: Bool) -> String? {
        let run: (status: Int32, out: String, err: String)
        do {
            run = try xueji([db.description, "--today", "2025-11-01", "--mode", "table"] + (chinese ? ["--lang", "zh"] : []) + ["-f", demo])
        } catch { return "\(demo): \(error)" }
        guard let expected = try? String(contentsOf: packageRoot.appendingPathComponent(demo.replacingOccurrences(of: ".rql", with: ".expected")), encoding: .utf8)
        else { return "\(demo): no transcript" }
        let actual = "exit status: \(run.status)\n==> stdout <==\n\(run.out)==> stderr <==\n\(run.err)"
        let want = backendNeutral(expected.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)[1].description)
        guard backendNeutral(actual) != want else { return nil }
        let a = backendNeutral(actual).split(separator: "\n", omittingEmptySubsequences: false)
        let e = want.split(separator: "\n", omittingEmptySubsequences: false)
        let first = zip(a, e).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset ?? min(a.count, e.count)
        return """
            \(demo) on PostgreSQL\(sharded ? " (sharded)" : "") differs from its transcript at line \(first + 1)
              expected: \(first < e.count ? e[first] : "(end)")
              actual:   \(first < a.count ? a[first] : "(end)")
            """
    }

    func testTheShellNamesTheServerAndRefusesWhatOnlyADirectoryDoes() throws {
        try initializeURL()
        let run = try Self.xueji([url.description, "-c", ".show", "-c", ".checkpoint", "-c", ".backup /tmp/x", "-c", "count"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.out.contains("registry   \(url.description)\n"), run.out)
        XCTAssertTrue(run.err.contains(".checkpoint needs a registry directory; this one is kept by a database server"), run.err)
        XCTAssertTrue(run.err.contains(".backup needs a registry directory; this one is kept by a database server"), run.err)
        XCTAssertTrue(run.out.contains("│     0 │"), "the statements after them still run: \(run.out)")
        let bad = try Self.xueji([url.with(database: url.database + "_missing").description, "-c", "count"])
        XCTAssertEqual(bad.status, 3, "an unreachable database is exit 3, as a damaged directory")
        XCTAssertTrue(bad.err.contains("cannot connect to"), bad.err)
    }

    func testCopyToPostgreSQLAndBackKeepsTheChainAndEveryAnswer() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("xueji-copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let registry = dir.appendingPathComponent("luoyang.xj").path, back = dir.appendingPathComponent("back.xj").path
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let made = try Self.xueji([registry, "--today", "2025-11-01", "-f", "examples/05-a-whole-life.rql"])
        XCTAssertEqual(made.status, 1, "the demo shows refusals: \(made.err)")
        let head = try Self.xueji([registry, "--head"]).out

        // Into an empty database: `pg init` is done by the copy when the schema is missing.
        let copied = try Self.xueji([registry, "--copy-to", url.description])
        XCTAssertEqual(copied.status, 0, copied.err)
        let entries = head.split(separator: ":").first!
        XCTAssertTrue(copied.out.hasPrefix("copied \(entries) journal entries"), copied.out)
        XCTAssertEqual(try Self.xueji([url.description, "--head"]).out, head, "the same chain head on both ends")
        let expecting = try Self.xueji([url.description, "--expect-head", head.trimmingCharacters(in: .whitespacesAndNewlines), "-c", "count"])
        XCTAssertEqual(expecting.status, 0, expecting.err)
        let wrongHash = head.prefix(while: { $0 != ":" }) + ":" + String(repeating: "0", count: 64)
        let rewritten = try Self.xueji([url.description, "--expect-head", String(wrongHash), "-c", "count"])
        XCTAssertEqual(rewritten.status, 3, "a chain that does not hold the expected head is refused")
        XCTAssertTrue(rewritten.err.contains("is damaged"), rewritten.err)
        let query = ["--today", "2025-11-01", "-c", "verify", "-c", "count by school.name, status", "-c", "history G410303200703150012"]
        let onDisk = try Self.xueji([registry] + query), onServer = try Self.xueji([url.description] + query)
        XCTAssertEqual(onServer.status, 0, onServer.err)
        XCTAssertEqual(Self.backendNeutral(onServer.out), Self.backendNeutral(onDisk.out))
        XCTAssertTrue(onServer.out.contains("server: \(url.description) keeps the journal; its tables agree with it"), onServer.out)

        // A second copy into the same database is refused and changes nothing.
        let twice = try Self.xueji([registry, "--copy-to", url.description])
        XCTAssertEqual(twice.status, 2)
        XCTAssertTrue(twice.err.contains("already holds a registry"), twice.err)

        // And back to a new directory: the same head, the same answers.
        let home = try Self.xueji([url.description, "--copy-to", back])
        XCTAssertEqual(home.status, 0, home.err)
        XCTAssertEqual(try Self.xueji([back, "--head"]).out, head)
        XCTAssertEqual(try Self.xueji([back] + query).out, onDisk.out)
        XCTAssertEqual(try Self.xueji([url.description, "--copy-to", back]).status, 2, "an existing directory is not overwritten")

        // Each province's chain starts at the copied head; an entry written on the server after
        // the copy is linked by province, and linked again into one chain when copied back.
        XCTAssertEqual(try Self.psql(url, "SELECT seq FROM xueji_anchor"), String(entries))
        let more = try Self.xueji([url.description, "--today", "2025-11-01", "-c",
                                   "enrol name = \"王三\", gender = M, birth = 2016-05-04, id_card = \"410303201605040017\" at 4103030001 grade 3 on 2025-09-01",
                                   "-c", "verify"])
        XCTAssertEqual(more.status, 0, more.err)
        XCTAssertTrue(more.out.contains("chains by province, from entry \(entries): 41 (1 entry), each intact"), more.out)
        let again = dir.appendingPathComponent("again.xj").path
        let relinked = try Self.xueji([url.description, "--copy-to", again])
        XCTAssertEqual(relinked.status, 0, relinked.err)
        XCTAssertTrue(relinked.out.contains("its chains by province linked again as one chain"), relinked.out)
        let there = try Self.xueji([again] + query)
        XCTAssertEqual(there.status, 0, there.err)
        XCTAssertEqual(Self.backendNeutral(there.out), Self.backendNeutral(try Self.xueji([url.description] + query).out))
    }
}
