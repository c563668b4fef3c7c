/// One committed statement as the journal holds it: every school and event it added, with
/// the values needed to replay it without running the rules again.
struct JournalEntry: Equatable {
    /// The statement kind shown in reports: `enrol`, `promote ×40`, `transaction`, `import students`.
    var label: String
    /// Effective day of the first event (0 when only schools were added).
    var day: Int32
    /// When the statement was recorded (seconds since 1970, UTC).
    var recordedAt: Int64
    var schools: [School]
    var events: [Record]
    /// Set on the entry a checkpoint appends: the snapshot it vouches for (issue 12).
    var checkpoint: Checkpoint? = nil
    /// Actors added or revoked by this entry (governed registries).
    var actorChanges: [ActorChange] = []
    /// Request steps and calendar changes of this entry.
    var requestOps: [RequestOp] = []
    /// Written by a session whose clock was fixed (`--today`) in a governed registry: its
    /// recorded times are the fixed day's, which `verify` lists (WORKFLOW.md, "Signatures").
    var fixedClock = false
    /// Who signed the entry and the signature (governed registries, R22): set when read.
    var signature: Signature? = nil
    /// Sections of kinds this build does not know (written by a later xueji), kept as read.
    var otherSections: [Section] = []

    /// The snapshot a checkpoint wrote: the entries it covers and its hash, so that the hash
    /// chain covers the snapshot and a forged one is never served. Version 2 (this build): the
    /// SHA-256 of the image's header, which holds the hash of every chunk; version 1 (format-1
    /// snapshots): the SHA-256 the snapshot file ended with.
    struct Checkpoint: Equatable {
        var coveredEntries: UInt64
        var snapshotHash: [UInt8]
        var version: UInt16 = 2
    }

    /// The signature section: the actor and its Ed25519 signature over the SHA-256 of the
    /// frame header and the payload before this section (`signedLength` bytes of payload).
    struct Signature: Equatable {
        var actor: String
        var bytes: [UInt8]
        var signedLength: Int
    }

    /// A typed, versioned block after an entry's events (FORMAT.md, "Sections").
    struct Section: Equatable {
        var kind: UInt16
        var version: UInt16
        var bytes: [UInt8]
    }

    /// The row a first enrolment creates, as it stood right after that enrolment.
    struct NewRow: Equatable {
        var idCard: UInt64
        var name: String
        var gender: UInt8
        var birth: Int32
        var ethnicity: String
        var hukou: UInt32
        var school: UInt64
        var grade: UInt8
        var klass: UInt16
        /// `StudentRow.family`: written (after the row, `hasNewRow` = 2) only when not 0.
        var family: UInt8 = 0
    }

    /// One event: what the engine's `record(...)` took, with the student named by number.
    struct Record: Equatable {
        var kind: EventKind
        var detail: UInt8
        var student: UInt64
        var day: Int32
        var recordedAt: Int64
        var actor: String
        var text: String
        var extra: String
        var changes: [FieldChange]
        var newRow: NewRow?
    }

    /// `#12 (2024-09-01, enrol)` — how errors and reports name an entry.
    static func describe(sequence: UInt64, day: Int32?, label: String?) -> String {
        var s = "#\(sequence)"
        if let label {
            s += " (" + (day.map { $0 == 0 ? "" : Day(rawValue: $0).description + ", " } ?? "") + label + ")"
        }
        return s
    }
}
