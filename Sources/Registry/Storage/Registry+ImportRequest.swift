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

    /// The valid ID numbers in a students CSV's `id_card` column (none when it has no header).
    static func idCards(in bytes: [UInt8]) -> [IDCardNumber] {
        bytes.withUnsafeBytes { b in
            var reader = CSVReader(b)
            var out: [IDCardNumber] = []
            guard (try? reader.next()) != nil,
                  let col = (0..<reader.count).first(where: { reader.string($0).lowercased() == "id_card" }) else { return out }
            while (try? reader.next()) ?? nil != nil {
                if col < reader.count, let id = IDCardNumber(reader.string(col)) { out.append(id) }
            }
            return out
        }
    }
}
