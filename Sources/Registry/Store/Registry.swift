/// The in-memory, indexed student registry: schools, students, every event, and the rules.
///
/// All state lives in contiguous arrays of compact rows; indexes map numbers, ID numbers,
/// school+grade, hukou, name prefixes and birth dates to rows. "Today" and the clock are
/// injected: the engine never reads the system time, so tests and demos are reproducible.
public final class Registry {
    /// The day operations default to (`on DATE` omitted) and ages are computed at.
    public var today: Day
    /// Who is recorded as making changes (the shell sets the login name).
    public var actor: String = "xueji"
    /// The acting actor of a governed registry (the session's `--as`): changes reach only the
    /// schools in its scope (R18). Nil, or an open registry: everything.
    public var scope: ActorName?
    /// The recorded-at time for new events, seconds since 1970 (UTC).
    public var clock: () -> Int64

    // The store is single-threaded by design and its arrays are touched on every enrolment and
    // scan: dynamic exclusivity checks on them cost ~10 % (swift_beginAccess per access), so they
    // are turned off here, per property, rather than with an unsafe flag for the whole target.
    @exclusivity(unchecked) var schoolRows: [School] = []
    @exclusivity(unchecked) var schoolByCode: [UInt64: Int32] = [:]
    @exclusivity(unchecked) var schoolsByDistrict: [UInt32: [Int32]] = [:]

    // Rows, events and their side lists start inside the mapped registry image after an open
    // (see `Column`): nothing is decoded or copied per student to open a registry.
    @exclusivity(unchecked) var rows = Column<StudentRow>()
    @exclusivity(unchecked) var events = Column<EventRow>()
    @exclusivity(unchecked) var changes = RecordList<FieldChange>(decode: ImageCoding.change)
    @exclusivity(unchecked) var texts = RecordList<String>([""], decode: ImageCoding.string)
    /// Names longer than a row holds inline (`NameRef`).
    @exclusivity(unchecked) var longNames = RecordList<String>(decode: ImageCoding.string)
    @exclusivity(unchecked) var ethnicities = StringPool()
    @exclusivity(unchecked) var actors = StringPool()

    /// Registry numbers that cannot be found through `byIDCard`: L and J numbers, and G numbers
    /// whose ID number was corrected away. A G number is its ID number, so the ID index answers
    /// for the other 99% — one hash table fewer (about 25 bytes a student).
    @exclusivity(unchecked) var byNumber: [UInt64: Int32] = [:]
    @exclusivity(unchecked) var byIDCard = IDTable()
    @exclusivity(unchecked) var bySchoolGrade = BucketIndex<UInt64>()
    @exclusivity(unchecked) var byHukou = BucketIndex<UInt32>()
    @exclusivity(unchecked) var byName = SortedKeyIndex()
    @exclusivity(unchecked) var byBirth = SortedKeyIndex()
    /// Every actor added or revoked, in journal order (governed registries, WORKFLOW.md).
    @exclusivity(unchecked) var actorLog: [ActorChange] = []
    /// The actors as the log leaves them, by name.
    @exclusivity(unchecked) var actorTable: [ActorName: ActorRecord] = [:]
    /// Every request step and calendar change, in journal order.
    @exclusivity(unchecked) var requestLog: [RequestOp] = []
    /// The requests as the log leaves them (`#N` at index N-1).
    @exclusivity(unchecked) var requestTable: [Request] = []
    /// Holidays (not working days) and make-up working days (R21).
    @exclusivity(unchecked) var holidays: [Day: String] = [:]
    @exclusivity(unchecked) var workdays: Set<Day> = []
    /// Students whose registration was voided: queries leave them out unless asked for, at the
    /// cost of one more condition, paid only when there are some.
    @exclusivity(unchecked) var voidedCount = 0
    /// Highest L-number sequence issued per district + birth date.
    @exclusivity(unchecked) var temporarySequence: [UInt64: Int] = [:]
    /// Set when the registry holds only some students (a scoped session on a server): how the
    /// others are fetched when named. Nil: it holds every student.
    public var partial: PartialStudents?

    /// Parts of a mapped image not yet checked against their hashes: an open checks only the
    /// small tables it decodes, and each part is checked before the first statement that reads
    /// it (`need`), so that opening costs the same for a thousand students or ten million.
    var uncheckedImage: ImageParts = []
    /// Checks image parts (set by the database that mapped the image); when one is damaged it
    /// rebuilds the registry from the journal in place, before anything was read from it.
    var checkImage: ((ImageParts) -> Void)?

    /// Polled by long operations (bulk changes, imports) so that a Ctrl-C can stop them; the
    /// database that owns this registry shares it.
    public let cancellation = Cancellation()
    /// Set by the database that owns this registry; its `write` sets `writing` while it runs.
    var ownedByDatabase = false
    var writing = false

    /// An empty registry whose today is `today`; the clock defaults to midnight of today.
    public init(today: Day, clock: (() -> Int64)? = nil) {
        self.today = today
        self.clock = clock ?? { Int64(today.rawValue) * 86_400 }
        if clock == nil {
            self.clock = { [unowned self] in Int64(self.today.rawValue) * 86_400 }
        }
    }

    /// Number of students ever registered.
    public var studentCount: Int { rows.count }
    /// Whether any registration was voided (queries then leave those students out unless asked).
    public var hasVoidedStudents: Bool { voidedCount > 0 }
    /// Number of events recorded.
    public var eventCount: Int { events.count }
    /// The schools, in the order they were added.
    public var schools: [School] { schoolRows }
    /// Every student handle, in registration order.
    public var allStudents: [StudentID] {
        if let order = rowsOutOfOrder { return order.map(StudentID.init) }
        return (0..<Int32(rows.count)).map(StudentID.init)
    }

    /// The school with this code.
    public func school(_ code: SchoolCode) -> School? { schoolByCode[code.rawValue].map { schoolRows[Int($0)] } }
    /// The school at an index of `schools`.
    public func school(at index: Int) -> School { schoolRows[index] }
    /// Index of a school in `schools`.
    public func schoolIndex(_ code: SchoolCode) -> Int? { schoolByCode[code.rawValue].map(Int.init) }

    /// The student with this registry number.
    public func find(_ number: RegistryNumber) -> StudentID? {
        need([.rows, .idIndex])
        return (rowIndex(of: number.rawValue) ?? fetchStudent(.number(number))).map(StudentID.init)
    }
    /// The L numbers that became another number (R3: an ID card recorded), each still finding
    /// its student: alias, then the number the student has now.
    public var numberAliases: [(alias: RegistryNumber, number: RegistryNumber)] {
        need([.rows, .idIndex])
        return byNumber.compactMap { key, r in
            let n = rows[Int(r)].number
            return n == key || RegistryNumber(rawValue: key).kind != .l ? nil : (RegistryNumber(rawValue: key), RegistryNumber(rawValue: n))
        }
    }
    /// The student registered under this ID number.
    public func find(idCard: IDCardNumber) -> StudentID? {
        need(.idIndex)
        return (byIDCard[idCard.digits] ?? fetchStudent(.idCard(idCard))).map(StudentID.init)
    }

    /// The student's current record.
    public func student(_ id: StudentID) -> Student {
        need(.rows)
        let r = rows[Int(id.index)]
        return Student(
            id: id, number: RegistryNumber(rawValue: r.number),
            idCard: r.idCard == 0 ? nil : IDCardNumber(digits: r.idCard), name: name(r.name),
            gender: Gender(code: r.gender), birth: Day(rawValue: r.birth),
            ethnicity: ethnicities[UInt32(r.ethnicity)], hukou: r.hukou == 0 ? nil : DistrictCode(rawValue: r.hukou),
            schoolIndex: Int(r.school), grade: Int(r.grade), klass: r.klass == 0 ? nil : Int(r.klass),
            status: Status(code: r.status), enrolledOn: Day(rawValue: r.enrolledOn),
            statusSince: Day(rawValue: r.statusSince), migrant: r.migrant, leftBehind: r.leftBehind)
    }

    /// The student's record by number, or an error naming the number.
    public func student(_ number: RegistryNumber) throws(RegistryError) -> Student {
        guard let id = find(number) else { throw RegistryError(nil, .identity(.noStudent(number: "\(number)"))) }
        return student(id)
    }

    /// Adds a school; the code must be new.
    public func addSchool(_ school: School) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.schoolName, school.name)
        if isGoverned, let scope, scope.level != .national, scope.level == .school || !school.district.description.hasPrefix(scope.code) {
            throw RegistryError(.r18, .governance(.addSchoolOutsideScope(school: school.code, district: school.district, scope: scope)))
        }
        guard schoolByCode[school.code.rawValue] == nil else {
            throw RegistryError(nil, .governance(.schoolExists(code: school.code, name: self.school(school.code)!.name)))
        }
        guard !school.name.isEmpty else { throw RegistryError(nil, .governance(.schoolNeedsName)) }
        try Registry.checkDistrictInForce(school.district, field: "district")
        let i = Int32(schoolRows.count)
        schoolRows.append(school)
        schoolByCode[school.code.rawValue] = i
        schoolsByDistrict[school.district.rawValue, default: []].append(i)
    }

    /// Refuses a change made to a database's registry outside its `write`: such a change would
    /// reach neither the journal nor a rollback (one owner of writes).
    @inline(__always)
    func checkWritable() throws(RegistryError) {
        need(.all)
        if ownedByDatabase && !writing {
            throw RegistryError(nil, .governance(.outsideDatabaseWrite))
        }
    }

    /// Throws when the operation in progress was cancelled (Ctrl-C); long loops call it every
    /// few thousand rows, and the database's `write` then undoes what the operation had done.
    func checkCancelled() throws(RegistryError) {
        if cancellation.isCancelled { throw RegistryError.interrupted }
    }
}

/// The parts of a registry image checked lazily, each before its first use.
struct ImageParts: OptionSet {
    let rawValue: UInt8
    /// Student rows and long names.
    static let rows = ImageParts(rawValue: 1)
    /// Events, field changes and texts.
    static let history = ImageParts(rawValue: 2)
    /// The ID-number table.
    static let idIndex = ImageParts(rawValue: 4)
    /// The school+grade and hukou buckets.
    static let buckets = ImageParts(rawValue: 8)
    /// The sorted name and birth keys.
    static let sortedKeys = ImageParts(rawValue: 16)
    static let all: ImageParts = [.rows, .history, .idIndex, .buckets, .sortedKeys]
}

extension Registry {
    /// Checks the parts of a mapped image that a public entry point is about to read; a
    /// single test of a flag once they are checked. Every change needs `.all` first, so a
    /// damaged part can only be found (and the registry rebuilt) between changes.
    @inline(__always)
    func need(_ parts: ImageParts) {
        if !uncheckedImage.isDisjoint(with: parts) { checkImage?(uncheckedImage.intersection(parts)) }
    }

    /// The row holding a registry number (packed), through the ID index for G numbers.
    @inline(__always)
    func rowIndex(of number: UInt64) -> Int32? {
        let n = RegistryNumber(rawValue: number)
        if n.kind == .g, let r = byIDCard[n.payload / 11], rows[Int(r)].number == number { return r }
        return byNumber[number]
    }

    /// Whether a row's number needs its own entry in `byNumber` (not reachable through its ID).
    @inline(__always)
    func needsNumberEntry(_ row: StudentRow) -> Bool {
        let n = RegistryNumber(rawValue: row.number)
        return n.kind != .g || n.payload / 11 != row.idCard
    }

    /// The name a row stores.
    @inline(__always)
    func name(_ ref: NameRef) -> String {
        if ref.isLong { return longNames[ref.longIndex] }
        return ref.withInlineBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// A row's reference to `name`: inline when it fits, else added to the long names.
    func nameRef(_ name: String) -> NameRef {
        var s = name
        if let ref = s.withUTF8({ NameRef(inline: $0) }) { return ref }
        longNames.append(name)
        return NameRef(longIndex: longNames.count - 1)
    }

    /// Whether two rows hold the same name (long names are compared as text: the same name
    /// may be stored twice).
    func sameName(_ a: NameRef, _ b: NameRef) -> Bool {
        if !a.isLong && !b.isLong { return a == b }
        return name(a) == name(b)
    }

    /// Calls `body` with the UTF-8 bytes of a row's name.
    func withNameBytes<R>(_ ref: NameRef, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if ref.isLong { var s = longNames[ref.longIndex]; return s.withUTF8 { body(UnsafeRawBufferPointer($0)) } }
        return ref.withInlineBytes(body)
    }

    /// Makes room for `n` more students (imports), so the tables grow once, not twenty times.
    public func reserveCapacity(students n: Int) {
        rows.reserveCapacity(rows.count + n)
        events.reserveCapacity(events.count + n)
        byIDCard.reserveCapacity(byIDCard.count + n)
    }
}
