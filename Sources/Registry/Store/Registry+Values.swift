/// Field values as queries see them: codes as text, dates as dates, school fields resolved.
extension Registry {
    /// The value of a field of a student record; `age` is whole years on `day`.
    public func value(_ field: StudentField, of s: Student, on day: Day) -> Value {
        switch field {
        case .no: return .text(s.number.description)
        case .id_card: return s.idCard.map { .text($0.description) } ?? .null
        case .name: return .text(s.name)
        case .gender: return .text(s.gender.rawValue)
        case .birth: return .date(s.birth)
        case .age: return .int(s.birth.age(on: day))
        case .ethnicity: return s.ethnicity.isEmpty ? .null : .text(s.ethnicity)
        case .hukou: return s.hukou.map { .text($0.description) } ?? .null
        case .hukouName: return s.hukou.flatMap { DistrictTable.standard.name(of: $0.rawValue) }.map(Value.text) ?? .null
        case .school: return .text(schoolRows[s.schoolIndex].code.description)
        case .schoolName: return .text(schoolRows[s.schoolIndex].name)
        case .schoolStage: return .text(schoolRows[s.schoolIndex].stage.rawValue)
        case .schoolDistrict: return .text(schoolRows[s.schoolIndex].district.description)
        case .schoolDistrictName: return DistrictTable.standard.name(of: schoolRows[s.schoolIndex].district.rawValue).map(Value.text) ?? .null
        case .schoolCity: return .text(schoolRows[s.schoolIndex].district.city)
        case .schoolProvince: return .text(schoolRows[s.schoolIndex].district.province)
        case .grade: return .int(s.grade)
        case .class: return s.klass.map(Value.int) ?? .null
        case .status: return .text(s.status.rawValue)
        case .enrolledOn: return .date(s.enrolledOn)
        case .migrant: return YesNo.value(s.migrant)
        case .leftBehind: return YesNo.value(s.leftBehind)
        }
    }

    /// The current value of a field, read straight from the stored row (no record copy).
    public func value(_ field: StudentField, of id: StudentID) -> Value {
        need(.rows)
        let r = rows[Int(id.index)]
        switch field {
        case .no: return .text(RegistryNumber(rawValue: r.number).description)
        case .name: return .text(name(r.name))
        case .gender: return .text(Gender(code: r.gender).rawValue)
        case .birth: return .date(Day(rawValue: r.birth))
        case .age: return .int(Day(rawValue: r.birth).age(on: today))
        case .grade: return .int(Int(r.grade))
        case .status: return .text(Status(code: r.status).rawValue)
        case .enrolledOn: return .date(Day(rawValue: r.enrolledOn))
        case .migrant: return YesNo.value(r.migrant)
        case .leftBehind: return YesNo.value(r.leftBehind)
        case .school: return .text(schoolRows[Int(r.school)].code.description)
        case .class: return r.klass == 0 ? .null : .int(Int(r.klass))
        case .hukou: return r.hukou == 0 ? .null : .text(String(r.hukou))
        case .hukouName: return r.hukou == 0 ? .null : DistrictTable.standard.name(of: r.hukou).map(Value.text) ?? .null
        case .schoolDistrictName: return DistrictTable.standard.name(of: schoolRows[Int(r.school)].district.rawValue).map(Value.text) ?? .null
        default: return value(field, of: student(id), on: today)
        }
    }

    /// The value of a school field (`find schools`); `students` counts active students.
    public func value(_ field: SchoolField, ofSchoolAt index: Int) -> Value {
        let s = schoolRows[index]
        switch field {
        case .code: return .text(s.code.description)
        case .name: return .text(s.name)
        case .stage: return .text(s.stage.rawValue)
        case .district: return .text(s.district.description)
        case .city: return .text(s.district.city)
        case .province: return .text(s.district.province)
        case .students:
            need([.rows, .buckets])
            var n = 0
            for g in s.stage.grades {
                for r in bySchoolGrade[bucketKey(Int32(index), UInt8(g))] ?? [] where rows[Int(r)].status == 0 { n += 1 }
            }
            return .int(n)
        }
    }
}
