// xueji-pgbench: sixteen sessions (threads, each its own connection) doing a mix of
// enrolments, transfers and point queries against a registry on PostgreSQL; prints throughput
// and p50/p99 latency per kind, and the SQL the backend sent for one statement of each kind
// (bench/pg.sh turns those into the pgbench scripts that are the ceiling).
//
//   xueji-pgbench postgres://xueji@127.0.0.1:54340/DB [SESSIONS] [OPS_PER_SESSION] [BASE_STUDENTS]
//
// DB must be new and initialized (`xueji pg init`). Release builds only.
import Foundation
import Generator
import PostgresRegistry
import PostgresRQL
import RQL
import Registry

let args = CommandLine.arguments
guard args.count >= 2, let url = PostgresURL(args[1]) else {
    FileHandle.standardError.write("usage: xueji-pgbench postgres://… [SESSIONS] [OPS] [BASE]\n".data(using: .utf8)!)
    exit(2)
}
let sessions = args.count > 2 ? Int(args[2])! : 16
let opsPerSession = args.count > 3 ? Int(args[3])! : 200
let base = args.count > 4 ? Int(args[4])! : 2000
let today = Day("2025-11-01")!

/// Schools: ten primary schools in each of two provinces' districts.
struct School: Sendable { var code: String; var district: UInt32 }
let schools: [School] = (0..<20).map { i in
    let district: UInt32 = i < 10 ? 410303 : 420102
    return School(code: String(district) + String(format: "%04d", i + 1), district: district)
}

@Sendable func run(_ s: Session, _ text: String) throws(BenchError) {
    let parsed = RQLParser.parse(text)
    if let d = parsed.diagnostics.first { throw BenchError(text: "\(text): \(d.message)") }
    for st in parsed.statements {
        do throws(Diagnostic) { _ = try s.execute(st) } catch { throw BenchError(text: "\(text): \(error.message)") }
    }
}
struct BenchError: Error { var text: String }

/// The i-th child's enrolment: a unique ID number, grade 1–6 fitting the birth year.
@Sendable func enrolment(_ i: Int, at school: String, district: UInt32) -> String {
    let grade = 1 + i % 6
    let birth = Day(year: 2019 - grade, month: 1 + i % 12, day: 1 + i % 28)!
    let id = RegistryGenerator.idNumber(district: district, birth: birth, serial: i / 84 * 2, gender: i % 2 == 0 ? .male : .female)
    return "enrol name = \"学生\(i)\", gender = \(i % 2 == 0 ? "M" : "F"), birth = \(birth), id_card = \"\(id)\" at \(school) grade \(grade) on 2025-09-01"
}

// Setup: schools and the base students, in one session.
let setup = Session(database: try PostgresRegistry.open(url, today: today))
for s in schools {
    try run(setup, "add school \(s.code) name \"第\(s.code.suffix(4))小学\" stage primary district \(s.district)")
}
let setupStart = Date()
try run(setup, "begin")
for i in 0..<base {
    let s = schools[i % schools.count]
    try run(setup, enrolment(i, at: s.code, district: s.district))
}
try run(setup, "commit")
print(String(format: "setup: %d schools, %d students in one transaction: %.2f s", schools.count, base, Date().timeIntervalSince(setupStart)))
let numbers: [String] = (0..<setup.registry.studentCount).map { setup.registry.student(StudentID(Int32($0))).number.description }
setup.database.close()

// The SQL one statement of each kind sends, for the pgbench scripts.
/// A session as the shell opens one: the registry, and the server answering its queries.
func session() throws(StorageError) -> Session {
    let db = try PostgresRegistry.open(url, today: today)
    return Session(database: db, queryServer: SQLQueries(db))
}
let probe = try session()
var captured: [(String, [String])] = []
let probeIndex = 10_000_000
for (kind, text) in [("enrol", enrolment(probeIndex, at: schools[0].code, district: schools[0].district)),
                     ("transfer", "transfer \(numbers[0]) to \(schools[1].code) on 2025-10-01 reason \"搬家\""),
                     ("find", "find where no = \"\(numbers[1])\"")] {
    let sql = try PostgresRegistry.capturingSQL { () throws(BenchError) in try run(probe, text) }
    captured.append((kind, sql))
}
probe.database.close()
let capture = captured.map { kind, sql in "-- \(kind)\n" + sql.map { $0.replacingOccurrences(of: "\n", with: " ") + ";" }.joined(separator: "\n") }
try capture.joined(separator: "\n\n").write(toFile: "captured.sql", atomically: true, encoding: .utf8)
print("captured the SQL of one enrol, transfer and find in captured.sql")

// The timed run: each session its own connection and thread.
enum Kind: Int, CaseIterable { case enrol, transfer, find }
final class Results: @unchecked Sendable {
    var latencies: [[Double]] = Array(repeating: [], count: Kind.allCases.count)
    var failures = 0
    let lock = NSLock()
}
let results = Results()
let opened = try (0..<sessions).map { _ in try session() }
final class Box: @unchecked Sendable { let s: Session; init(_ s: Session) { self.s = s } }
/// What each session's thread needs, handed over as values.
struct Plan: Sendable { var schools: [School]; var numbers: [String]; var base: Int; var probeIndex: Int; var ops: Int }
let plan = Plan(schools: schools, numbers: numbers, base: base, probeIndex: probeIndex, ops: opsPerSession)
let group = DispatchGroup()
let start = Date()
for (k, session) in opened.enumerated() {
    let box = Box(session)
    group.enter()
    Thread {
        var rng = SplitMix(seed: UInt64(k + 1))
        var mine: [[Double]] = Array(repeating: [], count: Kind.allCases.count)
        var failed = 0
        for op in 0..<plan.ops {
            let r = rng.below(10)
            let kind: Kind = r < 4 ? .enrol : r < 7 ? .transfer : .find
            let text: String
            switch kind {
            case .enrol:
                let i = plan.base + plan.probeIndex + 1 + k * plan.ops + op
                let s = plan.schools[rng.below(plan.schools.count)]
                text = enrolment(i, at: s.code, district: s.district)
            case .transfer:
                text = "transfer \(plan.numbers[rng.below(plan.numbers.count)]) to \(plan.schools[rng.below(plan.schools.count)].code) on 2025-10-01 reason \"搬家\""
            case .find:
                text = "find where no = \"\(plan.numbers[rng.below(plan.numbers.count)])\""
            }
            let t = DispatchTime.now().uptimeNanoseconds
            do { try run(box.s, text) } catch {
                failed += 1    // a transfer to its own school is refused (R7)
                if ProcessInfo.processInfo.environment["XUEJI_PGBENCH_REFUSALS"] != nil {
                    FileHandle.standardError.write("refused: \((error as? BenchError)?.text ?? "\(error)")\n".data(using: .utf8)!)
                }
            }
            mine[kind.rawValue].append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        results.lock.lock()
        for i in mine.indices { results.latencies[i] += mine[i] }
        results.failures += failed
        results.lock.unlock()
        group.leave()
    }.start()
}
group.wait()
let wall = Date().timeIntervalSince(start)
func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : s[min(s.count - 1, Int((p * Double(s.count)).rounded(.up)) - 1)]
}
let all = results.latencies.flatMap { $0 }
print(String(format: "sessions %d, statements %d in %.2f s: %.0f statements/s (%d refused by a rule)", sessions, all.count, wall,
             Double(all.count) / wall, results.failures))
for kind in Kind.allCases {
    let xs = results.latencies[kind.rawValue]
    print(String(format: "%-9@ %5d  p50 %7.2f ms  p99 %7.2f ms", "\(kind)" as NSString, xs.count, percentile(xs, 0.5), percentile(xs, 0.99)))
}
print(String(format: "%-9@ %5d  p50 %7.2f ms  p99 %7.2f ms", "all" as NSString, all.count, percentile(all, 0.5), percentile(all, 0.99)))
let check = Session(database: try PostgresRegistry.open(url, today: today))
print("verify: \(check.database.verify().ok ? "ok" : "DAMAGED")")
