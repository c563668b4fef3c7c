import Foundation

/// `export students|schools to FILE`: the import columns, so an export imports back as it was
/// (students: the current record; `enrolled_on` is the current enrolment's date).
extension Registry {
    /// The students CSV (header + one row per student), all students or `ids`.
    public func exportStudentsCSV(_ ids: [StudentID]? = nil) -> [UInt8] {
        need(.rows)
        var out: [UInt8] = []
        out.reserveCapacity((ids?.count ?? rows.count) * 90 + 100)
        out.append(contentsOf: Registry.studentColumns.joined(separator: ",").utf8); out.append(0x0A)
        func row(_ r: Int) {
            let s = rows[r]
            if s.idCard != 0 { out.append(contentsOf: IDCardNumber(digits: s.idCard).description.utf8) }
            out.append(0x2C); CSVField.append(name(s.name), to: &out)
            out.append(0x2C); out.append(contentsOf: Gender(code: s.gender).rawValue.utf8)
            out.append(0x2C); out.append(contentsOf: Day(rawValue: s.birth).description.utf8)
            out.append(0x2C); CSVField.append(ethnicities[UInt32(s.ethnicity)], to: &out)
            out.append(0x2C); if s.hukou != 0 { out.append(contentsOf: String(s.hukou).utf8) }
            out.append(0x2C); out.append(contentsOf: schoolRows[Int(s.school)].code.description.utf8)
            out.append(0x2C); out.append(contentsOf: String(s.grade).utf8)
            out.append(0x2C); out.append(contentsOf: Day(rawValue: s.enrolledOn).description.utf8)
            out.append(0x0A)
        }
        if let ids { for id in ids { row(Int(id.index)) } } else { for r in rows.indices { row(r) } }
        return out
    }

    /// The schools CSV.
    public func exportSchoolsCSV(_ indexes: [Int]? = nil) -> [UInt8] {
        var out = Array((Registry.schoolColumns.joined(separator: ",") + "\n").utf8)
        for s in indexes.map({ $0.map { schoolRows[$0] } }) ?? schoolRows {
            out.append(contentsOf: s.code.description.utf8); out.append(0x2C)
            CSVField.append(s.name, to: &out); out.append(0x2C)
            out.append(contentsOf: s.stage.rawValue.utf8); out.append(0x2C)
            out.append(contentsOf: s.district.description.utf8); out.append(0x0A)
        }
        return out
    }

    /// Writes the students CSV to `path` (mode 0600: it holds minors' records; never into a
    /// registry directory); returns the row count.
    @discardableResult
    public func exportStudents(to path: String, _ ids: [StudentID]? = nil) throws(RegistryError) -> Int {
        try Registry.writePrivate(exportStudentsCSV(ids), to: path)
        return ids?.count ?? rows.count
    }

    /// Writes the schools CSV to `path`.
    /// Writes the schools CSV (those at `indexes` of `schools`, or all) to `path`.
    public func exportSchools(to path: String, _ indexes: [Int]? = nil) throws(RegistryError) {
        try Registry.writePrivate(exportSchoolsCSV(indexes), to: path)
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
