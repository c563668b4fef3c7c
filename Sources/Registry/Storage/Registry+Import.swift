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
/// Every row goes through the normal operations (`enrol … on enrolled_on`, then the row's
/// status change; `addSchool`); a bad row rolls everything back and the error lists each bad
/// row as `FILE:LINE: [Rn] message`. Run inside one `RegistryDatabase.write`, a good import is
/// one journal entry. A file is UTF-8 (a byte-order mark and CRLF line ends are read), or
/// GB18030 as Excel saves it on Chinese Windows (`LegacyEncoding`).
extension Registry {
    /// The students CSV columns, in export order (`StudentColumn`).
    public static let studentColumns = StudentColumn.allCases.map(\.english)
    /// The schools CSV columns, in export order.
    public static let schoolColumns = SchoolColumn.allCases.map(\.english)
    /// How many bad rows an import failure lists before counting the rest.
    static let reportedRows = 50

    /// Imports students from a CSV file; `progress(done, total)` is called every few thousand rows.
    public func importStudents(fromFile path: String, progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> ImportResult {
        try checkWritable()
        let data = try Registry.read(path)
        let r: Result<ImportResult, RegistryError> = data.withUnsafeBytes { b in
            do throws(RegistryError) { return .success(try importStudents(bytes: b, file: path, progress: progress)) } catch { return .failure(error) }
        }
        return try r.get()
    }

    /// Imports schools from a CSV file.
    public func importSchools(fromFile path: String) throws(RegistryError) -> ImportResult {
        try checkWritable()
        let data = try Registry.read(path)
        let r: Result<ImportResult, RegistryError> = data.withUnsafeBytes { b in
            do throws(RegistryError) {
                if Registry.isWorkbook(b) {
                    return .success(try importSchools(table: try Registry.importTable(workbook: b, file: path, dates: Set<SchoolColumn>()), file: path))
                }
                return .success(try importSchools(csv: b, file: path))
            } catch { return .failure(error) }
        }
        return try r.get()
    }

    /// Imports students from a file's bytes, an .xlsx workbook's first sheet or CSV.
    public func importStudents(bytes: UnsafeRawBufferPointer, file: String, progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> ImportResult {
        guard Registry.isWorkbook(bytes) else { return try importStudents(csv: bytes, file: file, progress: progress) }
        let table = try Registry.importTable(workbook: bytes, file: file, dates: [StudentColumn.birthDate, .enrolledOn, .statusOn])
        return try importStudents(table: table, file: file, progress: progress)
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
        return try Registry.decoding(csv, file: file, as: StudentColumn.self) { b throws(RegistryError) in
            try importStudentsUTF8(b, file: file, progress: progress, parts: parts)
        }
    }

    /// The students import of UTF-8 bytes; nil (and nothing imported) when a record is not UTF-8.
    private func importStudentsUTF8(_ csv: UnsafeRawBufferPointer, file: String, progress: ((Int, Int) -> Void)?,
                                    parts: Int?) throws(RegistryError) -> ImportResult? {
        var reader = CSVReader(csv)
        guard let columns = try Registry.header(&reader, file: file, as: StudentColumn.self).map(StudentColumns.init) else { return nil }
        let rowBytes = csv.count - reader.offset
        let n = parts ?? min(256, max(1, rowBytes / Registry.bytesPerPart))
        var run = StudentImportRun(file: file, progress: progress, savepoint: savepoint())
        do throws(RegistryError) {
            let utf8 = try readStudents(csv, from: reader.offset, firstLine: reader.line, parts: n, columns: columns) { part, base throws(RegistryError) in
                // Rows are about the same size everywhere: the first part tells how many to expect
                // (and make room for, with a little to spare: the tables then grow once).
                if run.total == 0, part.bytes > 0 {
                    run.total = Int((Double(part.records) * Double(rowBytes) / Double(part.bytes)).rounded(.up))
                    reserveCapacity(students: run.total + run.total / 50)
                }
                try enrolPart(part, base: base, &run)
            }
            guard utf8 else { rollback(to: run.savepoint); return nil }
        } catch {
            rollback(to: run.savepoint)
            throw error
        }
        return try finish(run)
    }

    /// Imports schools from CSV bytes (`code,name,stage,district`; stage primary/junior/senior or 小学/初中/高中).
    public func importSchools(csv: UnsafeRawBufferPointer, file: String) throws(RegistryError) -> ImportResult {
        try checkWritable()
        return try Registry.decoding(csv, file: file, as: SchoolColumn.self) { b throws(RegistryError) in
            try importSchoolsUTF8(b, file: file)
        }
    }

    /// The schools import of UTF-8 bytes; nil (and nothing imported) when a record is not UTF-8.
    private func importSchoolsUTF8(_ csv: UnsafeRawBufferPointer, file: String) throws(RegistryError) -> ImportResult? {
        var reader = CSVReader(csv)
        guard let header = try Registry.header(&reader, file: file, as: SchoolColumn.self) else { return nil }
        var bad = BadRows(file: file)
        var result = ImportResult()
        let sp = savepoint()
        while true {
            let line: Int
            do throws(CSVReader.Unterminated) { guard let l = try reader.next() else { break }; line = l } catch {
                bad.add(error.line, .storage(.quotedFieldNotClosed)); break
            }
            if reader.firstInvalidUTF8() != nil { rollback(to: sp); return nil }
            addSchoolRow(reader, line: line, header: header, bad: &bad, result: &result)
        }
        return try finish(sp, bad: bad, result: result)
    }

    /// Adds the school of one row (a CSV record or a spreadsheet's row), or notes why not.
    func addSchoolRow<F: ImportFields>(_ f: F, line: Int, header: HeaderMap<SchoolColumn>, bad: inout BadRows, result: inout ImportResult) {
        func fail(_ problem: StorageMessage) { bad.add(line, .storage(problem)) }
        guard f.count == header.count else { return fail(.fieldCount(expected: header.count, found: f.count)) }
        if let problem = header.valueUnderNoName(f) { return fail(problem) }
        let codeAt = header[required: .code], stageAt = header[required: .stage], districtAt = header[required: .district]
        guard let code = f.with(codeAt, CSVField.school) else {
            return fail(.notSchoolCode(column: header.label(.code), text: f.string(codeAt)))
        }
        let stageText = f.string(stageAt)
        guard let stage = Stage(rawValue: stageText.lowercased()) ?? Stage.allCases.first(where: { $0.chinese == stageText }) else {
            return fail(.badStage(stageText))
        }
        guard let district = f.with(districtAt, CSVField.district) else {
            return fail(.notDistrictCode(column: header.label(.district), text: f.string(districtAt)))
        }
        do throws(RegistryError) {
            try addSchool(School(code: code, name: f.string(header[required: .name]), stage: stage, district: district))
            result.imported += 1
        } catch {
            bad.add(line, error.id, rule: error.rule)
        }
    }

    /// All or nothing: bad rows undo everything.
    func finish(_ sp: Savepoint, bad: BadRows, result: ImportResult) throws(RegistryError) -> ImportResult {
        guard bad.count == 0 else {
            rollback(to: sp)
            throw RegistryError(nil, .storage(.importRefused(file: bad.file, badRows: bad.count, rows: bad.rows)))
        }
        return result
    }

    /// Runs `body` (an import of UTF-8 bytes, nil when they are not) on `csv`; when `csv` is
    /// not UTF-8, on its GB18030 decoding, but only if that decodes whole and its header row
    /// names `Column`s, and the file is not UTF-8 with a few broken bytes (whose Chinese would
    /// decode as other characters). Otherwise the file is refused at its first bad byte.
    static func decoding<Column: ImportColumn>(_ csv: UnsafeRawBufferPointer, file: String, as: Column.Type,
                                               _ body: (UnsafeRawBufferPointer) throws(RegistryError) -> ImportResult?) throws(RegistryError) -> ImportResult {
        if let result = try body(csv) { return result }
        let census = LegacyEncoding.census(csv)
        func refused() -> RegistryError {
            let at = census?.firstInvalid ?? 0
            let (line, byte) = LegacyEncoding.lineAndByte(csv, at: at)
            let value = at < csv.count ? csv[at] : 0
            return RegistryError(nil, .storage(.atLine(file: file, line: line, rule: nil, problem: .storage(.notUTF8(byte: byte, value: value)))))
        }
        guard let census, !census.looksLikeBrokenUTF8, let decoded = LegacyEncoding.utf8(fromGB18030: csv),
              decoded.withUnsafeBytes({ headerNames($0, Column.self) }) else { throw refused() }
        let r: Result<ImportResult?, RegistryError> = decoded.withUnsafeBytes { b in
            do throws(RegistryError) { return .success(try body(b)) } catch { return .failure(error) }
        }
        guard let result = try r.get() else { throw refused() }
        return result
    }

    /// Whether the first record of `csv` is a header of `Column`s.
    static func headerNames<Column: ImportColumn>(_ csv: UnsafeRawBufferPointer, _: Column.Type) -> Bool {
        var reader = CSVReader(csv)
        guard (try? reader.next()) != nil, reader.firstInvalidUTF8() == nil else { return false }
        return (try? HeaderMap<Column>.match((0..<reader.count).map(reader.string))) != nil
    }

    /// Reads the header row and matches it (`HeaderMap`); nil when it is not UTF-8.
    static func header<Column: ImportColumn>(_ reader: inout CSVReader, file: String,
                                             as: Column.Type) throws(RegistryError) -> HeaderMap<Column>? {
        func refused(_ line: Int, _ problem: StorageMessage) -> RegistryError {
            RegistryError(nil, .storage(.atLine(file: file, line: line, rule: nil, problem: .storage(problem))))
        }
        let first: Int?
        do throws(CSVReader.Unterminated) { first = try reader.next() } catch {
            throw refused(error.line, .quotedFieldNotClosed)
        }
        guard let line = first else {
            throw RegistryError(nil, .storage(.emptyCSV(file: file, columns: Column.allCases.filter(\.isRequired).map(\.english))))
        }
        guard reader.firstInvalidUTF8() == nil else { return nil }
        return try header((0..<reader.count).map(reader.string), line: line, file: file)
    }

    /// Matches header cells (a CSV's first record, a spreadsheet's first row) at `line`.
    static func header<Column: ImportColumn>(_ cells: [String], line: Int, file: String) throws(RegistryError) -> HeaderMap<Column> {
        do throws(HeaderProblem) { return try HeaderMap<Column>.match(cells) } catch {
            throw RegistryError(nil, .storage(.atLine(file: file, line: line, rule: nil, problem: .storage(error.message))))
        }
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
