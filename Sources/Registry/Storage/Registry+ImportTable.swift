/// Rows of text under a header row, as a spreadsheet's sheet gives them: the input of an
/// import from anything but CSV bytes. The reader turns its cells into text first (a date
/// serial into `YYYY-MM-DD`; an ID number stored as a number is its own refusal), then the
/// rows go the way a CSV file's go: the same columns, checks, status restore and refusals.
public struct ImportTable: Sendable {
    /// One data row: the line (or sheet row) that messages name, and its cells as text.
    public struct Row: Sendable {
        /// The line or row number shown in `FILE:ROW:` refusals.
        public var line: Int
        /// The cells, in header order (a short row is padded with empty cells).
        public var fields: [String]

        /// A row at `line`.
        public init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
    }

    /// The header row's cells.
    public var header: [String]
    /// The line (or sheet row) the header is on.
    public var headerLine: Int
    /// The data rows, in file order.
    public var rows: [Row]

    /// A table whose header is on `headerLine`.
    public init(header: [String], headerLine: Int = 1, rows: [Row]) {
        self.header = header; self.headerLine = headerLine; self.rows = rows
    }

    /// Row `r`'s fields with as many cells as the header (spreadsheets drop trailing blanks).
    func fields(of r: Row) -> TextFields {
        TextFields(fields: r.fields.count < header.count ? r.fields + Array(repeating: "", count: header.count - r.fields.count) : r.fields)
    }
}

extension Registry {
    /// Imports students from a table (a spreadsheet's rows), all rows or none; `file` names
    /// it in error lines.
    public func importStudents(table: ImportTable, file: String, progress: ((Int, Int) -> Void)? = nil) throws(RegistryError) -> ImportResult {
        try checkWritable()
        let columns = StudentColumns(try Registry.header(table.header, line: table.headerLine, file: file))
        var part = ParsedPart()
        let schools = SchoolDirectory(self)
        for row in table.rows {
            Registry.planStudentRow(table.fields(of: row), line: row.line, columns: columns, schools: schools, today: today, into: &part)
        }
        var run = StudentImportRun(file: file, progress: progress, savepoint: savepoint())
        run.total = table.rows.count
        reserveCapacity(students: table.rows.count)
        do throws(RegistryError) { try enrolPart(part, base: 0, &run) } catch { rollback(to: run.savepoint); throw error }
        return try finish(run)
    }

    /// Imports schools from a table, all rows or none.
    public func importSchools(table: ImportTable, file: String) throws(RegistryError) -> ImportResult {
        try checkWritable()
        let header: HeaderMap<SchoolColumn> = try Registry.header(table.header, line: table.headerLine, file: file)
        var bad = BadRows(file: file)
        var result = ImportResult()
        let sp = savepoint()
        for row in table.rows { addSchoolRow(table.fields(of: row), line: row.line, header: header, bad: &bad, result: &result) }
        return try finish(sp, bad: bad, result: result)
    }
}
