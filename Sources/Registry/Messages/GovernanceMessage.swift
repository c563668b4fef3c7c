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

    /// The Chinese text.
    public var chinese: String {
        switch self {
        case .actorNeedsName: "用户须有名称"
        case .firstActorTooLow(let a): "学籍库的第一个用户须是 national 或某省的教育行政部门，不能是 \(a)"
        case .firstActorMustPresentKey(let a, let k):
            "第一个用户须出示自己的密钥：请用 --as \(a) --key FILE 打开会话，FILE 为 \(k) 的私钥"
        case .addingActorNeedsActor(let a): "添加用户须由管辖范围包含 \(a) 的已登记用户进行"
        case .cannotAddActor(let by, let a): "\(by) 不能添加 \(a)：只有级别更高且管辖范围包含它的用户才能添加"
        case .actorKeyAlreadyRegistered(let a): "\(a) 已用此密钥登记"
        case .revocationNeedsReason: "吊销用户须给出理由"
        case .notRegisteredActor(let a): "\(a) 不是已登记的用户"
        case .cannotRevokeActor(let by, let a):
            "\(by.map { "\($0)" } ?? "本会话") 不能吊销 \(a)：只有级别更高且管辖范围包含它的用户才能吊销"
        case .lastTopActor(let a): "\(a) 是最后一个 national 或省级用户；请先添加另一个，再吊销它"

        case .addSchoolOutsideScope(let s, let d, let scope): "添加区划 \(d) 中的学校 \(s) 超出了 \(scope) 的管辖范围"
        case .calendarKeptByProvince(let scope): "节假日和调休日由省级或 national 用户设置，\(scope) 不能设置"

        case .nobodyCanApprove(let k, let p): "没有人能审批这个 \(k.kind) 申请：\(p) 没有已登记的用户，其上级教育行政部门也没有"
        case .oneRequestAtATime(let n, let r, let k, let a):
            "\(n) 已有一个未办结的申请（#\(r) \(k.kind)，待 \(a.map { "\($0)" } ?? "?") 处理）；每名学生同一时间只能有一个申请"
        case .rejectionNeedsReason: "驳回须给出理由"
        case .noRequest(let n): "没有申请 #\(n)"
        case .requestNotOpen(let r, let s): "申请 #\(r) 的状态为 \(s.rawValue)，不是 open"
        case .onlyStarterCancels(let r, let by): "申请 #\(r) 由 \(by) 发起；只有它能撤回"
        case .notAwaitedParty(let r, let awaiting, let a, let d):
            "申请 #\(r) 正等待 \(awaiting) 处理；\(a) 不能\(d == .approve ? "审批" : "驳回")它"
        case .enrolmentNeedsChild: "入学申请须有儿童、学校和年级"
        case .enrolmentNeedsStudent: "入学申请须有学生、学校和年级"
        case .transferNeedsStudentAndSchool: "转学申请须有学生和学校"
        case .importRequestNeedsFile: "导入申请须附带其文件"

        case .holidayRange: "节假日的结束日期不能早于开始日期，且须在一年之内"

        case .schoolExists(let c, let name): "学校 \(c) 已存在（\(name)）"
        case .schoolNeedsName: "学校须有名称"
        case .outsideDatabaseWrite: "此学籍库属于一个数据库：请在 database.write { … } 中修改它"
        }
    }
}

extension GovernanceMessage: Localized {}
