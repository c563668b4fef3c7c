/// The engine's lifecycle messages (see `EngineMessage`): each case is one message with its
/// arguments; its English text is written here and nowhere else.
public indirect enum LifecycleMessage: Hashable, Sendable {
    // MARK: enrolment (R1, R4, R6, R10, R15)

    /// R1: the ID number is the registry number of a student whose ID number was corrected away.
    case idIsCorrectedNumber(id: IDCardNumber, number: RegistryNumber, name: String)
    /// R4: an enrolment of a student active or suspended at `school`; the remedy follows from
    /// the status and whether the new school's stage is the student's.
    case alreadyEnrolled(number: RegistryNumber, name: String, status: Status, school: SchoolCode, schoolName: String,
                         stage: Stage, newStage: Stage)
    /// R6: an entrant younger than the grade needs, with no reason given.
    case entrantTooYoung(grade: Int, reference: Day, birth: Day, age: Int)
    /// R6: an entrant older than the grade's usual spread, with no reason given.
    case entrantAgeUnexpected(grade: Int, reference: Day, birth: Day, age: Int)
    /// R10: a senior-stage graduate enrolled again.
    case noStageAfterSenior(number: RegistryNumber, name: String)
    /// R10: a graduate enrolled at a school of other than the next stage.
    case notNextStage(number: RegistryNumber, name: String, graduated: Stage, next: Stage, school: SchoolCode, schoolStage: Stage)
    /// R10: a student who withdrew enrolled in a later stage.
    case withdrewWithoutGraduating(number: RegistryNumber, name: String, stage: Stage, newStage: Stage)
    /// R15 (a warning): a compulsory-stage school outside the student's hukou district.
    case outsideHukouDistrict(name: String, hukou: DistrictCode, school: String, district: DistrictCode)
    /// R15 after an import: how many of its enrolments are outside their hukou district.
    case importedOutsideHukou(count: Int)

    // MARK: transfer, promotion, graduation (R7, R8, R9)

    /// R7: a transfer of a student who is not active.
    case transferNeedsActive(number: RegistryNumber, name: String, status: Status)
    /// R7: a transfer to the school the student is at.
    case transferSameSchool(number: RegistryNumber, name: String, school: SchoolCode, schoolName: String)
    /// R7: a transfer to a grade outside the student's stage.
    case transferLeavesStage(number: RegistryNumber, name: String, stage: Stage, grade: Int)
    /// R7: a transfer to a school whose stage holds no such grade.
    case schoolHoldsNoGrade(school: SchoolCode, name: String, stage: Stage, grade: Int)
    /// R8: a promotion of a student who is not active.
    case promoteNeedsActive(number: RegistryNumber, name: String, status: Status)
    /// R8: a promotion from the final grade of the stage.
    case promoteFinalGrade(number: RegistryNumber, name: String, grade: Int, stage: Stage)
    /// R9: a graduation of a student who is not active.
    case graduateNeedsActive(number: RegistryNumber, name: String, status: Status)
    /// R9: a graduation from a grade other than the final one.
    case graduateNotFinalGrade(number: RegistryNumber, name: String, grade: Int, stage: Stage)

    // MARK: status changes and records (R11, R12, R13)

    /// R13: a suspension without a reason.
    case suspensionNeedsReason
    /// R13: a suspension of a student who is not active.
    case suspendNeedsActive(number: RegistryNumber, name: String, status: Status)
    /// R13: a resumption of a student who is not suspended.
    case resumeNeedsSuspended(number: RegistryNumber, name: String, status: Status)
    /// R12: a withdrawal without a reason.
    case withdrawalNeedsReason
    /// R12: a withdrawal of a student neither active nor suspended.
    case withdrawNeedsActiveOrSuspended(number: RegistryNumber, name: String, status: Status)
    /// R11: a void without a reason.
    case voidNeedsReason
    /// A void of a registration already voided.
    case alreadyVoided(number: RegistryNumber, name: String)
    /// A growth record with an empty text.
    case recordNeedsText(kind: GrowthKind)

    // MARK: the family situation and the guardian's confirmation (issue 17)

    /// A confirmation without the guardian's name.
    case confirmationNeedsGuardian
    /// A confirmation without the guardian's relation to the student.
    case confirmationNeedsRelation
    /// A confirmation of a voided registration.
    case confirmVoided(number: RegistryNumber, name: String)
    /// A value of `migrant` or `left_behind` that is not yes or no.
    case familyAnswerInvalid(field: StudentField, value: String)

    // MARK: corrections (R11)

    /// R11: a correction without a reason.
    case correctionNeedsReason
    /// R11: a correction of a field other operations change (or that is computed).
    case fieldNotCorrectable(field: StudentField)
    /// A correction that changes no value.
    case nothingToCorrect

    // MARK: revert (R23)

    /// R23: a revert without a reason.
    case revertNeedsReason
    /// R23: a revert of a journal entry that is not a bulk promotion or graduation.
    case revertNotBulkChange(entry: Int)
    /// R23: a student of the entry the registry does not hold.
    case revertStudentMissing(number: RegistryNumber, entry: Int)
    /// R23: a student with an event after the entry's (`later` on `laterOn`; nil when none).
    case revertLaterEvent(number: RegistryNumber, name: String, later: EventKind?, laterOn: Day?, entry: Int)

    // MARK: governance rules as the lifecycle checks meet them (R18, R20)

    /// R20: a change to a student while a request about the student is open.
    case studentHasOpenRequest(number: RegistryNumber, request: Int, kind: String, awaiting: ActorName?)
    /// R18: a change at a school outside the acting actor's scope.
    case outsideScope(subject: ScopeSubject, school: SchoolCode, schoolName: String, scope: ActorName)

    /// What an R18 refusal is about.
    public enum ScopeSubject: Hashable, Sendable {
        /// A change to a registered student.
        case student(number: RegistryNumber, name: String)
        /// The first enrolment of a new child.
        case enrollingNew(name: String)
        /// An enrolment of a registered student.
        case enrolling(number: RegistryNumber, name: String)
        /// A transfer into the school.
        case transferInto(number: RegistryNumber, name: String)

        /// The English text.
        public var english: String {
            switch self {
            case .student(let n, let name): "\(n) (\(name))"
            case .enrollingNew(let name): "enrolling \(name)"
            case .enrolling(let n, let name): "enrolling \(n) (\(name))"
            case .transferInto(let n, let name): "a transfer of \(n) (\(name)) into"
            }
        }

        /// The Chinese text: the school the refusal is about follows it (`… 所在的学校 4103030001 …`).
        public var chinese: String {
            switch self {
            case .student(let n, let name): "\(n)（\(name)）所在的学校"
            case .enrollingNew(let name): "为 \(name) 办理入学的学校"
            case .enrolling(let n, let name): "为 \(n)（\(name)）办理入学的学校"
            case .transferInto(let n, let name): "\(n)（\(name)）转入的学校"
            }
        }
    }

    /// The English text.
    public var english: String {
        switch self {
        case .idIsCorrectedNumber(let id, let n, let name):
            "ID number \(id) is the registry number of \(n) (\(name)), whose ID number was corrected; check duplicates before registering it again"
        case .alreadyEnrolled(let n, let name, let status, let code, let schoolName, let stage, let newStage):
            "\(n) (\(name)) is \(status.rawValue) at \(code) \(schoolName); "
                + (newStage != stage ? "graduate from \(stage.rawValue) stage first (R10), then enrol in the next stage"
                   : status == .suspended ? "resume the student, then transfer" : "transfer instead")
        case .entrantTooYoung(let grade, let ref, let birth, let age):
            "a grade-\(grade) entrant must be \(grade + 5) by \(ref); a child born \(birth) is \(age) then — give a reason to enrol anyway"
        case .entrantAgeUnexpected(let grade, let ref, let birth, let age):
            "a grade-\(grade) entrant is expected to be \(grade + 5)–\(grade + 7) on \(ref); a child born \(birth) is \(age) then — give a reason to enrol anyway"
        case .noStageAfterSenior(let n, let name):
            "\(n) (\(name)) has graduated from senior stage; there is no next stage"
        case .notNextStage(let n, let name, let graduated, let next, let code, let schoolStage):
            "\(n) (\(name)) graduated from \(graduated.rawValue) stage; the next stage is \(next.rawValue), but \(code) is a \(schoolStage.rawValue) school"
        case .withdrewWithoutGraduating(let n, let name, let stage, let newStage):
            "\(n) (\(name)) withdrew from \(stage.rawValue) stage without graduating; the \(newStage.rawValue) stage needs the \(stage.rawValue) stage graduated"
        case .outsideHukouDistrict(let name, let hukou, let school, let district):
            "\(name)'s hukou district \(hukou) differs from \(school)'s district \(district); listed by check zoning"
        case .importedOutsideHukou(let n):
            "\(n == 1 ? "1 enrolment" : "\(n) enrolments") outside the hukou district; listed by check zoning"

        case .transferNeedsActive(let n, let name, let status):
            "\(n) (\(name)) is \(status.rawValue); only an active student can transfer"
        case .transferSameSchool(let n, let name, let code, let schoolName):
            "\(n) (\(name)) is already at \(code) \(schoolName); a transfer needs a different school"
        case .transferLeavesStage(let n, let name, let stage, let grade):
            "\(n) (\(name)) is in \(stage.rawValue) stage (grades \(stage.grades.lowerBound)–\(stage.grades.upperBound)); a transfer keeps the stage — grade \(grade) needs the stage graduated first (R10)"
        case .schoolHoldsNoGrade(let code, let name, let stage, let grade):
            "\(code) \(name) is a \(stage.rawValue) school (grades \(stage.grades.lowerBound)–\(stage.grades.upperBound)); it holds no grade \(grade)"
        case .promoteNeedsActive(let n, let name, let status):
            "\(n) (\(name)) is \(status.rawValue); only an active student is promoted"
        case .promoteFinalGrade(let n, let name, let grade, let stage):
            "\(n) (\(name)) is in grade \(grade), the final grade of \(stage.rawValue) stage; graduate instead"
        case .graduateNeedsActive(let n, let name, let status):
            "\(n) (\(name)) is \(status.rawValue); only an active student in the final grade can graduate"
        case .graduateNotFinalGrade(let n, let name, let grade, let stage):
            "\(n) (\(name)) is in grade \(grade); only grade \(stage.finalGrade), the final grade of \(stage.rawValue) stage, can graduate"

        case .suspensionNeedsReason: "a suspension needs a reason"
        case .suspendNeedsActive(let n, let name, let status):
            "\(n) (\(name)) is \(status.rawValue); only an active student can be suspended"
        case .resumeNeedsSuspended(let n, let name, let status):
            "\(n) (\(name)) is \(status.rawValue); only a suspended student can resume"
        case .withdrawalNeedsReason: "a withdrawal needs a reason"
        case .withdrawNeedsActiveOrSuspended(let n, let name, let status):
            "\(n) (\(name)) is \(status.rawValue); only an active or suspended student can withdraw"
        case .voidNeedsReason: "voiding a registration needs a reason"
        case .alreadyVoided(let n, let name): "\(n) (\(name)) is already voided"
        case .recordNeedsText(let kind): "a \(kind.rawValue) record needs a text"
        case .confirmationNeedsGuardian: "a confirmation needs the guardian's name, e.g. guardian \"张建国\""
        case .confirmationNeedsRelation: "a confirmation needs the guardian's relation to the student, e.g. relation 父亲"
        case .confirmVoided(let n, let name): "\(n) (\(name)) is voided; a voided registration is not confirmed"
        case .familyAnswerInvalid(let field, let value):
            "\(field.rawValue) is yes or no (是/否), or null when not known; not \"\(value)\""

        case .correctionNeedsReason: "a correction needs a reason"
        case .fieldNotCorrectable(let field):
            "\(field.rawValue) cannot be corrected: " + {
                switch field {
                case .school: "use transfer"
                case .grade: "use promote or transfer … grade N"
                case .status: "use suspend, resume, withdraw or graduate"
                case .enrolledOn: "it is the date of the enrolment event"
                default: "it is computed from other fields"
                }
            }()
        case .nothingToCorrect: "nothing to correct: the record already holds these values"

        case .revertNeedsReason: "a revert needs a reason"
        case .revertNotBulkChange(let entry):
            "journal entry \(entry) is not a bulk change (promote or graduate where …); only those are reverted"
        case .revertStudentMissing(let n, let entry): "\(n) of entry \(entry) is not in the registry"
        case .revertLaterEvent(let n, let name, let later, let laterOn, let entry):
            "\(n) (\(name)) has a later event (\(later.flatMap { k in laterOn.map { "\(k.rawValue) on \($0)" } } ?? "none")) than entry \(entry); it cannot be reverted"

        case .studentHasOpenRequest(let n, let request, let kind, let awaiting):
            "\(n) has an open request (#\(request) \(kind), awaiting \(awaiting.map { "\($0)" } ?? "?")); no other change until it ends"
        case .outsideScope(let subject, let code, let schoolName, let scope):
            "\(subject.english) at \(code) \(schoolName) is outside the scope of \(scope)"
        }
    }

    /// The Chinese text.
    public var chinese: String {
        switch self {
        case .idIsCorrectedNumber(let id, let n, let name):
            "身份证号 \(id) 是 \(n)（\(name)）的学籍号，而该生的身份证号已被更正；再次登记前请先用 check duplicates（检查 查重）核对重复"
        case .alreadyEnrolled(let n, let name, let status, let code, let schoolName, let stage, let newStage):
            "\(n)（\(name)）在 \(code) \(schoolName) 的状态为 \(status.rawValue)；"
                + (newStage != stage ? "请先从 \(stage.rawValue) 学段毕业（R10），再入学下一学段"
                   : status == .suspended ? "请先复学，再办理转学" : "请改为办理转学")
        case .entrantTooYoung(let grade, let ref, let birth, let age):
            "\(grade) 年级新生到 \(ref) 须满 \(grade + 5) 周岁；\(birth) 出生的儿童届时 \(age) 岁——如仍要入学，请给出理由（reason）"
        case .entrantAgeUnexpected(let grade, let ref, let birth, let age):
            "\(grade) 年级新生在 \(ref) 应为 \(grade + 5)–\(grade + 7) 周岁；\(birth) 出生的儿童届时 \(age) 岁——如仍要入学，请给出理由（reason）"
        case .noStageAfterSenior(let n, let name):
            "\(n)（\(name)）已从 senior（高中）学段毕业，没有下一学段"
        case .notNextStage(let n, let name, let graduated, let next, let code, let schoolStage):
            "\(n)（\(name)）已从 \(graduated.rawValue) 学段毕业，下一学段是 \(next.rawValue)，但 \(code) 是 \(schoolStage.rawValue) 学段的学校"
        case .withdrewWithoutGraduating(let n, let name, let stage, let newStage):
            "\(n)（\(name)）未毕业即从 \(stage.rawValue) 学段退学；进入 \(newStage.rawValue) 学段须先从 \(stage.rawValue) 学段毕业"
        case .outsideHukouDistrict(let name, let hukou, let school, let district):
            "\(name) 的户籍区划 \(hukou) 与 \(school) 所在区划 \(district) 不同；check zoning（检查 划片）会列出"
        case .importedOutsideHukou(let n):
            "\(n) 条入学记录不在户籍区划内；check zoning（检查 划片）会列出"

        case .transferNeedsActive(let n, let name, let status):
            "\(n)（\(name)）的状态为 \(status.rawValue)；只有状态为 active 的学生才能转学"
        case .transferSameSchool(let n, let name, let code, let schoolName):
            "\(n)（\(name)）已在 \(code) \(schoolName)；转学须转到另一所学校"
        case .transferLeavesStage(let n, let name, let stage, let grade):
            "\(n)（\(name)）在 \(stage.rawValue) 学段（\(stage.grades.lowerBound)–\(stage.grades.upperBound) 年级）；转学不改变学段——转入 \(grade) 年级须先从本学段毕业（R10）"
        case .schoolHoldsNoGrade(let code, let name, let stage, let grade):
            "\(code) \(name) 是 \(stage.rawValue) 学段的学校（\(stage.grades.lowerBound)–\(stage.grades.upperBound) 年级），没有 \(grade) 年级"
        case .promoteNeedsActive(let n, let name, let status):
            "\(n)（\(name)）的状态为 \(status.rawValue)；只有状态为 active 的学生才能升级"
        case .promoteFinalGrade(let n, let name, let grade, let stage):
            "\(n)（\(name)）在 \(grade) 年级，已是 \(stage.rawValue) 学段的最高年级；请改为办理毕业"
        case .graduateNeedsActive(let n, let name, let status):
            "\(n)（\(name)）的状态为 \(status.rawValue)；只有最高年级、状态为 active 的学生才能毕业"
        case .graduateNotFinalGrade(let n, let name, let grade, let stage):
            "\(n)（\(name)）在 \(grade) 年级；只有 \(stage.rawValue) 学段的最高年级（\(stage.finalGrade) 年级）才能毕业"

        case .suspensionNeedsReason: "休学须给出理由"
        case .suspendNeedsActive(let n, let name, let status):
            "\(n)（\(name)）的状态为 \(status.rawValue)；只有状态为 active 的学生才能休学"
        case .resumeNeedsSuspended(let n, let name, let status):
            "\(n)（\(name)）的状态为 \(status.rawValue)；只有状态为 suspended 的学生才能复学"
        case .withdrawalNeedsReason: "退学须给出理由"
        case .withdrawNeedsActiveOrSuspended(let n, let name, let status):
            "\(n)（\(name)）的状态为 \(status.rawValue)；只有状态为 active 或 suspended 的学生才能退学"
        case .voidNeedsReason: "作废学籍须给出理由"
        case .alreadyVoided(let n, let name): "\(n)（\(name)）的学籍已作废"
        case .recordNeedsText(let kind): "成长记录（\(kind.rawValue)）须有内容"
        case .confirmationNeedsGuardian: "确认须有监护人姓名，例如 监护人 \"张建国\""
        case .confirmationNeedsRelation: "确认须有监护人与学生的关系，例如 关系 父亲"
        case .confirmVoided(let n, let name): "\(n)（\(name)）的学籍已作废，不需确认"
        case .familyAnswerInvalid(let field, let value):
            "\(field.rawValue) 只能是 yes 或 no（是/否），不详时为空；不是“\(value)”"

        case .correctionNeedsReason: "更正须给出理由"
        case .fieldNotCorrectable(let field):
            "\(field.rawValue) 不能更正：" + {
                switch field {
                case .school: "请用 transfer（转学）"
                case .grade: "请用 promote（升级）或 transfer … grade N（转学 … 年级 N）"
                case .status: "请用 suspend、resume、withdraw 或 graduate（休学、复学、退学、毕业）"
                case .enrolledOn: "它是入学事件的日期"
                default: "它由其他字段算出"
                }
            }()
        case .nothingToCorrect: "无需更正：记录中已是这些值"

        case .revertNeedsReason: "撤销须给出理由"
        case .revertNotBulkChange(let entry):
            "日志条目 \(entry) 不是批量变更（promote 或 graduate where …）；只有批量变更可以撤销"
        case .revertStudentMissing(let n, let entry): "条目 \(entry) 中的 \(n) 不在本学籍库中"
        case .revertLaterEvent(let n, let name, let later, let laterOn, let entry):
            "\(n)（\(name)）在条目 \(entry) 之后还有事件（\(later.flatMap { k in laterOn.map { "\($0) \(k.rawValue)" } } ?? "无")）；不能撤销"

        case .studentHasOpenRequest(let n, let request, let kind, let awaiting):
            "\(n) 有一个未办结的申请（#\(request) \(kind)，待 \(awaiting.map { "\($0)" } ?? "?") 处理）；办结前不能做其他变更"
        case .outsideScope(let subject, let code, let schoolName, let scope):
            "\(subject.chinese) \(code) \(schoolName) 不在 \(scope) 的管辖范围内"
        }
    }
}

extension LifecycleMessage: Localized {}
