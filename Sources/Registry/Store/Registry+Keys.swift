/// Integer keys for fields: scans and groupings compare and hash these instead of building a
/// `Value` (and often a `String`) for every row — the difference between milliseconds and
/// seconds on a province-sized registry.
extension Registry {
    /// Whether the field's key orders like its value (so `<`, `between` can use keys);
    /// the other keyable fields support only equality and grouping.
    public static func keyIsOrdered(_ field: StudentField) -> Bool {
        switch field {
        case .id_card, .birth, .age, .hukou, .school, .schoolDistrict, .schoolCity, .schoolProvince, .grade, .class, .enrolledOn: return true
        default: return false
        }
    }

    /// Whether `key(_:of:)` answers for the field.
    public static func isKeyable(_ field: StudentField) -> Bool { field != .name }

    /// The field's key for a stored row (current state), nil when the field is null.
    @inline(__always)
    public func key(_ field: StudentField, of id: StudentID) -> Int64? {
        need(.rows)
        let r = rows[Int(id.index)]
        switch field {
        case .no: return Int64(bitPattern: r.number)
        case .id_card: return r.idCard == 0 ? nil : Int64(r.idCard)
        case .gender: return Int64(r.gender)
        case .birth: return Int64(r.birth)
        case .age: return Int64(Day(rawValue: r.birth).age(on: today))
        case .ethnicity: return r.ethnicity == 0 ? nil : Int64(r.ethnicity)
        case .hukou, .hukouName: return r.hukou == 0 ? nil : Int64(r.hukou)
        case .school: return Int64(schoolRows[Int(r.school)].code.rawValue)
        case .schoolName: return Int64(r.school)
        case .schoolStage: return Int64(schoolRows[Int(r.school)].stage.grades.lowerBound)
        case .schoolDistrict, .schoolDistrictName: return Int64(schoolRows[Int(r.school)].district.rawValue)
        case .schoolCity: return Int64(schoolRows[Int(r.school)].district.rawValue / 100)
        case .schoolProvince: return Int64(schoolRows[Int(r.school)].district.rawValue / 10000)
        case .grade: return Int64(r.grade)
        case .class: return r.klass == 0 ? nil : Int64(r.klass)
        case .status: return Int64(r.status)
        case .enrolledOn: return Int64(r.enrolledOn)
        case .migrant: return r.family & 3 == 0 ? nil : Int64(r.family & 3)
        case .leftBehind: return r.family >> 2 & 3 == 0 ? nil : Int64(r.family >> 2 & 3)
        case .name: return nil
        }
    }

    /// The key a constant would have, so `field op constant` compares keys. Nil when the
    /// constant cannot occur (an unknown school name, a malformed code): then no row matches
    /// it with `=`.
    public func key(_ field: StudentField, for value: Value) -> Int64? {
        switch (field, value) {
        case (.no, .text(let s)): return RegistryNumber(s).map { Int64(bitPattern: $0.rawValue) }
        case (.id_card, .text(let s)): return IDCardNumber(s).map { Int64($0.digits) }
        case (.gender, .text(let s)): return Gender(text: s).map { Int64($0.code) }
        case (.birth, .date(let d)), (.enrolledOn, .date(let d)): return Int64(d.rawValue)
        case (.age, .int(let n)), (.grade, .int(let n)), (.class, .int(let n)): return Int64(n)
        case (.ethnicity, .text(let s)): return ethnicities.id(of: s).map(Int64.init)
        case (.hukou, .text(let s)), (.schoolDistrict, .text(let s)): return numericCode(s, digits: 6)
        case (.hukouName, .text(let s)), (.schoolDistrictName, .text(let s)): return DistrictTable.standard.code(named: s).map(Int64.init)
        case (.schoolCity, .text(let s)): return numericCode(s, digits: 4)
        case (.schoolProvince, .text(let s)): return numericCode(s, digits: 2)
        case (.school, .text(let s)): return numericCode(s, digits: 10)
        case (.schoolName, .text(let s)): return schoolRows.firstIndex { $0.name == s }.map(Int64.init)
        case (.schoolStage, .text(let s)): return Stage(rawValue: s).map { Int64($0.grades.lowerBound) }
        case (.status, .text(let s)): return Status(rawValue: s).map { Int64($0.code) }
        case (.migrant, .text(let s)), (.leftBehind, .text(let s)): return YesNo(text: s).map { Int64($0.code) }
        default: return nil
        }
    }

    private func numericCode(_ s: String, digits: Int) -> Int64? {
        guard s.utf8.count == digits, s.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int64(s)
    }

    /// The size of a field's dense key domain (`denseKey` is in `0..<size`), for fields a
    /// grouping can count into an array: everything about the school (by school), grade,
    /// gender, status. Nil for the others.
    public func denseKeyDomain(_ field: StudentField) -> Int? {
        switch field {
        case .school, .schoolName, .schoolStage, .schoolDistrict, .schoolDistrictName, .schoolCity, .schoolProvince: return schoolRows.count
        case .grade: return 13
        case .gender: return 2
        case .status: return Status.allCases.count
        default: return nil
        }
    }

    /// A row's dense key (see `denseKeyDomain`): students with the same key have the same value.
    @inline(__always)
    public func denseKey(_ field: StudentField, of id: StudentID) -> Int {
        need(.rows)
        let r = rows[Int(id.index)]
        switch field {
        case .grade: return Int(r.grade)
        case .gender: return Int(r.gender)
        case .status: return Int(r.status)
        default: return Int(r.school)
        }
    }

    /// The stored name of a row, for `like` and equality without copying the record.
    @inline(__always)
    public func name(of id: StudentID) -> String { need(.rows); return name(rows[Int(id.index)].name) }
}

extension StringPool {
    /// The id of an interned string, without adding it.
    func id(of s: String) -> UInt32? { s.isEmpty ? nil : ids[s] }
}
