/// The stored form of a student: 72 bytes of plain integers, the same in memory and in a
/// registry image (so an open maps the rows instead of decoding them).
///
/// Codes and dates are integers, ethnicity is interned and the name is inline, so ten million
/// rows fit in about 720 MB and a scan touches contiguous memory. A row's index is the
/// student's internal id: it never changes, and indexes and events refer to it.
struct StudentRow: BitwiseCopyable {
    var number: UInt64
    /// 17 leading digits of the ID number; 0 when the student has none.
    var idCard: UInt64
    var name: NameRef
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
    /// The family situation: bits 0–1 `migrant`, bits 2–3 `left_behind` (0 unknown, 1 no, 2 yes).
    var family: UInt8
    /// The day of the last registration or key-field correction while no guardian has confirmed
    /// the record since (`check unconfirmed`); `StudentRow.confirmed` once one has. These two
    /// fields fill what was padding: the row stays 72 bytes.
    var unconfirmedSince: Int32

    /// `unconfirmedSince` of a record a guardian confirmed after its last registration or key-field correction.
    static let confirmed = Int32.min

    /// The family byte of two answers.
    static func family(migrant: YesNo?, leftBehind: YesNo?) -> UInt8 {
        (migrant?.code ?? 0) | (leftBehind?.code ?? 0) << 2
    }
    var migrant: YesNo? { YesNo.decode(family & 3) }
    var leftBehind: YesNo? { YesNo.decode(family >> 2 & 3) }
}

/// The stored form of an event: 40 bytes; field changes live in a side list.
struct EventRow: BitwiseCopyable {
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
    var code: UInt8 { switch self { case .active: 0; case .suspended: 1; case .graduated: 2; case .withdrawn: 3; case .voided: 4 } }
    init(code: UInt8) { self = [.active, .suspended, .graduated, .withdrawn, .voided][Int(code)] }
}

extension Gender {
    var code: UInt8 { self == .male ? 0 : 1 }
    init(code: UInt8) { self = code == 0 ? .male : .female }
}

extension EventKind {
    var code: UInt8 { UInt8(EventKind.allCases.firstIndex(of: self)!) }
    init(code: UInt8) { self = EventKind.allCases[Int(code)] }
}

/// A name as a row stores it: up to 15 UTF-8 bytes inline (every Han name of up to five
/// characters), a longer one as an index into the registry's list of long names. 16 bytes,
/// no pointer, so rows can live in a mapped file.
struct NameRef: Equatable, BitwiseCopyable, CustomStringConvertible {
    /// Bytes 0–7.
    var low: UInt64
    /// Bytes 8–14; the top byte is the length (0…15), or 0xFF for a long name (`low` = index).
    var high: UInt64

    static let inlineCapacity = 15

    /// Not the name: a reference only the registry can read (`Registry.name(_:)`). Putting
    /// one into a message is a bug, which debug builds (and so the tests) stop at.
    var description: String {
        assertionFailure("a NameRef was put into text: use Registry.name(_:)")
        return "?"
    }

    /// The name `utf8` inline; nil when it is longer than 15 bytes.
    init?(inline utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count <= NameRef.inlineCapacity else { return nil }
        var lo: UInt64 = 0, hi: UInt64 = 0
        for (i, b) in utf8.enumerated() {
            if i < 8 { lo |= UInt64(b) << UInt64(8 * i) } else { hi |= UInt64(b) << UInt64(8 * (i - 8)) }
        }
        low = lo; high = hi | UInt64(utf8.count) << 56
    }

    /// A long name: entry `index` of the registry's long names.
    init(longIndex index: Int) { low = UInt64(index); high = 0xFF << 56 }

    var isLong: Bool { high >> 56 == 0xFF }
    var longIndex: Int { Int(low) }

    /// The inline bytes (only when not long).
    @inline(__always)
    func withInlineBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeBytes(of: self) { body(UnsafeRawBufferPointer(rebasing: $0[..<Int(high >> 56)])) }
    }
}
