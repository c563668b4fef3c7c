import Foundation
import Registry

/// `xueji-bench storage [N]`: import N generated students through a `DiskDatabase`, then
/// reopen (snapshot + tail) and verify; prints wall times. Release builds only.
func storageBench(_ n: Int) throws {
    let dir = NSTemporaryDirectory() + "xueji-bench-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let today = Day(year: 2024, month: 9, day: 1)!
    var csv = "id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on\n"
    csv.reserveCapacity(n * 90)
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄"]
    for i in 0..<n {
        let birth = Day(year: 2016, month: 1 + i % 12, day: 1 + i % 28)!
        let male = i % 2 == 0
        // (district, birth) repeats every 2100 rows; the sequence makes each ID unique up to ~1M.
        let seq = (i / 2100) % 499 * 2 + (male ? 1 : 2)
        let head = "\(410000 + i % 700)" + birth.compact + String(seq).leftPad(3)
        let id = head + String(IDCardNumber.checkCharacter(for: UInt64(head)!))
        csv += "\(id),\(surnames[i % 8])小\(i % 1000),\(male ? "M" : "F"),\(birth),汉族,410303,4103030001,1,2023-09-01\n"
    }
    let bytes = Array(csv.utf8)
    func time(_ label: String, _ body: () throws -> Void) rethrows {
        let t = Date()
        try body()
        print(String(format: "%-28@ %8.3f s", label as NSString, Date().timeIntervalSince(t)))
    }
    var store = try DiskDatabase.open(at: dir, today: today)
    try store.write { r throws(RegistryError) in
        try r.addSchool(School(code: SchoolCode("4103030001")!, name: "第一小学", stage: .primary, district: DistrictCode("410303")!))
    }
    try time("import \(n) students") {
        _ = try store.write(label: "import students") { r throws(RegistryError) in
            let result: Result<ImportResult, RegistryError> = bytes.withUnsafeBytes { b in
                do throws(RegistryError) { return .success(try r.importStudents(csv: b, file: "bench.csv")) } catch { return .failure(error) }
            }
            return try result.get()
        }
    }
    print("students: \(store.registry.studentCount), entries: \(store.journalEntries)")
    store.close()
    try time("reopen (snapshot)") { store = try DiskDatabase.open(at: dir, today: today) }
    try time("checkpoint") { try store.checkpoint() }
    var report = VerifyReport()
    time("verify") { report = store.verify() }
    print(report.description.split(separator: "\n").first ?? "")
    store.close()
    var opts = StoreOptions(); opts.checkWholeChainOnOpen = false
    try time("reopen (no chain re-hash)") { store = try DiskDatabase.open(at: dir, today: today, options: opts) }
    store.close()
}

extension String {
    fileprivate func leftPad(_ w: Int) -> String { count >= w ? self : String(repeating: "0", count: w - count) + self }
}
