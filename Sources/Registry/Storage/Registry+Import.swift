import Foundation

/// What an import did: rows written and the R15 flags raised (allowed, but worth saying).
public struct ImportResult: Sendable, Equatable {
    /// Students or schools written.
    public var imported = 0
    /// Rows enrolled outside the hukou district (R15), listed by `check zoning`.
    public var flagged = 0
}

/// `import students|schools from FILE` (all rows or none) and `export students|schools`.
///
/// Every row goes through the normal operation (`enrol … on enrolled_on`, `addSchool`); a bad
/// row rolls everything back and the error lists each bad row as `FILE:LINE: [Rn] message`.
/// Run inside one `RegistryDatabase.write`, a good import is one journal entry.
extension Registry {
    /// The students CSV columns, in export order.
    public static let studentColumns = ["id_card", "name", "gender", "birth_date", "ethnicity", "hukou", "school", "grade", "enrolled_on"]
    /// The schools CSV columns, in export order.
    public static let schoolColumns = ["code", "name", "stage", "district"]
    /// How many bad rows an import failure lists before counting the rest.
    static let reportedRows = 50

    /// Imports students from a CSV file; `progress(done, total)` is called every few thousand rows.
    public func importStudents(fromFile path: String, progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> ImportResult {
        try checkWritable()
        let data = try Registry.read(path)
        let r: Result<ImportResult, RegistryError> = data.withUnsafeBytes { b in
            do throws(RegistryError) { return .success(try importStudents(csv: b, file: path, progress: progress)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    /// Imports schools from a CSV file.
    public func importSchools(fromFile path: String) throws(RegistryError) -> ImportResult {
        try checkWritable()
        let data = try Registry.read(path)
        let r: Result<ImportResult, RegistryError> = data.withUnsafeBytes { b in
            do throws(RegistryError) { return .success(try importSchools(csv: b, file: path)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    /// Imports students from CSV bytes; `file` names them in error lines.
    public func importStudents(csv: UnsafeRawBufferPointer, file: String,
                               progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> ImportResult {
        try importStudents(csv: csv, file: file, progress: progress, parts: nil)
    }

    /// `parts` forces how many parts the rows are read in (tests); nil: about a megabyte each.
    func importStudents(csv: UnsafeRawBufferPointer, file: String, progress: ((Int, Int) -> Void)?,
                        parts: Int?) throws(RegistryError) -> ImportResult {
        try checkWritable()
        var reader = CSVReader(csv)
        let col = try header(&reader, file: file, expected: Registry.studentColumns)
        let rowBytes = csv.count - reader.offset
        let n = parts ?? min(256, max(1, rowBytes / Registry.bytesPerPart))
        var bad = BadRows(file: file)
        var result = ImportResult()
        let sp = savepoint()
        // Rows are about the same size everywhere: the first part tells how many to expect (and
        // make room for, with a little to spare: the tables then grow once, not twenty times).
        var total = 0, reserved = false
        var done = 0
        // Every 4096 records, refused ones included: progress, and a Ctrl-C undoes it all.
        func tick() throws(RegistryError) {
            done += 1
            guard done % 4096 == 0 else { return }
            progress?(done, max(done, total))
            do throws(RegistryError) { try checkCancelled() } catch { rollback(to: sp); throw error }
        }
        do throws(RegistryError) {
            try readStudents(csv, from: reader.offset, firstLine: reader.line, parts: n, columns: StudentColumns(col)) { part, base throws(RegistryError) in
                if !reserved, part.bytes > 0 {
                    total = Int((Double(part.records) * Double(rowBytes) / Double(part.bytes)).rounded(.up))
                    reserveCapacity(students: total + total / 50)
                    reserved = true
                }
                // The refused and the planned rows of a part merged back into line order, so the
                // report lists bad rows as one reader would, and R1 finds the later of two lines.
                var k = 0
                for row in part.planned {
                    while k < part.refused.count, part.refused[k].line < row.line {
                        bad.add(base + part.refused[k].line, part.refused[k].message); k += 1
                        try tick()
                    }
                    try tick()
                    do throws(RegistryError) {
                        try enrol(row.plan, reason: nil)
                        result.imported += 1
                        if row.plan.outsideHukouDistrict { result.flagged += 1 }
                    } catch {
                        bad.add(base + row.line, error.rule.map { "[\($0)] " + error.message } ?? error.message)
                    }
                }
                for r in part.refused[k...] { bad.add(base + r.line, r.message); try tick() }
            }
        } catch {
            rollback(to: sp)
            throw error
        }
        progress?(done, done)
        return try finish(sp, bad: bad.lines, badCount: bad.count, file: file, what: "students", result: result)
    }

    /// Imports schools from CSV bytes (`code,name,stage,district`; stage primary/junior/senior or 小学/初中/高中).
    public func importSchools(csv: UnsafeRawBufferPointer, file: String) throws(RegistryError) -> ImportResult {
        try checkWritable()
        var reader = CSVReader(csv)
        let col = try header(&reader, file: file, expected: Registry.schoolColumns)
        var bad = BadRows(file: file)
        var result = ImportResult()
        func fail(_ line: Int, _ message: String) { bad.add(line, message) }
        let sp = savepoint()
        while true {
            let line: Int
            do throws(CSVReader.Unterminated) { guard let l = try reader.next() else { break }; line = l } catch {
                fail(error.line, "a quoted field is never closed"); break
            }
            guard reader.count == col.count else { fail(line, "expected \(col.count) fields, found \(reader.count)"); continue }
            if let problem = Registry.utf8Problem(reader, col) { fail(line, problem); continue }
            guard let code = reader.with(col["code"]!, CSVField.school) else {
                fail(line, "code '\(reader.string(col["code"]!))' is not a 10-digit school code"); continue
            }
            let stageText = reader.string(col["stage"]!)
            guard let stage = Stage(rawValue: stageText.lowercased()) ?? Stage.allCases.first(where: { $0.chinese == stageText }) else {
                fail(line, "stage is primary, junior or senior (小学/初中/高中), not '\(stageText)'"); continue
            }
            guard let district = reader.with(col["district"]!, CSVField.district) else {
                fail(line, "district '\(reader.string(col["district"]!))' is not a 6-digit district code"); continue
            }
            do throws(RegistryError) {
                try addSchool(School(code: code, name: reader.string(col["name"]!), stage: stage, district: district))
                result.imported += 1
            } catch {
                fail(line, error.rule.map { "[\($0)] " + error.message } ?? error.message)
            }
        }
        return try finish(sp, bad: bad.lines, badCount: bad.count, file: file, what: "schools", result: result)
    }

    /// All or nothing: bad rows undo everything.
    private func finish(_ sp: Savepoint, bad: [String], badCount: Int,
                        file: String, what: String, result: ImportResult) throws(RegistryError) -> ImportResult {
        guard badCount == 0 else {
            rollback(to: sp)
            var lines = ["import of \(file) refused: \(badCount) bad row\(badCount == 1 ? "" : "s"); nothing was imported"]
            lines += bad
            if badCount > bad.count { lines.append("… and \(badCount - bad.count) more") }
            throw RegistryError(nil, lines.joined(separator: "\n"))
        }
        return result
    }

    /// Reads the header row: every expected column once, in any order, nothing else.
    private func header(_ reader: inout CSVReader, file: String, expected: [String]) throws(RegistryError) -> [String: Int] {
        let first: Int?
        do throws(CSVReader.Unterminated) { first = try reader.next() } catch {
            throw RegistryError(nil, "\(file):\(error.line): a quoted field is never closed")
        }
        guard let line = first else { throw RegistryError(nil, "\(file): empty file; the header row (\(expected.joined(separator: ","))) is required") }
        var col: [String: Int] = [:]
        for i in 0..<reader.count {
            let name = reader.string(i).lowercased()
            guard expected.contains(name) else {
                throw RegistryError(nil, "\(file):\(line): unknown column '\(name)'; the columns are \(expected.joined(separator: ","))")
            }
            guard col[name] == nil else { throw RegistryError(nil, "\(file):\(line): column '\(name)' appears twice") }
            col[name] = i
        }
        let missing = expected.filter { col[$0] == nil }
        guard missing.isEmpty else {
            throw RegistryError(nil, "\(file):\(line): missing column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); the header row is required")
        }
        return col
    }

    /// `name: invalid UTF-8 at byte 4 of the field (0xD5)` for the first field of the record
    /// that is not UTF-8 (a GBK file, a cut sequence), nil when every field is well-formed.
    static func utf8Problem(_ reader: CSVReader, _ col: [String: Int]) -> String? {
        guard let bad = reader.firstInvalidUTF8() else { return nil }
        let name = col.first { $0.value == bad.field }?.key ?? "field \(bad.field + 1)"
        let hex = String(bad.value, radix: 16, uppercase: true)
        return "\(name): invalid UTF-8 at byte \(bad.byte) of the field (0x\(hex)); save the file as UTF-8"
    }

    static func read(_ path: String) throws(RegistryError) -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw RegistryError(nil, "cannot read \(path): \(error.localizedDescription)")
        }
    }
}

/// The bad rows of an import: the first `Registry.reportedRows` as `FILE:LINE: message`, and
/// how many there were in all.
struct BadRows {
    let file: String
    var lines: [String] = []
    var count = 0

    mutating func add(_ line: Int, _ message: String) {
        count += 1
        if lines.count < Registry.reportedRows { lines.append("\(file):\(line): \(message)") }
    }
}
