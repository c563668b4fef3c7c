/// The engine's storage messages (see `EngineMessage`): each case is one message with its
/// arguments; its English text is written in `StorageMessage+English.swift` and nowhere else.
/// A message about a message (`changeNotSaved`) takes the inner one's case, never its text.
public indirect enum StorageMessage: Hashable, Sendable, CustomStringConvertible {
    // MARK: transactions and writes

    /// A statement stopped by Ctrl-C (its `Cancellation`); it changed nothing.
    case interrupted
    /// Any statement but `rollback` and `commit` in an aborted transaction.
    case transactionAborted
    /// `begin` while a transaction is open.
    case transactionAlreadyOpen
    /// `commit` or `rollback` with no transaction open.
    case noTransactionOpen
    /// `commit` of an aborted transaction: it was rolled back instead, `undone` changes.
    case abortedTransactionRolledBack(undone: Int)
    /// `commit` could not journal the transaction, so it was rolled back.
    case transactionNotSaved(StorageMessage)
    /// A change could not be journalled, so it was undone.
    case changeNotSaved(StorageMessage)
    /// `.checkpoint` inside a transaction.
    case checkpointInTransaction
    /// `.checkpoint` on a registry in memory.
    case nothingToCheckpointInMemory
    /// `.checkpoint` on a registry a shared store (PostgreSQL) keeps: it keeps the chain itself.
    case nothingToCheckpointInStore

    // MARK: database servers (PostgreSQL)

    /// A `postgres://` address that does not parse.
    case badServerAddress(String)
    /// The server could not be reached, or refused the login; `reason` is the server's or the system's text.
    case serverUnreachable(address: String, reason: String)
    /// The server refused a statement: its SQLSTATE and its own text.
    case serverRefused(address: String, code: String, reason: String)
    /// The database holds no xueji schema (`xueji pg init` makes it).
    case schemaMissing(address: String)
    /// The database's schema is newer than this xueji knows.
    case schemaTooNew(address: String, found: Int, known: Int)
    /// `--copy-to` a database that already holds a registry.
    case targetNotEmpty(address: String)
    /// `xueji pg move` on a registry kept on one server (no shards to move between).
    case notSharded(address: String)
    /// `xueji pg move` of something that is not a partition (a province's code, or `other`).
    case unknownPartition(String)
    /// `xueji pg move … --to NAME`: no shard has that name (and it is not an address).
    case unknownShard(String)
    /// `xueji pg move` to a new server whose database already holds students.
    case shardNotEmpty(address: String)
    /// `verify`: a table the server keeps beside the journal disagrees with the registry.
    case tableDisagrees(table: String, what: String)
    /// R23: `revert entry N` of an entry that does not exist.
    case noJournalEntry(Int)
    /// R23: the entry to revert fails its checksum when read back.
    case journalEntryUnreadable(Int)
    /// A change to a registry opened read-only.
    case readOnlyChangeNotMade(registry: String)
    /// A snapshot of a registry opened read-only.
    case openReadOnly(registry: String)
    /// R22: a change to a governed registry by a session without an actor.
    case governedNeedsActor
    /// R22: the session's actor is unknown, revoked, or holds another key.
    case notKeyHolder(actor: ActorName)
    /// The automatic snapshot after a change failed; the change itself is journalled.
    case snapshotNotWritten(StorageMessage)

    // MARK: opening

    /// A read-only open of a path that is not a directory.
    case noRegistry(path: String)
    /// Another process holds the writer lock; `pid` is what its lock file says ("" if nothing).
    case lockedByWriter(registry: String, pid: String)
    /// The registry is damaged (no advice follows).
    case damaged(registry: String, problem: StorageMessage)
    /// Damaged, and a read-write open would start an empty journal over its history.
    case damagedWouldStartEmpty(registry: String, problem: StorageMessage)
    /// Damaged: a read-write open was refused.
    case damagedNotOpened(registry: String, problem: StorageMessage)
    /// Damaged at entry `lastGood + 1`: what precedes it can be read or salvaged.
    case damagedReadablePrefix(registry: String, problem: StorageMessage, lastGood: UInt64)
    /// A short journal whose bytes are not the start of a journal header.
    case notAJournal(path: String)
    /// `problem`, found in the file at `path`.
    case inFile(path: String, problem: StorageMessage)
    /// The journal is missing (`size` nil) or cut inside its header, though `left` (snapshot,
    /// head file) show it was written.
    case journalGone(journal: String, size: Int?, left: [String])
    /// Read-only open without a journal: only the snapshot is shown.
    case showingSnapshotOnly(StorageMessage)
    /// The snapshot is of another format: the whole journal was replayed.
    case snapshotNotUsed(StorageMessage)
    /// Read-only open of a damaged snapshot: the journal alone was read.
    case snapshotDamagedReadJournal(path: String, problem: StorageMessage)
    /// Read-write open of a damaged snapshot: set aside, and rebuilt from the journal.
    case snapshotDamagedSetAside(path: String, problem: StorageMessage, setAsideAs: String)
    /// What went wrong made the open read the journal alone.
    case readJournalAlone(StorageMessage)
    /// The journal does not vouch for the snapshot: rebuilt from the journal.
    case snapshotUnvouched(path: String, problem: StorageMessage)
    /// A read-only open left a torn last entry in place.
    case tornEntryIgnored(sequence: UInt64, have: Int, need: Int?)
    /// A read-write open cut a torn last entry off.
    case tornEntryDropped(sequence: UInt64, have: Int, need: Int?)
    /// Read-only: the snapshot stands on damaged entries, so it was not used.
    case snapshotCoversDamage
    /// A journal entry is damaged; `entry` is `#N (date, kind)` as far as readable.
    case entryDamaged(entry: String, byte: Int, reason: StorageMessage)
    /// Read-only open of a damaged journal: the registry as of entry `entry`.
    case showingUpTo(StorageMessage, entry: UInt64)
    /// The snapshot covers entries the journal no longer holds.
    case snapshotBeyondJournal(covers: UInt64, holds: UInt64)
    /// An unreadable head file, ignored.
    case ignored(StorageMessage)
    /// The journal holds fewer entries than a recorded chain head.
    case journalCut(holds: UInt64, recordedBy: HeadRecord, records: UInt64)
    /// The journal's entry at a recorded chain head is another one.
    case journalRewritten(entry: UInt64, recordedBy: HeadRecord, found: ChainHead)
    /// The head file holds something else than `N:HASH`.
    case notAChainHead(path: String)
    /// A lazily checked part of the snapshot failed its hash: the registry was rebuilt from
    /// the journal, the snapshot set aside (`setAsideAs`) or not (`setAsideFailure`, or read-only).
    case snapshotPartDamaged(path: String, problem: StorageMessage, setAsideAs: String?, setAsideFailure: StorageMessage?)
    /// The rebuild after a damaged snapshot part failed too.
    case notRebuilt(StorageMessage)
    /// The new snapshot after a rebuild could not be written.
    case snapshotNotRewritten(StorageMessage)

    // MARK: the journal's entries

    /// Bytes after the last entry too few for a frame, and not a torn one.
    case strayBytes(Int)
    /// No frame marker where an entry should start.
    case badFrameMarker(byte: Int)
    /// The frame's sequence number is not the next one.
    case wrongSequence(found: UInt64)
    /// The frame's SHA-256 does not match its bytes.
    case checksumMismatch
    /// The frame's link is not the previous entry's hash.
    case brokenChain
    /// The entry's link to a province's chain is not that province's previous entry's hash.
    case brokenProvinceChain(province: Int)
    /// The provinces the entry links to are not those its changes are about.
    case provinceLinksDiffer(linked: [Int], touched: [Int])
    /// A signed entry of a chain kept by province cannot be linked into one chain (copying back).
    case signedEntryNotRelinked(sequence: UInt64)
    /// The journal is shorter than its 16-byte header.
    case journalShorterThanHeader
    /// The journal's first bytes are not its magic.
    case journalBadMagic
    /// The journal's header names another format version.
    case journalVersion(UInt8)
    /// The entry's payload does not decode.
    case entryUnreadable
    /// Replaying the entry fails (the journal and the store disagree).
    case replayFails(EngineMessage)
    /// The walk stopped at an entry that does not vouch for the snapshot (never shown: the
    /// open then replays the journal alone).
    case unvouchedStop
    /// The snapshot's last covered entry is not the journal's.
    case snapshotChainEndDiffers
    /// A snapshot of no entries that does not stand at the journal's start.
    case snapshotNotAtStart
    /// The entry after the snapshot is not its checkpoint.
    case snapshotNotRecorded(checkpoint: UInt64)
    /// The snapshot's root hash is not the one its checkpoint recorded.
    case snapshotNotAsRecorded(checkpoint: UInt64)
    /// No entry follows the snapshot to vouch for it.
    case snapshotNoCheckpoint
    /// Only a torn entry follows the snapshot.
    case snapshotNoCompleteCheckpoint

    // MARK: signatures (R22)

    /// R22: an entry of a governed registry without a signature.
    case entryNotSigned
    /// R22: the signature names something that is not an actor name.
    case signedByNoActor(String)
    /// R22: the signer was not a registered actor when the entry was written.
    case signedByUnknownActor(ActorName)
    /// R22: the signer's key was revoked before the entry.
    case signedByRevokedActor(ActorName)
    /// R22: the entry that makes the registry governed is not signed by the actor it adds.
    case governingEntryUnsigned
    /// R22: the signature does not verify.
    case signatureMismatch(ActorName)

    // MARK: snapshots

    /// The snapshot has another format version.
    case snapshotVersion(found: UInt32)
    /// The snapshot's first bytes are not its magic.
    case snapshotBadMagic
    /// The snapshot's header does not parse.
    case snapshotHeaderUnreadable
    /// The snapshot file is empty.
    case snapshotEmpty
    /// A section the image needs is absent.
    case sectionMissing(ImageSection)
    /// A section at another version (the image is stale, not damaged).
    case sectionVersion(ImageSection, version: UInt16)
    /// A section's rows laid out by another build (stale).
    case sectionLayout(ImageSection, stride: UInt32)
    /// A section whose length is not its count's.
    case sectionWrongLength(ImageSection)
    /// A section shorter than its offset table.
    case sectionCutShort(ImageSection)
    /// A section whose offsets or keys are out of order.
    case sectionInconsistent(ImageSection)
    /// A decoded section that does not decode.
    case sectionUnreadable(ImageSection)
    /// An index whose shape is impossible.
    case indexInconsistent(ImageSection)
    /// The sections hold different numbers of students.
    case sectionsDisagree
    /// A chunk of the image fails its hash; `section` nil: a kind this build does not know.
    case chunkMismatch(from: Int, to: Int, section: ImageSection?)

    // MARK: backups and salvage

    /// `.backup` of a registry without a journal.
    case noJournalToBackUp(registry: String)
    /// The journal file is shorter than what was read from it at open.
    case journalShorterThanRead(journal: String, bytes: Int, read: Int)
    /// `.backup DIR` failed.
    case backupFailed(directory: String, StorageMessage)
    /// `--salvage` of a directory without a journal.
    case nothingToSalvage(journal: String)
    /// `--salvage` of a journal whose header is bad.
    case unsalvageable(journal: String, problem: StorageMessage)
    /// A backup or salvage into a directory that holds something.
    case copyDirectoryNotEmpty(directory: String)
    /// Salvage stopped at a torn entry.
    case salvageTorn(sequence: UInt64, have: Int)
    /// What `--salvage` kept, and what it lost (`lost` nil: nothing).
    case salvaged(head: ChainHead, students: Int, events: Int, lost: StorageMessage?, lostBytes: Int)

    // MARK: files

    /// A registry file is a symbolic link.
    case symbolicLink(path: String)
    /// The file system is read-only.
    case readOnlyFileSystem(FileAction)
    /// A system call failed with `errno`.
    case fileFailed(FileAction, errno: Int32)
    /// An output path that cannot name a file (empty, or ending in `/`).
    case notAFileName(path: String)
    /// An output path that is a registry directory.
    case outputIsRegistryDirectory(path: String)
    /// An output path that is a directory.
    case outputIsDirectory(path: String)
    /// An output path whose symbolic links do not end.
    case tooManySymbolicLinks(path: String)
    /// No free temporary name for an output file.
    case noTemporaryName(path: String, directory: String)
    /// An output path inside a registry directory (`resolvedTo`: where its links lead).
    case outputInsideRegistry(path: String, resolvedTo: String?, directory: String)
    /// An output path that is a journal.
    case outputIsJournal(path: String)
    /// An output path that is a snapshot.
    case outputIsSnapshot(path: String)

    // MARK: verify

    /// Verify of a registry directory never written.
    case noJournalYet
    /// The snapshot is of another format, so verify did not check it.
    case snapshotNotChecked(StorageMessage)
    /// The snapshot fails its own checks.
    case snapshotDamaged(path: String, problem: StorageMessage)
    /// The snapshot claims another chain head at the entry it covers.
    case snapshotOtherChainHead(entries: UInt64, byte: Int)
    /// The snapshot differs from replaying the entries it covers.
    case snapshotDiffersFromReplay(entries: UInt64, difference: StorageMessage)
    /// A problem with a journal entry that is not damage to the chain (a signature).
    case entryProblem(entry: String, byte: Int, problem: StorageMessage)
    /// The snapshot is not the one its checkpoint recorded.
    case snapshotReplaced(path: String, checkpoint: UInt64)
    /// The snapshot has no checkpoint entry (an earlier xueji).
    case snapshotUnrecorded
    /// Signed entries written with `--today`: how many, and the first ten.
    case fixedClockEntries(count: Int, first: [UInt64])
    /// The journal ends in a torn entry.
    case verifyTornTail(sequence: UInt64, have: Int, need: Int?)
    /// The snapshot covers more entries than the journal holds.
    case snapshotBeyondVerifiedJournal(covers: UInt64, holds: Int)
    /// An open transaction kept verify from comparing the registry in memory.
    case transactionOpenNotCompared
    /// The registry in memory differs from the replayed journal.
    case memoryDiffersFromJournal(StorageMessage)
    /// Verify's first line for a registry in memory.
    case verifyOKInMemory(events: Int, students: Int)
    /// Verify's first line for a registry directory.
    case verifyOK(entries: Int, events: Int, students: Int)
    /// Verify's first line when something is wrong; `entriesChecked` nil in memory.
    case verifyDamaged(problems: Int, entriesChecked: Int?)
    /// A note under verify's first line.
    case note(StorageMessage)

    // MARK: indexes and comparisons

    /// The registry-number index does not find a student's row.
    case numberIndexMisses(RegistryNumber)
    /// The ID-number index does not find a student's row.
    case idIndexMisses(RegistryNumber)
    /// A school+grade bucket does not hold a student's row.
    case schoolGradeIndexMisses(RegistryNumber)
    /// The ID-number index holds another number of entries than there are ID numbers.
    case idIndexCount(entries: Int, idNumbers: Int)
    /// The school+grade index holds another number of entries than there are students.
    case schoolGradeIndexCount(entries: Int, students: Int)
    /// Students whose latest event is someone else's.
    case latestEventsMisplaced(Int)
    /// Two registries' schools differ.
    case schoolsDiffer
    /// Two registries hold different numbers of students.
    case studentCountDiffers(Int, Int)
    /// Two registries hold different numbers of events.
    case eventCountDiffers(Int, Int)
    /// A student's record differs.
    case studentDiffers(RegistryNumber, name: String, otherName: String)
    /// An event differs (`index` 1-based).
    case eventDiffers(index: Int, day: Day, kind: EventKind, student: RegistryNumber)
    /// The other registry's registry-number index misses a student.
    case numberIndexDiffers(RegistryNumber)
    /// The other registry's ID-number index misses a student.
    case idIndexDiffers(IDCardNumber)
    /// The school+grade indexes answer differently.
    case schoolGradeIndexDiffers(SchoolCode, grade: Int)
    /// The hukou indexes answer differently.
    case hukouIndexDiffers(DistrictCode)

    // MARK: replay

    /// A journal entry adds a school that exists.
    case schoolAddedTwice(SchoolCode)
    /// A journal entry opens a request under another number than the next.
    case requestOutOfOrder(Int)
    /// A journal entry carries a new student row on an event that is not a first enrolment.
    case newRowOnEvent(EventKind)
    /// A journal entry enrols a student for the first time who is there.
    case enrolledFirstTimeTwice(RegistryNumber)

    // MARK: imports

    /// A refusal at a line of a CSV file, with the rule that refused it.
    case atLine(file: String, line: Int, rule: Rule?, problem: EngineMessage)
    /// A quoted field runs to the end of the file.
    case quotedFieldNotClosed
    /// A record with another number of fields than the header.
    case fieldCount(expected: Int, found: Int)
    /// A file that is not UTF-8, nor GB18030 with a known header: the first bad byte of the
    /// line (1-based) and its value.
    case notUTF8(byte: Int, value: UInt8)
    /// A field that is not a school code.
    case notSchoolCode(column: String, text: String)
    /// A field that is not a district code.
    case notDistrictCode(column: String, text: String)
    /// A field that is not a date.
    case notDate(column: String, text: String)
    /// A class that is not a number.
    case notClassNumber(column: String, text: String)
    /// A status that is none of the statuses.
    case badStatus(column: String, text: String)
    /// A `migrant` or `left_behind` field that is neither yes nor no nor a word for not known.
    case notFamilyAnswer(column: String, text: String)
    /// R3: a registry number that is not G, L or J and 18 characters.
    case badRegistryNumber(column: String, text: String)
    /// R3: a G number that is not G + the row's ID number (`idCard` nil: the row has none).
    case numberNotOfIDCard(number: String, idCard: String?)
    /// R3: an L (temporary) number on a row with an ID number.
    case temporaryNumberWithIDCard(number: String, idCard: String)
    /// R2: an ID number that a spreadsheet stored as a number and wrote as `4.10303E+17`.
    case idCardAsNumber(column: String, text: String)
    /// An .xlsx file that cannot be read (the spreadsheet reader says why).
    case workbookUnreadable(file: String, why: String)
    /// A workbook whose first sheet is empty.
    case emptyWorkbook(file: String)
    /// An .xlsx export that cannot be made (a cell too long for Excel …).
    case workbookUnwritable(file: String, why: String)
    /// A stage that is not primary, junior or senior.
    case badStage(String)
    /// A gender that is not M or F.
    case badGender(String)
    /// R5: a grade that is not 1–12.
    case badGrade(String)
    /// Bad rows refused the whole import; `rows` are the first of them (`atLine`).
    case importRefused(file: String, badRows: Int, rows: [StorageMessage])
    /// A CSV file without even a header row.
    case emptyCSV(file: String, columns: [String])
    /// A header naming a column the import does not take (`columns` required, `optional` not).
    case unknownColumn(String, columns: [String], optional: [String])
    /// A value in a column whose header cell is empty (`field` 1-based).
    case valueUnderNoColumn(field: Int, text: String)
    /// A header naming a column twice, as `first` and `second` (the same spelling or two).
    case columnTwice(String, first: String, second: String)
    /// A header without some columns.
    case missingColumns([String])
    /// A file to import that cannot be read (`reason`: the system's words).
    case cannotReadFile(path: String, reason: String)

    /// The English text, so `"\(message)"` reads naturally (the shell prints open warnings so).
    public var description: String { english }
}
