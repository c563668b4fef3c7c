/// `import students` in a governed registry (WORKFLOW.md): a school imports into itself as one
/// request covering every row, approved or rejected whole by its county.
extension Registry {
    /// The change an import of `path` by `starter` asks for; the file's bytes travel with it.
    public func importChange(fromFile path: String, by starter: ActorName) throws(RegistryError) -> PendingChange {
        let data = try Registry.read(path)
        let school = starter.level == .school ? SchoolCode(starter.code) : nil
        return PendingChange(.importStudents, school: school, day: today,
                             file: PendingChange.ImportFile(name: path, bytes: Array(data), students: 0))
    }

    /// The ID numbers of the children a change would register (a first enrolment's, or an
    /// import's rows'), for R1 over open requests.
    static func registrationIDs(of change: PendingChange) -> [IDCardNumber] {
        switch change.operation {
        case .enrolNew: return change.newStudent?.idCard.flatMap(IDCardNumber.init).map { [$0] } ?? []
        case .importStudents: return idCards(in: change.file?.bytes ?? [])
        default: return []
        }
    }

    /// The valid ID numbers in a students CSV's ID column, whatever its header calls it and
    /// whether it is UTF-8 or GB18030 (none when the file has no students header).
    static func idCards(in bytes: [UInt8]) -> [IDCardNumber] {
        bytes.withUnsafeBytes { b in
            if isWorkbook(b) {
                guard let t = try? importTable(workbook: b, file: "", dates: Set<StudentColumn>()),
                      let header = try? HeaderMap<StudentColumn>.match(t.header) else { return [] }
                let col = header[required: .idCard]
                return t.rows.compactMap { col < $0.fields.count ? IDCardNumber($0.fields[col]) : nil }
            }
            if let ids = idCards(inUTF8: b) { return ids }
            guard let c = LegacyEncoding.census(b), !c.looksLikeBrokenUTF8, let decoded = LegacyEncoding.utf8(fromGB18030: b) else { return [] }
            return decoded.withUnsafeBytes { idCards(inUTF8: $0) } ?? []
        }
    }

    /// The ID numbers of UTF-8 CSV bytes; nil when a record is not UTF-8.
    private static func idCards(inUTF8 b: UnsafeRawBufferPointer) -> [IDCardNumber]? {
        var reader = CSVReader(b)
        var out: [IDCardNumber] = []
        guard (try? reader.next()) != nil else { return out }
        guard reader.firstInvalidUTF8() == nil else { return nil }
        guard let header = try? HeaderMap<StudentColumn>.match((0..<reader.count).map(reader.string)) else { return out }
        let col = header[required: .idCard]
        while (try? reader.next()) ?? nil != nil {
            guard reader.firstInvalidUTF8() == nil else { return nil }
            if col < reader.count, let id = IDCardNumber(reader.string(col)) { out.append(id) }
        }
        return out
    }
}
