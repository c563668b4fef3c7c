/// What kind of change an event records.
public enum EventKind: String, Sendable, Hashable, CaseIterable {
    case enrol, transfer, promote, graduate, suspend, resume, withdraw, correct, record, void
    /// Compensates one event of a reverted bulk change (R23), dated as that event was.
    case revert
    /// The guardian checked and signed the record (家长签字确认, issue 17).
    case confirm
}

/// One event as a journal entry recorded it: what `revert entry N` needs to find the event
/// again and undo it (R23).
public struct RecordedEvent: Sendable, Equatable {
    public var student: RegistryNumber
    public var kind: EventKind
    public var day: Day
    public var recordedAt: Int64
    public var changes: [FieldChange]
    /// Makes one.
    public init(student: RegistryNumber, kind: EventKind, day: Day, recordedAt: Int64, changes: [FieldChange]) {
        self.student = student; self.kind = kind; self.day = day; self.recordedAt = recordedAt; self.changes = changes
    }
}

/// One field's value before and after a change; the history shows it as `before → after`.
public struct FieldChange: Sendable, Hashable {
    /// The field changed.
    public var field: StudentField
    /// Its value before (null when it had none).
    public var before: Value
    /// Its value after.
    public var after: Value
    /// Makes a change.
    public init(_ field: StudentField, _ before: Value, _ after: Value) {
        self.field = field; self.before = before; self.after = after
    }
}

/// A change to a student's record as the history shows it (R11, R14).
public struct Event: Sendable, Hashable {
    /// Position in the store's event log (0-based), the journal's order.
    public var sequence: Int
    /// What happened.
    public var kind: EventKind
    /// The student it happened to.
    public var student: RegistryNumber
    /// The effective date (`on DATE`).
    public var effective: Day
    /// When it was recorded, seconds since 1970 (UTC).
    public var recordedAt: Int64
    /// Who recorded it.
    public var actor: String
    /// Why, when a reason was given.
    public var reason: String?
    /// For `record`: the kind of growth record.
    public var growth: GrowthKind?
    /// For `record`: its text; for `confirm`: the guardian's name.
    public var text: String?
    /// For `confirm`: the guardian's relation to the student (父亲, 母亲, …).
    public var relation: String? = nil
    /// Fields before → after (for a first enrolment: the record as enrolled).
    public var changes: [FieldChange]
}

extension Event {
    /// Makes one from its parts (a database server's copy of the history).
    public init(at sequence: Int, kind: EventKind, student: RegistryNumber, effective: Day, recordedAt: Int64, actor: String,
                reason: String?, growth: GrowthKind?, text: String?, relation: String?, changes: [FieldChange]) {
        self.sequence = sequence; self.kind = kind; self.student = student; self.effective = effective
        self.recordedAt = recordedAt; self.actor = actor; self.reason = reason; self.growth = growth; self.text = text
        self.relation = relation; self.changes = changes
    }
}

/// Counts of a bulk operation (`promote where`, `graduate where`): changed and skipped by rule.
public struct BulkResult: Sendable, Equatable {
    /// How many students were changed.
    public var changed: Int = 0
    /// How many were skipped, per rule that refused them.
    public var skipped: [Rule: Int] = [:]
    /// Total skipped.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }
    /// Each skipped student and why, when asked for (`explain promote where …`).
    public var refusals: [Refusal] = []
    /// Empty counts.
    public init() {}

    /// A student a bulk change skipped, and the refusal (its rule and message).
    public struct Refusal: Sendable, Equatable {
        public var student: StudentID
        public var error: RegistryError
    }
}

/// What an enrolment produced: the number issued or reused, and rule flags that did not refuse it.
public struct EnrolResult: Sendable, Equatable {
    /// The registry number (new or reused).
    public var number: RegistryNumber
    /// Flags such as R15 (outside the hukou district): allowed, but worth saying.
    public var warnings: [RegistryWarning]
}
