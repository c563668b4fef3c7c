/// The byte layout of request steps (journal entry section 5, image section 17; FORMAT.md).
extension JournalEntry {
    static let requestSection: UInt16 = 5

    /// `u32 count`, then per op `u8 tag` and its fields.
    static func encode(_ ops: [RequestOp], into w: inout ByteWriter) {
        w.u32(UInt32(ops.count))
        for op in ops {
            switch op {
            case .open(let r):
                w.u8(0); w.u32(UInt32(r.number)); encode(r.change, into: &w)
                w.str(r.startedBy.description); w.i32(r.startedOn.rawValue)
                w.u16(UInt16(r.parties.count)); for p in r.parties { w.str(p.description) }
                w.u64(r.from?.rawValue ?? 0)
            case .approve(let n, let by, let day, let reason):
                w.u8(1); w.u32(UInt32(n)); w.str(by.description); w.i32(day.rawValue); w.str(reason ?? "")
            case .reject(let n, let by, let day, let reason):
                w.u8(2); w.u32(UInt32(n)); w.str(by.description); w.i32(day.rawValue); w.str(reason)
            case .cancel(let n, let by, let day):
                w.u8(3); w.u32(UInt32(n)); w.str(by.description); w.i32(day.rawValue)
            case .refuse(let n, let by, let day, let message):
                w.u8(4); w.u32(UInt32(n)); w.str(by.description); w.i32(day.rawValue); w.str(message)
            case .holiday(let d, let name): w.u8(5); w.i32(d.rawValue); w.str(name)
            case .workday(let d): w.u8(6); w.i32(d.rawValue)
            }
        }
    }

    static func decodeRequestOps(_ r: inout ByteReader) throws(ByteReader.Short) -> [RequestOp] {
        func actor() throws(ByteReader.Short) -> ActorName {
            guard let a = ActorName(try r.str()) else { throw ByteReader.Short() }
            return a
        }
        let n = Int(try r.u32())
        guard n <= r.remaining else { throw ByteReader.Short() }
        var out: [RequestOp] = []
        for _ in 0..<n {
            switch try r.u8() {
            case 0:
                let number = Int(try r.u32()), change = try decodeChange(&r), by = try actor(), on = Day(rawValue: try r.i32())
                var parties: [ActorName] = []
                for _ in 0..<Int(try r.u16()) { parties.append(try actor()) }
                let from = try r.u64()
                out.append(.open(Request(number: number, change: change, startedBy: by, startedOn: on,
                                         from: from == 0 ? nil : SchoolCode(rawValue: from), parties: parties,
                                         approvals: 0, lastStepDay: on, status: .open, note: nil,
                                         steps: [Request.Step(actor: by, day: on, what: "started")])))
            case 1:
                let n = Int(try r.u32()), by = try actor(), day = Day(rawValue: try r.i32()), reason = try r.str()
                out.append(.approve(n, by: by, day: day, reason: reason.isEmpty ? nil : reason))
            case 2: out.append(.reject(Int(try r.u32()), by: try actor(), day: Day(rawValue: try r.i32()), reason: try r.str()))
            case 3: out.append(.cancel(Int(try r.u32()), by: try actor(), day: Day(rawValue: try r.i32())))
            case 4: out.append(.refuse(Int(try r.u32()), by: try actor(), day: Day(rawValue: try r.i32()), message: try r.str()))
            case 5: out.append(.holiday(Day(rawValue: try r.i32()), name: try r.str()))
            case 6: out.append(.workday(Day(rawValue: try r.i32())))
            default: throw ByteReader.Short()
            }
        }
        return out
    }

    /// `u8 operation, u64 student (0 none), u64 school (0 none), i16 grade (-1), i16 class (-1),
    /// i32 day, str reason, u8 hasChild` + child (`str name, u8 gender, i32 birth, str id_card,
    /// str ethnicity, u32 hukou`, then `u8 family` when hasChild = 2), `u16 corrections` + (`u8 field, value`); an import (operation
    /// 8) then `str file name, u32 students, u32 length` and the file's bytes.
    static func encode(_ c: PendingChange, into w: inout ByteWriter) {
        w.u8(c.operation.rawValue); w.u64(c.student?.rawValue ?? 0); w.u64(c.school?.rawValue ?? 0)
        w.u16(UInt16(bitPattern: Int16(c.grade ?? -1))); w.u16(UInt16(bitPattern: Int16(c.klass ?? -1)))
        w.i32(c.day.rawValue); w.str(c.reason ?? "")
        if let p = c.newStudent {
            // 2: the family byte follows (only when known: a child without it is written as before).
            let family = StudentRow.family(migrant: p.migrant, leftBehind: p.leftBehind)
            w.u8(family == 0 ? 1 : 2); w.str(p.name); w.u8(p.gender.code); w.i32(p.birth.rawValue); w.str(p.idCard ?? "")
            w.str(p.ethnicity); w.u32(p.hukou?.rawValue ?? 0)
            if family != 0 { w.u8(family) }
        } else {
            w.u8(0)
        }
        w.u16(UInt16(c.corrections.count))
        for k in c.corrections { w.u8(UInt8(fieldCodes.firstIndex(of: k.field)!)); w.value(k.value) }
        if c.operation == .importStudents {
            let f = c.file ?? PendingChange.ImportFile(name: "", bytes: [], students: 0)
            w.str(f.name); w.u32(UInt32(f.students)); w.u32(UInt32(f.bytes.count)); w.raw(f.bytes)
        }
    }

    static func decodeChange(_ r: inout ByteReader) throws(ByteReader.Short) -> PendingChange {
        guard let op = PendingChange.Operation(rawValue: try r.u8()) else { throw ByteReader.Short() }
        let student = try r.u64(), school = try r.u64()
        let grade = Int(Int16(bitPattern: try r.u16())), klass = Int(Int16(bitPattern: try r.u16()))
        let day = Day(rawValue: try r.i32()), reason = try r.str()
        var child: NewStudent?
        switch try r.u8() {
        case 0: break
        case let tag where tag == 1 || tag == 2:
            let name = try r.str(), gender = try r.u8(), birth = Day(rawValue: try r.i32()), id = try r.str()
            let ethnicity = try r.str(), hukou = try r.u32()
            let family = tag == 2 ? try r.u8() : 0
            guard gender < 2, family < 16 else { throw ByteReader.Short() }
            child = NewStudent(name: name, gender: Gender(code: gender), birth: birth, idCard: id.isEmpty ? nil : id,
                               ethnicity: ethnicity, hukou: hukou == 0 ? nil : DistrictCode(rawValue: hukou),
                               migrant: YesNo.decode(family & 3), leftBehind: YesNo.decode(family >> 2))
        default: throw ByteReader.Short()
        }
        var corrections: [PendingChange.Correction] = []
        for _ in 0..<Int(try r.u16()) {
            let f = Int(try r.u8())
            guard f < fieldCodes.count else { throw ByteReader.Short() }
            corrections.append(.init(fieldCodes[f], try r.value()))
        }
        var file: PendingChange.ImportFile?
        if op == .importStudents {
            let name = try r.str(), students = Int(try r.u32()), length = Int(try r.u32())
            file = PendingChange.ImportFile(name: name, bytes: Array(try r.bytes(length)), students: students)
        }
        return PendingChange(op, student: student == 0 ? nil : RegistryNumber(rawValue: student),
                             school: school == 0 ? nil : SchoolCode(rawValue: school), grade: grade < 0 ? nil : grade,
                             klass: klass < 0 ? nil : klass, day: day, reason: reason.isEmpty ? nil : reason,
                             newStudent: child, corrections: corrections, file: file)
    }
}
