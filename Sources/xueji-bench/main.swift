// xueji-bench: a micro-benchmark of the registry engine.
//
// Generates N students deterministically (an LCG; real Henan district codes 41xxxx; about
// 1,000 students per school; valid GB 11643 ID numbers whose birth dates fit the grade, so R6
// passes; about 0.5% without an ID, who get temporary L numbers), enrols them all on
// 2025-09-01, then measures enrolments per second, point lookups by registry number and by ID
// number, lookups by school+grade, and resident bytes per student (from /proc/self/statm).
//
//   swift build -c release --product xueji-bench && .build/release/xueji-bench [--students N] [--lookups N]

import Registry
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `xueji-bench storage [N]`: import, reopen, checkpoint and verify of an on-disk registry.
if CommandLine.arguments.dropFirst().first == "storage" {
    let args = Array(CommandLine.arguments.dropFirst())
    try storageBench(args.count > 1 ? Int(args[1]) ?? 1_000_000 : 1_000_000)
    exit(0)
}

// MARK: command line

var studentTotal = 1_000_000
var lookupTotal = 1_000_000
var argv = Array(CommandLine.arguments.dropFirst())
while !argv.isEmpty {
    let a = argv.removeFirst()
    switch a {
    case "--students", "-n":
        guard let v = argv.first.flatMap({ Int($0.replacingUnderscores) }), v > 0 else { fatalError("--students needs a positive number") }
        studentTotal = v; argv.removeFirst()
    case "--lookups":
        guard let v = argv.first.flatMap({ Int($0.replacingUnderscores) }), v > 0 else { fatalError("--lookups needs a positive number") }
        lookupTotal = v; argv.removeFirst()
    case "-h", "--help":
        print("usage: xueji-bench [--students N (default 1000000)] [--lookups N (default 1000000)]")
        exit(0)
    default:
        print("xueji-bench: unknown argument \(a)"); exit(2)
    }
}

extension String {
    var replacingUnderscores: String { String(filter { $0 != "_" && $0 != "," }) }
}

// MARK: helpers

/// Knuth's MMIX LCG; the high bits are used.
struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// Resident set size in bytes (second field of /proc/self/statm, in pages).
func residentBytes() -> Int {
    let fd = open("/proc/self/statm", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var buf = [UInt8](repeating: 0, count: 256)
    let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, 255) }
    guard n > 0 else { return 0 }
    let fields = buf[0..<n].split(separator: UInt8(ascii: " "))
    guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// 1234567 → "1,234,567".
func grouped(_ v: Int) -> String {
    let s = String(v.magnitude)
    var out = ""
    for (i, c) in s.enumerated() {
        if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (v < 0 ? "-" : "") + out
}

/// GB 11643 check character (ISO 7064 MOD 11-2) of 17 ASCII digits.
func checkCharacter(_ digits: [UInt8]) -> UInt8 {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    var sum = 0
    for i in 0..<17 { sum += Int(digits[i] - 48) * weights[i] }
    return Array("10X98765432".utf8)[sum % 11]
}

func appendDigits(_ v: Int, width: Int, to out: inout [UInt8]) {
    var divisor = 1
    for _ in 1..<width { divisor *= 10 }
    var v = v
    while divisor > 0 { out.append(UInt8(48 + v / divisor)); v %= divisor; divisor /= 10 }
}

// MARK: data

/// Real county-level codes of Henan province (GB/T 2260), 郑州 … 济源.
let henan: [UInt32] = [
    410102, 410103, 410104, 410105, 410106, 410108, 410122, 410181, 410182, 410183, 410184, 410185,
    410202, 410203, 410204, 410205, 410212, 410221, 410222, 410223, 410225,
    410302, 410303, 410304, 410305, 410307, 410308, 410311, 410323, 410324, 410325, 410326, 410327, 410328, 410329,
    410402, 410403, 410404, 410411, 410421, 410422, 410423, 410425, 410481, 410482,
    410502, 410503, 410505, 410506, 410522, 410523, 410526, 410527, 410581,
    410602, 410603, 410611, 410621, 410622,
    410702, 410703, 410704, 410711, 410721, 410724, 410725, 410726, 410727, 410781, 410782, 410783,
    410802, 410803, 410804, 410811, 410821, 410822, 410823, 410825, 410882, 410883,
    410902, 410922, 410923, 410926, 410927, 410928,
    411002, 411003, 411024, 411025, 411081, 411082,
    411102, 411103, 411104, 411121, 411122,
    411202, 411203, 411221, 411224, 411281, 411282,
    411302, 411303, 411321, 411322, 411323, 411324, 411325, 411326, 411327, 411328, 411329, 411330, 411381,
    411402, 411403, 411421, 411422, 411423, 411424, 411425, 411426, 411481,
    411502, 411503, 411521, 411522, 411523, 411524, 411525, 411526, 411527, 411528,
    411602, 411603, 411621, 411622, 411623, 411624, 411625, 411626, 411627, 411628, 411681,
    411702, 411721, 411722, 411723, 411724, 411725, 411726, 411727, 411728, 411729,
    419001,
]
let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
                "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "欧阳"]
let givenChars = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
                  "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "鹏", "宇", "浩",
                  "梓", "涵", "子", "轩", "欣", "怡", "思", "雨", "博", "文"]
let ethnicities = ["汉族", "回族", "满族", "蒙古族"]

let studentsPerSchool = 1_000
let schoolCount = (studentTotal + studentsPerSchool - 1) / studentsPerSchool
let slotsPerDistrict = (schoolCount + henan.count - 1) / henan.count
let perSlot = max(1, 500 / slotsPerDistrict)   // distinct order codes per (district, birth) and school slot
let enrolDay = Day(year: 2025, month: 9, day: 1)!

let registry = Registry(today: enrolDay, clock: { 1_756_684_800 })
registry.actor = "xueji-bench"

var schoolCodes: [SchoolCode] = []
var schoolStages: [Stage] = []
var schoolDistricts: [UInt32] = []
for s in 0..<schoolCount {
    let district = henan[s % henan.count], slot = s / henan.count
    let stage: Stage = s % 10 < 6 ? .primary : s % 10 < 8 ? .junior : .senior
    let code = SchoolCode(rawValue: UInt64(district) * 10_000 + UInt64(slot % 10_000))
    try! registry.addSchool(School(code: code, name: "河南省\(district)第\(slot + 1)\(stage.chinese)", stage: stage,
                                   district: DistrictCode(rawValue: district)))
    schoolCodes.append(code); schoolStages.append(stage); schoolDistricts.append(district)
}

// Arrays the lookups use are filled before the baseline so they are not counted per student.
var numbers = [RegistryNumber](repeating: RegistryNumber(rawValue: 0), count: studentTotal)
var rng = LCG(state: 0x5EED_2025_0901)

struct Pending { var p: NewStudent; var school: Int; var grade: Int; var klass: Int }

/// The students of one school, generated without touching the registry.
@MainActor func generate(school s: Int, count: Int) -> [Pending] {
    var out: [Pending] = []
    out.reserveCapacity(count)
    let stage = schoolStages[s], district = schoolDistricts[s], slot = s / henan.count
    var used: [Int32: Int] = [:]   // birth day → order codes used in this school
    for j in 0..<count {
        let grade = stage.grades.lowerBound + rng.below(stage.grades.count)
        let firstDay = Day(year: 2019 - grade, month: 9, day: 1)!.rawValue
        var birth = firstDay + Int32(rng.below(365))
        while (used[birth] ?? 0) >= perSlot { birth = firstDay + Int32(rng.below(365)) }
        let k = used[birth, default: 0]; used[birth] = k + 1
        let male = rng.below(2) == 0
        let born = Day(rawValue: birth)
        var name = surnames[rng.below(surnames.count)] + givenChars[rng.below(givenChars.count)]
        if rng.below(3) > 0 { name += givenChars[rng.below(givenChars.count)] }
        let hukou = rng.below(100) < 3 ? henan[rng.below(henan.count)] : district
        var idText: String? = nil
        if rng.below(200) != 0 {   // ~0.5% without an ID number
            var digits: [UInt8] = []
            digits.reserveCapacity(18)
            appendDigits(Int(district), width: 6, to: &digits)
            let c = born.civil
            appendDigits(c.year * 10_000 + c.month * 100 + c.day, width: 8, to: &digits)
            appendDigits((slot * perSlot + k) * 2 + (male ? 1 : 0), width: 3, to: &digits)
            digits.append(checkCharacter(digits))
            idText = String(decoding: digits, as: UTF8.self)
        }
        let e = rng.below(100) < 97 ? 0 : 1 + rng.below(ethnicities.count - 1)
        out.append(Pending(p: NewStudent(name: name, gender: male ? .male : .female, birth: born, idCard: idText,
                                         ethnicity: ethnicities[e], hukou: DistrictCode(rawValue: hukou)),
                           school: s, grade: grade, klass: 1 + j % 12))
    }
    return out
}

// MARK: enrolment

let rssBefore = residentBytes()
let clock = ContinuousClock()
var enrolTime = Duration.zero
var refused: [Rule?: Int] = [:]
var firstError: RegistryError?
var warnings = 0, withoutID = 0
var done = 0
for s in 0..<schoolCount {
    let batch = generate(school: s, count: min(studentsPerSchool, studentTotal - done))
    let t0 = clock.now
    for b in batch {
        do {
            let r = try registry.enrol(b.p, at: schoolCodes[b.school], grade: b.grade, class: b.klass, on: enrolDay)
            numbers[done] = r.number
            warnings += r.warnings.count
            if r.number.kind == .l { withoutID += 1 }
        } catch {
            refused[error.rule, default: 0] += 1
            if firstError == nil { firstError = error }
        }
        done += 1
    }
    enrolTime += clock.now - t0
}
let rssAfterEnrol = residentBytes()
let enrolled = registry.studentCount
if let e = firstError {
    print("warning: \(done - enrolled) enrolments refused, first: \(e)")
}

// MARK: lookups

var lookupNumbers: [RegistryNumber] = []
var lookupIDs: [IDCardNumber] = []
lookupNumbers.reserveCapacity(lookupTotal)
lookupIDs.reserveCapacity(lookupTotal)
for _ in 0..<lookupTotal {
    lookupNumbers.append(numbers[rng.below(enrolled)])
    var g = numbers[rng.below(enrolled)]
    while g.idCard == nil { g = numbers[rng.below(enrolled)] }   // L numbers have no ID to look up
    lookupIDs.append(g.idCard!)
}

var hits = 0
var t0 = clock.now
for n in lookupNumbers { if registry.find(n) != nil { hits += 1 } }
let byNumberTime = clock.now - t0
let byNumberHits = hits

hits = 0
t0 = clock.now
for c in lookupIDs { if registry.find(idCard: c) != nil { hits += 1 } }
let byIDTime = clock.now - t0
let byIDHits = hits

let schoolQueries = max(1, min(100_000, lookupTotal / 10))
var queries: [(SchoolCode, Int)] = []
queries.reserveCapacity(schoolQueries)
for _ in 0..<schoolQueries {
    let s = rng.below(schoolCount)
    let g = schoolStages[s].grades.lowerBound + rng.below(schoolStages[s].grades.count)
    queries.append((schoolCodes[s], g))
}
var rowsFound = 0
t0 = clock.now
for (code, g) in queries { rowsFound += registry.lookup(.school(code, grade: g)).count }
let schoolTime = clock.now - t0

t0 = clock.now
registry.rebuildSortedIndexes()
let rebuildTime = clock.now - t0
let birthQueries = max(1, min(10_000, lookupTotal / 100))
var birthRows = 0
t0 = clock.now
for _ in 0..<birthQueries {
    let d = Day(rawValue: Day(year: 2007, month: 9, day: 1)!.rawValue + Int32(rng.below(365 * 12)))
    birthRows += registry.lookup(.birth(from: d, through: d)).count
}
let birthTime = clock.now - t0
t0 = clock.now
let wang = registry.lookup(.namePrefix("王")).count
let wangTime = clock.now - t0
let rssEnd = residentBytes()

// MARK: report

func rate(_ count: Int, _ d: Duration) -> Int { Int(Double(count) / max(seconds(d), 1e-9)) }

var rows: [(String, String, String)] = []
rows.append(("enrol (first enrolment)", grouped(rate(enrolled, enrolTime)), "inserts/s  (\(grouped(enrolled)) in \(String(format3: seconds(enrolTime))) s)"))
rows.append(("find(_ number:)", grouped(rate(lookupTotal, byNumberTime)), "lookups/s  (\(grouped(lookupTotal)) random, \(grouped(byNumberHits)) hits)"))
rows.append(("find(idCard:)", grouped(rate(lookupTotal, byIDTime)), "lookups/s  (\(grouped(lookupTotal)) random, \(grouped(byIDHits)) hits)"))
rows.append(("lookup(.school(code, grade:))", grouped(rate(schoolQueries, schoolTime)), "lookups/s  (avg \(rowsFound / schoolQueries) rows, \(grouped(rate(rowsFound, schoolTime))) rows/s)"))
rows.append(("rebuildSortedIndexes()", String(format3: seconds(rebuildTime)), "s          (name + birth, \(grouped(enrolled)) rows)"))
rows.append(("lookup(.birth(d...d))", grouped(rate(birthQueries, birthTime)), "lookups/s  (avg \(birthRows / birthQueries) rows)"))
rows.append(("lookup(.namePrefix(\"王\"))", String(format3: seconds(wangTime) * 1000), "ms         (\(grouped(wang)) rows)"))
rows.append(("resident memory", grouped((rssAfterEnrol - rssBefore) / max(enrolled, 1)), "bytes/student  (RSS \(grouped(rssBefore / 1_048_576)) → \(grouped(rssAfterEnrol / 1_048_576)) MiB; \(grouped(rssEnd / 1_048_576)) MiB at end)"))

print("xueji-bench: \(grouped(enrolled)) students (\(grouped(withoutID)) with L numbers, \(grouped(warnings)) zoning warnings), \(grouped(schoolCount)) schools in \(henan.count) Henan districts, \(grouped(registry.eventCount)) events")
if !refused.isEmpty { print("refused: \(refused.map { "\($0.key.map(\.id) ?? "-"): \($0.value)" }.joined(separator: ", "))") }
let w0 = rows.map { $0.0.count }.max()!, w1 = rows.map { $0.1.count }.max()!
func pad(_ s: String, _ w: Int, right: Bool = false) -> String {
    let fill = String(repeating: " ", count: max(0, w - s.count))
    return right ? fill + s : s + fill
}
print(pad("measure", w0) + "  " + pad("value", w1, right: true) + "  unit")
print(String(repeating: "-", count: w0) + "  " + String(repeating: "-", count: w1) + "  " + String(repeating: "-", count: 40))
for (a, b, c) in rows { print(pad(a, w0) + "  " + pad(b, w1, right: true) + "  " + c) }

extension String {
    /// A number with three decimals, without Foundation.
    init(format3 v: Double) {
        let scaled = Int((v * 1000).rounded())
        let frac = String(scaled % 1000)
        self = "\(scaled / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }
}
