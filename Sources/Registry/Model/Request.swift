/// A change that waits for approval (WORKFLOW.md, "What needs approval"): one engine operation
/// and its arguments, applied — every rule checked again — when the last party approves.
public struct PendingChange: Equatable, Sendable {
    /// Which operation.
    public enum Operation: UInt8, Sendable, CaseIterable {
        case enrolNew, enrolExisting, transfer, suspend, resume, withdraw, correct, void
        /// `import students` by a school into itself: one request for every row of the file.
        case importStudents

        /// How requests name their kind (`find requests`: kind).
        public var kind: String {
            switch self {
            case .enrolNew: "enrol"
            case .enrolExisting: "next stage"
            case .transfer: "transfer"
            case .suspend: "suspend"
            case .resume: "resume"
            case .withdraw: "withdraw"
            case .correct: "correct"
            case .void: "void"
            case .importStudents: "import"
            }
        }
    }
    public var operation: Operation
    /// The student (all but a first registration).
    public var student: RegistryNumber?
    /// The receiving school (enrolments, transfers).
    public var school: SchoolCode?
    public var grade: Int?
    public var klass: Int?
    /// The day the change takes effect.
    public var day: Day
    public var reason: String?
    /// A first registration's child.
    public var newStudent: NewStudent?
    /// A correction's fields and values.
    public var corrections: [Correction] = []
    /// An import's file name and its bytes (kept in the request, so the last approval imports
    /// what the county approved, whatever became of the file since).
    public var file: ImportFile?

    /// The students file an import request carries.
    public struct ImportFile: Equatable, Sendable {
        /// The name it was imported from.
        public var name: String
        /// Its bytes, as read when the request was started.
        public var bytes: [UInt8]
        /// How many students it holds (counted when the request was started).
        public var students: Int
    }

    /// One field a correction sets.
    public struct Correction: Equatable, Sendable {
        public var field: StudentField
        public var value: Value
        public init(_ field: StudentField, _ value: Value) { self.field = field; self.value = value }
    }

    /// Makes a change.
    public init(_ operation: Operation, student: RegistryNumber? = nil, school: SchoolCode? = nil, grade: Int? = nil,
                klass: Int? = nil, day: Day, reason: String? = nil, newStudent: NewStudent? = nil, corrections: [Correction] = [],
                file: ImportFile? = nil) {
        self.operation = operation; self.student = student; self.school = school; self.grade = grade; self.klass = klass
        self.day = day; self.reason = reason; self.newStudent = newStudent; self.corrections = corrections; self.file = file
    }

    /// How requests name their kind (`find requests`: kind).
    public var kind: String { operation.kind }
}

/// A request (WORKFLOW.md, "Requests"): who started which change, who approves it in which
/// order, and where it stands.
public struct Request: Equatable, Sendable {
    /// Where a request stands.
    public enum Status: String, Sendable, CaseIterable { case open, done, rejected, cancelled, refused }

    /// `#N`, from 1.
    public var number: Int
    public var change: PendingChange
    public var startedBy: ActorName
    public var startedOn: Day
    /// The student's school when the request was started (a transfer's sending school).
    public var from: SchoolCode?
    /// The parties that approve, in order (steps the starter's own scope covers are not here).
    public var parties: [ActorName]
    /// Approvals given so far.
    public var approvals: Int
    /// The day the latest step was taken (the start, or the latest approval).
    public var lastStepDay: Day
    public var status: Status
    /// The rejection's reason, or why the change was refused at the last approval.
    public var note: String?
    /// Every step: who, on which day, what (`started`, `approved`, `rejected`, …).
    public var steps: [Step]

    /// One step of a request's history.
    public struct Step: Equatable, Sendable {
        public var actor: ActorName
        public var day: Day
        public var what: String
    }

    /// The party whose approval is awaited, while open.
    public var awaiting: ActorName? { status == .open && approvals < parties.count ? parties[approvals] : nil }
    /// The student the request is about (a first registration: none until it takes effect).
    public var student: RegistryNumber? { change.student }
}
