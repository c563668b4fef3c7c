/// The stored form of a student: 64 bytes of integers and one (usually inline) string.
///
/// Codes and dates are integers and ethnicity is interned, so ten million rows fit in about
/// 640 MB and a scan touches contiguous memory.
struct StudentRow {
    var number: UInt64
    /// 17 leading digits of the ID number; 0 when the student has none.
    var idCard: UInt64
    var name: String
    var birth: Int32
    var enrolledOn: Int32
    var statusSince: Int32
    /// Effective date of the latest event (R16).
    var lastDay: Int32
    /// 0 when not given.
    var hukou: UInt32
    var school: Int32
    /// Index of the latest event in the event log; the chain runs back through `EventRow.prev`.
    var lastEvent: Int32
    var ethnicity: UInt16
    /// 0 when not given.
    var klass: UInt16
    var grade: UInt8
    var gender: UInt8
    var status: UInt8
}

/// The stored form of an event: 40 bytes; field changes live in a side array.
struct EventRow {
    var recordedAt: Int64
    var student: Int32
    /// The student's previous event, or -1.
    var prev: Int32
    var day: Int32
    var actor: UInt32
    /// Index into the text table (reason, or a growth record's text); 0 for none.
    var text: UInt32
    var changeStart: Int32
    var changeCount: UInt16
    var kind: UInt8
    /// Growth kind + 1 for `record` events; for `enrol`, 1 marks a first enrolment (a new person).
    var detail: UInt8
    /// Index into the text table of a reason given alongside a growth record's text; 0 for none.
    var extra: UInt32
}

/// Interned strings (ethnicities, actors): one copy each, referred to by a small integer.
struct StringPool {
    private(set) var strings: [String] = [""]
    var ids: [String: UInt32] = ["": 0]

    private var lastString = ""
    private var lastID: UInt32 = 0

    /// The id of `s`, adding it when new. Remembers the last one: imports repeat the same
    /// ethnicity and actor row after row.
    mutating func intern(_ s: String) -> UInt32 {
        if s == lastString { return lastID }
        if let id = ids[s] { lastString = s; lastID = id; return id }
        let id = UInt32(strings.count)
        strings.append(s); ids[s] = id
        return id
    }

    subscript(id: UInt32) -> String { strings[Int(id)] }
}

extension Status {
    var code: UInt8 { switch self { case .active: 0; case .suspended: 1; case .graduated: 2; case .withdrawn: 3 } }
    init(code: UInt8) { self = [.active, .suspended, .graduated, .withdrawn][Int(code)] }
}

extension Gender {
    var code: UInt8 { self == .male ? 0 : 1 }
    init(code: UInt8) { self = code == 0 ? .male : .female }
}

extension EventKind {
    var code: UInt8 { UInt8(EventKind.allCases.firstIndex(of: self)!) }
    init(code: UInt8) { self = EventKind.allCases[Int(code)] }
}
