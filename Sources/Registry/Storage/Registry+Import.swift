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
                        bad.add(base + part.refused[k].line, part.refused[k].problem, rule: part.refused[k].rule); k += 1
                        try tick()
                    }
                    try tick()
                    do throws(RegistryError) {
                        try enrol(row.plan, reason: nil)
                        result.imported += 1
                        if row.plan.outsideHukouDistrict { result.flagged += 1 }
                    } catch {
                        bad.add(base + row.line, error.id, rule: error.rule)
                    }
                }
                for r in part.refused[k...] { bad.add(base + r.line, r.problem, rule: r.rule); try tick() }
            }
        } catch {
            rollback(to: sp)
            throw error
        }
        progress?(done, done)
        return try finish(sp, bad: bad, result: result)
    }

    /// Imports schools from CSV bytes (`code,name,stage,district`; stage primary/junior/senior or 小学/初中/高中).
    public func importSchools(csv: UnsafeRawBufferPointer, file: String) throws(RegistryError) -> ImportResult {
        try checkWritable()
        var reader = CSVReader(csv)
        let col = try header(&reader, file: file, expected: Registry.schoolColumns)
        var bad = BadRows(file: file)
        var result = ImportResult()
        func fail(_ line: Int, _ problem: StorageMessage) { bad.add(line, .storage(problem)) }
        let sp = savepoint()
        while true {
            let line: Int
            do throws(CSVReader.Unterminated) { guard let l = try reader.next() else { break }; line = l } catch {
                fail(error.line, .quotedFieldNotClosed); break
            }
            guard reader.count == col.count else { fail(line, .fieldCount(expected: col.count, found: reader.count)); continue }
            if let problem = Registry.utf8Problem(reader, col) { fail(line, problem); continue }
            guard let code = reader.with(col["code"]!, CSVField.school) else {
                fail(line, .notSchoolCode(column: "code", text: reader.string(col["code"]!))); continue
            }
            let stageText = reader.string(col["stage"]!)
            guard let stage = Stage(rawValue: stageText.lowercased()) ?? Stage.allCases.first(where: { $0.chinese == stageText }) else {
                fail(line, .badStage(stageText)); continue
            }
            guard let district = reader.with(col["district"]!, CSVField.district) else {
                fail(line, .notDistrictCode(column: "district", text: reader.string(col["district"]!))); continue
            }
            do throws(RegistryError) {
                try addSchool(School(code: code, name: reader.string(col["name"]!), stage: stage, district: district))
                result.imported += 1
            } catch {
                bad.add(line, error.id, rule: error.rule)
            }
        }
        return try finish(sp, bad: bad, result: result)
    }

    /// All or nothing: bad rows undo everything.
    private func finish(_ sp: Savepoint, bad: BadRows, result: ImportResult) throws(RegistryError) -> ImportResult {
        guard bad.count == 0 else {
            rollback(to: sp)
            throw RegistryError(nil, .storage(.importRefused(file: bad.file, badRows: bad.count, rows: bad.rows)))
        }
        return result
    }

    /// Reads the header row: every expected column once, in any order, nothing else.
    private func header(_ reader: inout CSVReader, file: String, expected: [String]) throws(RegistryError) -> [String: Int] {
        func refused(_ line: Int, _ problem: StorageMessage) -> RegistryError {
            RegistryError(nil, .storage(.atLine(file: file, line: line, rule: nil, problem: .storage(problem))))
        }
        let first: Int?
        do throws(CSVReader.Unterminated) { first = try reader.next() } catch {
            throw refused(error.line, .quotedFieldNotClosed)
        }
        guard let line = first else { throw RegistryError(nil, .storage(.emptyCSV(file: file, columns: expected))) }
        var col: [String: Int] = [:]
        for i in 0..<reader.count {
            let name = reader.string(i).lowercased()
            guard expected.contains(name) else { throw refused(line, .unknownColumn(name, columns: expected)) }
            guard col[name] == nil else { throw refused(line, .columnTwice(name)) }
            col[name] = i
        }
        let missing = expected.filter { col[$0] == nil }
        guard missing.isEmpty else { throw refused(line, .missingColumns(missing)) }
        return col
    }

    /// `name: invalid UTF-8 at byte 4 of the field (0xD5)` for the first field of the record
    /// that is not UTF-8 (a GBK file, a cut sequence), nil when every field is well-formed.
    static func utf8Problem(_ reader: CSVReader, _ col: [String: Int]) -> StorageMessage? {
        guard let bad = reader.firstInvalidUTF8() else { return nil }
        return .invalidUTF8(column: col.first { $0.value == bad.field }?.key, field: bad.field, byte: bad.byte, value: bad.value)
    }

    static func read(_ path: String) throws(RegistryError) -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw RegistryError(nil, .storage(.cannotReadFile(path: path, reason: error.localizedDescription)))
        }
    }
}

/// The bad rows of an import: the first `Registry.reportedRows` (`FILE:LINE: [Rn] message`),
/// and how many there were in all.
struct BadRows {
    let file: String
    var rows: [StorageMessage] = []
    var count = 0

    mutating func add(_ line: Int, _ problem: EngineMessage, rule: Rule? = nil) {
        count += 1
        if rows.count < Registry.reportedRows { rows.append(.atLine(file: file, line: line, rule: rule, problem: problem)) }
    }
}
