/// The engine's governance messages (see `EngineMessage`): each case is one message with its
/// arguments; its English text is written here and nowhere else.
public indirect enum GovernanceMessage: Hashable, Sendable {
    /// What the awaited party of a request may do to it (R19).
    public enum Decision: Hashable, Sendable {
        /// Approve the awaited step.
        case approve
        /// Reject the request.
        case reject
    }

    // MARK: actors and keys (R18, R22)

    /// Adding an actor with an empty title.
    case actorNeedsName
    /// R18: the first actor of an open registry must be national or a province's bureau.
    case firstActorTooLow(actor: ActorName)
    /// R22: the first actor must open the session with its own private key.
    case firstActorMustPresentKey(actor: ActorName, key: ActorKey)
    /// R18: in a governed registry, adding an actor needs a registered, unrevoked adder.
    case addingActorNeedsActor(actor: ActorName)
    /// R18: `by` is not above `actor`, or its scope does not hold it.
    case cannotAddActor(by: ActorName, actor: ActorName)
    /// Adding an actor again with the key it already has.
    case actorKeyAlreadyRegistered(actor: ActorName)
    /// R18: a revocation without a reason.
    case revocationNeedsReason
    /// Revoking a name that is not a registered, unrevoked actor.
    case notRegisteredActor(actor: ActorName)
    /// R18: `by` (nil: a session without an actor) may not revoke `actor`.
    case cannotRevokeActor(by: ActorName?, actor: ActorName)
    /// R18: revoking the last national or provincial actor would leave nobody to add actors.
    case lastTopActor(actor: ActorName)

    // MARK: scope (R18)

    /// R18: the acting session's scope does not hold the district of the school being added.
    case addSchoolOutsideScope(school: SchoolCode, district: DistrictCode, scope: ActorName)
    /// R18: only a province or national keeps the working calendar.
    case calendarKeptByProvince(scope: ActorName)

    // MARK: requests (R19, R20)

    /// R19: no registered actor (nor any bureau above it) can approve a step of the change.
    case nobodyCanApprove(kind: PendingChange.Operation, party: ActorName)
    /// R20: starting a request for a student who already has an open one.
    case oneRequestAtATime(student: RegistryNumber, request: Int, kind: PendingChange.Operation, awaiting: ActorName?)
    /// R19: a rejection without a reason.
    case rejectionNeedsReason
    /// A request number nobody has.
    case noRequest(number: Int)
    /// R19: the request has ended already.
    case requestNotOpen(request: Int, status: Request.Status)
    /// R19: only the actor that started a request may cancel it.
    case onlyStarterCancels(request: Int, startedBy: ActorName)
    /// R19: only the awaited party may approve or reject.
    case notAwaitedParty(request: Int, awaiting: ActorName, actor: ActorName, decision: Decision)
    /// A first-registration request lacking its child, school or grade.
    case enrolmentNeedsChild
    /// A next-stage request lacking its student, school or grade.
    case enrolmentNeedsStudent
    /// A transfer request lacking its student or school.
    case transferNeedsStudentAndSchool
    /// An import request without its file.
    case importRequestNeedsFile

    // MARK: the working calendar (R21)

    /// A holiday whose end is before its start, or that spans a year or more.
    case holidayRange

    // MARK: the registry

    /// Adding a school whose code is taken (by `name`).
    case schoolExists(code: SchoolCode, name: String)
    /// Adding a school with an empty name.
    case schoolNeedsName
    /// A change to a database's registry made outside `database.write`.
    case outsideDatabaseWrite

    /// The English text.
    public var english: String {
        switch self {
        case .actorNeedsName: "an actor needs a name"
        case .firstActorTooLow(let a): "the first actor of a registry is national or a province's bureau, not \(a)"
        case .firstActorMustPresentKey(let a, let k):
            "the first actor must present its own key: open the session with --as \(a) --key FILE, the private key of \(k)"
        case .addingActorNeedsActor(let a): "adding an actor needs a registered actor whose scope holds \(a)"
        case .cannotAddActor(let by, let a): "\(by) cannot add \(a): only an actor above it whose scope holds it can"
        case .actorKeyAlreadyRegistered(let a): "\(a) is already registered with this key"
        case .revocationNeedsReason: "revoking an actor needs a reason"
        case .notRegisteredActor(let a): "\(a) is not a registered actor"
        case .cannotRevokeActor(let by, let a):
            "\(by.map { "\($0)" } ?? "this session") cannot revoke \(a): only an actor above it whose scope holds it can"
        case .lastTopActor(let a): "\(a) is the last national or provincial actor; add another before revoking it"

        case .addSchoolOutsideScope(let s, let d, let scope): "adding school \(s) in district \(d) is outside the scope of \(scope)"
        case .calendarKeptByProvince(let scope): "holidays and make-up days are set by a province or national, not \(scope)"

        case .nobodyCanApprove(let k, let p): "nobody can approve this \(k.kind): \(p) has no registered actor, nor has any bureau above it"
        case .oneRequestAtATime(let n, let r, let k, let a):
            "\(n) has an open request (#\(r) \(k.kind), awaiting \(a.map { "\($0)" } ?? "?")); one request at a time"
        case .rejectionNeedsReason: "a rejection needs a reason"
        case .noRequest(let n): "there is no request #\(n)"
        case .requestNotOpen(let r, let s): "request #\(r) is \(s.rawValue), not open"
        case .onlyStarterCancels(let r, let by): "request #\(r) was started by \(by); only it can cancel it"
        case .notAwaitedParty(let r, let awaiting, let a, let d):
            "request #\(r) awaits \(awaiting); \(a) cannot \(d == .approve ? "approve" : "reject") it"
        case .enrolmentNeedsChild: "an enrolment needs a child, a school and a grade"
        case .enrolmentNeedsStudent: "an enrolment needs a student, a school and a grade"
        case .transferNeedsStudentAndSchool: "a transfer needs a student and a school"
        case .importRequestNeedsFile: "an import request needs its file"

        case .holidayRange: "a holiday runs from a day to a later one, within a year"

        case .schoolExists(let c, let name): "school \(c) already exists (\(name))"
        case .schoolNeedsName: "a school needs a name"
        case .outsideDatabaseWrite: "this registry belongs to a database: change it inside database.write { … }"
        }
    }
}
