/// A students export written a part at a time, by a session that holds one part of the
/// students at once (a national export on a server): the file `Registry.exportStudents(to:)`
/// writes for the same students. Nothing replaces the target until `finish`; a CSV's parts go
/// to disk as they come, a workbook's rows are kept until then (its writer takes them whole).
public final class StudentExport {
    private let path: String
    private var file: OutputFile?
    private var table: TableSink?
    /// The students written so far.
    public private(set) var count = 0

    /// Starts the export to `path` (a workbook when its name says so); `bom` as `exportStudents`.
    public init(to path: String, bom: Bool) throws(RegistryError) {
        self.path = path
        if Registry.isWorkbookPath(path) {
            var t = TableSink()
            for c in Registry.studentColumns { t.cell(c) }
            t.endRow()
            table = t
            return
        }
        var header = CSVSink(bom: bom, capacity: 256)
        for c in Registry.studentColumns { header.cell(c) }
        header.endRow()
        do throws(StorageError) {
            file = try OutputFile.parts(to: path)
            try write(header.out)
        } catch {
            throw RegistryError(nil, .storage(error.id))
        }
    }

    /// Adds the rows of `ids`, students `registry` holds, in that order.
    public func append(_ ids: [StudentID], of registry: Registry) throws(RegistryError) {
        count += ids.count
        if table != nil {
            registry.exportRows(ids, into: &table!)
            return
        }
        var sink = CSVSink(bom: false, capacity: ids.count * 118)
        registry.exportRows(ids, into: &sink)
        do throws(StorageError) { try write(sink.out) } catch {
            throw RegistryError(nil, .storage(error.id))
        }
    }

    /// Completes the file; returns how many students it holds.
    public func finish() throws(RegistryError) -> Int {
        if let table {
            try Registry.writeWorkbook(ExportTable(header: Registry.studentColumns, rows: table.rows), to: path)
            return count
        }
        do throws(StorageError) { try file?.close() } catch {
            throw RegistryError(nil, .storage(error.id))
        }
        return count
    }

    private func write(_ bytes: [UInt8]) throws(StorageError) {
        guard let file else { return }
        let failure: StorageError? = bytes.withUnsafeBytes { b in
            do throws(StorageError) { try file.write(b); return nil } catch { return error }
        }
        if let failure { throw failure }
    }
}
