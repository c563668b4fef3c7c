import Foundation

/// An export as rows of text: what a spreadsheet writer is given (a CSV export writes the same
/// cells as bytes).
public struct ExportTable: Sendable, Equatable {
    /// The column names (`Registry.studentColumns` or `schoolColumns`).
    public var header: [String]
    /// One row of cells a student or school.
    public var rows: [[String]]
}

/// `export students|schools to FILE [bom]`: the import columns, so an export imports back as
/// it was. Students: the current record, then `no`, `class`, `status`, `status_on` (the day a
/// status other than active began) and `reason` (the one a re-import needs: the status change's
/// for a suspended, withdrawn or voided student, else the latest enrolment's — an over-age
/// child's R6 reason); `enrolled_on` is the current enrolment's date; then `migrant` and
/// `left_behind` as `yes`, `no`, or empty when not known.
extension Registry {
    /// The UTF-8 byte-order mark: Excel reads a CSV file as the system's code page (GB18030
    /// on Chinese Windows) unless the file starts with it.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The students CSV (header + one row per student), all students or `ids`; `bom` starts
    /// it with the byte-order mark.
    public func exportStudentsCSV(_ ids: [StudentID]? = nil, bom: Bool = false) -> [UInt8] {
        var sink = CSVSink(bom: bom, capacity: (ids?.count ?? rows.count) * 118 + 200)
        exportStudents(ids, into: &sink)
        return sink.out
    }

    /// The students as rows of text (a spreadsheet writer's input).
    public func exportStudentsTable(_ ids: [StudentID]? = nil) -> ExportTable {
        var sink = TableSink()
        exportStudents(ids, into: &sink)
        return ExportTable(header: Registry.studentColumns, rows: sink.rows)
    }

    /// The schools CSV.
    public func exportSchoolsCSV(_ indexes: [Int]? = nil, bom: Bool = false) -> [UInt8] {
        var sink = CSVSink(bom: bom, capacity: schoolRows.count * 60 + 40)
        exportSchools(indexes, into: &sink)
        return sink.out
    }

    /// The schools as rows of text.
    public func exportSchoolsTable(_ indexes: [Int]? = nil) -> ExportTable {
        var sink = TableSink()
        exportSchools(indexes, into: &sink)
        return ExportTable(header: Registry.schoolColumns, rows: sink.rows)
    }

    /// Writes the students CSV to `path` (mode 0600: it holds minors' records; never into a
    /// registry directory); returns the row count.
    @discardableResult
    public func exportStudents(to path: String, _ ids: [StudentID]? = nil, bom: Bool = false) throws(RegistryError) -> Int {
        if Registry.isWorkbookPath(path) { try Registry.writeWorkbook(exportStudentsTable(ids), to: path) }
        else { try Registry.writePrivate(exportStudentsCSV(ids, bom: bom), to: path) }
        return ids?.count ?? rows.count
    }

    /// Writes the schools CSV (those at `indexes` of `schools`, or all) to `path`.
    public func exportSchools(to path: String, _ indexes: [Int]? = nil, bom: Bool = false) throws(RegistryError) {
        if Registry.isWorkbookPath(path) { try Registry.writeWorkbook(exportSchoolsTable(indexes), to: path); return }
        try Registry.writePrivate(exportSchoolsCSV(indexes, bom: bom), to: path)
    }

    private func exportStudents<S: ExportSink>(_ ids: [StudentID]?, into sink: inout S) {
        need([.rows, .history])
        for c in Registry.studentColumns { sink.cell(c) }
        sink.endRow()
        if let ids { for id in ids { exportStudent(Int(id.index), into: &sink) } } else { for r in rows.indices { exportStudent(r, into: &sink) } }
    }

    /// The rows of `ids`, without the header (`StudentExport`: one part of an export).
    func exportRows<S: ExportSink>(_ ids: [StudentID], into sink: inout S) {
        need([.rows, .history])
        for id in ids { exportStudent(Int(id.index), into: &sink) }
    }

    /// One student's cells, in `StudentColumn` order.
    func exportStudent<S: ExportSink>(_ r: Int, into sink: inout S) {
        let s = rows[r]
        let status = Status(code: s.status)
        sink.cell(s.idCard != 0 ? IDCardNumber(digits: s.idCard).description : "")
        sink.cell(name(s.name))
        sink.cell(Gender(code: s.gender).rawValue)
        sink.cell(Day(rawValue: s.birth).description)
        sink.cell(ethnicities[UInt32(s.ethnicity)])
        sink.cell(s.hukou != 0 ? String(s.hukou) : "")
        sink.cell(schoolRows[Int(s.school)].code.description)
        sink.cell(String(s.grade))
        sink.cell(Day(rawValue: s.enrolledOn).description)
        sink.cell(RegistryNumber(rawValue: s.number).description)
        sink.cell(s.klass == 0 ? "" : String(s.klass))
        sink.cell(status.rawValue)
        sink.cell(status == .active ? "" : Day(rawValue: s.statusSince).description)
        sink.cell(exportReason(row: r, status: status) ?? "")
        sink.cell(s.migrant?.rawValue ?? "")
        sink.cell(s.leftBehind?.rawValue ?? "")
        sink.endRow()
    }

    /// The reason a re-import of the row needs: that of the change that made a suspended,
    /// withdrawn or voided student so (R13, R12, R11 want one); for a student in school or
    /// graduated, that of the latest enrolment (an over-age child's R6 reason). Nil when none.
    func exportReason(row r: Int, status: Status) -> String? {
        let left = status == .suspended || status == .withdrawn || status == .voided
        var e = rows[r].lastEvent
        while e >= 0 {
            let ev = events[Int(e)]
            let found = left ? changes[Int(ev.changeStart)..<Int(ev.changeStart) + Int(ev.changeCount)].contains { $0.field == .status }
                             : ev.kind == EventKind.enrol.code
            if found { return ev.text == 0 ? nil : texts[Int(ev.text)] }
            e = ev.prev
        }
        return nil
    }

    private func exportSchools<S: ExportSink>(_ indexes: [Int]?, into sink: inout S) {
        for c in Registry.schoolColumns { sink.cell(c) }
        sink.endRow()
        for s in indexes.map({ $0.map { schoolRows[$0] } }) ?? schoolRows {
            sink.cell(s.code.description); sink.cell(s.name); sink.cell(s.stage.rawValue); sink.cell(s.district.description)
            sink.endRow()
        }
    }

    /// Writes through `OutputFile`: a fresh 0600 file renamed into place, never onto a registry.
    static func writePrivate(_ bytes: [UInt8], to path: String) throws(RegistryError) {
        do throws(StorageError) {
            try OutputFile.write(bytes, to: path)
        } catch {
            throw RegistryError(nil, .storage(error.id))
        }
    }
}

/// Where an export's cells go, row by row.
protocol ExportSink {
    /// The next cell of the row.
    mutating func cell(_ s: String)
    /// Ends the row.
    mutating func endRow()
}

/// CSV bytes: cells quoted when they hold a separator, quote or line break; LF line ends.
struct CSVSink: ExportSink {
    var out: [UInt8] = []
    private var first = true

    init(bom: Bool, capacity: Int) {
        out.reserveCapacity(capacity)
        if bom { out += Registry.byteOrderMark }
    }

    mutating func cell(_ s: String) {
        if !first { out.append(0x2C) }
        first = false
        CSVField.append(s, to: &out)
    }

    mutating func endRow() { out.append(0x0A); first = true }
}

/// Rows of texts.
struct TableSink: ExportSink {
    var rows: [[String]] = []
    private var row: [String] = []
    private var header = true

    mutating func cell(_ s: String) { row.append(s) }

    /// The header row is the table's own (`ExportTable.header`), not a data row.
    mutating func endRow() {
        if header { header = false } else { rows.append(row) }
        row.removeAll(keepingCapacity: true)
    }
}
