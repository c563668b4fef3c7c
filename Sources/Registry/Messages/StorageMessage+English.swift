#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The English texts of the storage messages: the only place they are written.
extension StorageMessage {
    /// The English text.
    public var english: String {
        switch self {
        // transactions and writes
        case .interrupted: "interrupted"
        case .transactionAborted: "the transaction was aborted by an earlier error; nothing runs in it until rollback (commit also rolls it back)"
        case .transactionAlreadyOpen: "a transaction is already open; commit or rollback first"
        case .noTransactionOpen: "no transaction is open (begin starts one)"
        case .abortedTransactionRolledBack(let n):
            "the transaction was aborted by an earlier error and has been rolled back (\(n) change\(n == 1 ? "" : "s") undone); nothing was committed"
        case .transactionNotSaved(let m): "the transaction could not be saved and was rolled back: \(m)"
        case .changeNotSaved(let m): "the change was not saved, so it was undone: \(m)"
        case .checkpointInTransaction: "cannot checkpoint inside a transaction; commit or roll back first"
        case .nothingToCheckpointInMemory: "this registry is in memory: there is nothing to checkpoint"
        case .badServerAddress(let a): "\(a) is not a PostgreSQL address (postgres://USER@HOST:PORT/DATABASE)"
        case .serverUnreachable(let a, let r): "cannot connect to \(a): \(r)"
        case .serverRefused(let a, let c, let r): "\(a) refused the statement (SQLSTATE \(c)): \(r)"
        case .schemaMissing(let a): "\(a) holds no registry; `xueji pg init \(a)` creates one"
        case .schemaTooNew(let a, let f, let k): "\(a) has schema version \(f), newer than this xueji knows (\(k)); use a newer xueji"
        case .targetNotEmpty(let a): "\(a) already holds a registry; copy into an empty one (`xueji pg init` a new database)"
        case .notSharded(let a): "\(a) is kept on one server: there are no shards to move a province between (`xueji pg init COORD --shard …` shards a new registry)"
        case .unknownPartition(let p): "\(p) is not a province's code (11–82) or `other`"
        case .unknownShard(let n): "there is no shard named \(n); name one that `xueji pg init` listed, or give a new server's postgres:// address"
        case .shardNotEmpty(let a): "\(a) already holds students; a new shard must be an empty database"
        case .tableDisagrees(let t, let w): "table \(t) disagrees with the journal: \(w)"
        case .nothingToCheckpointInStore: "this registry is kept by a database server, which keeps its journal itself: there is nothing to checkpoint"
        case .noJournalEntry(let n): "there is no journal entry \(n)"
        case .journalEntryUnreadable(let n): "journal entry \(n) cannot be read: run verify"
        case .readOnlyChangeNotMade(let r): "registry \(r) is open read-only; the change was not made"
        case .openReadOnly(let r): "registry \(r) is open read-only"
        case .governedNeedsActor: "this registry is governed: open it with --as ACTOR --key FILE to change it"
        case .notKeyHolder(let a): "\(a) is not a registered actor holding this key"
        case .snapshotNotWritten(let m): "snapshot: could not be written (\(m)); the journal holds everything"

        // opening
        case .noRegistry(let p): "no registry at \(p)"
        case .lockedByWriter(let r, let pid):
            "registry \(r) is open by another writer" + (pid.isEmpty ? "" : " (pid \(pid))") + "; open it read-only, or close the other session"
        case .damaged(let r, let p): "registry \(r) is damaged: \(p)"
        case .damagedWouldStartEmpty(let r, let p):
            "registry \(r) is damaged: \(p). It was not opened for writing (it would start an empty journal); "
                + "open it --read-only, restore a backup, or salvage it (--salvage NEW)"
        case .damagedNotOpened(let r, let p):
            "registry \(r) is damaged: \(p). It was not opened for writing; open it --read-only, restore a backup, or salvage it (--salvage NEW)"
        case .damagedReadablePrefix(let r, let p, let last):
            "registry \(r) is damaged: \(p). It was not opened for writing; "
                + "open it read-only to read it up to entry #\(last) and run verify, or salvage that prefix (--salvage NEW)"
        case .notAJournal(let p): "\(p) is not a xueji journal"
        case .inFile(let p, let m): "\(p): \(m)"
        case .journalGone(let j, let size, let left):
            "\(j) "
                + (size.map { "is cut short to \($0) byte\($0 == 1 ? "" : "s") (its header alone is \(Journal.headerSize))" } ?? "is missing")
                + ", but the directory still holds \(left.joined(separator: " and ")): its history is gone"
        case .showingSnapshotOnly(let m): "\(m); showing what the snapshot holds, if anything (verify fails)"
        case .snapshotNotUsed(let m): "snapshot: not used (\(m)); replayed the whole journal"
        case .snapshotDamagedReadJournal(let p, let m): "snapshot: \(p) is damaged (\(m)); read the journal alone instead"
        case .snapshotDamagedSetAside(let p, let m, let a): "snapshot: \(p) is damaged (\(m)); set aside as \(a) and rebuilt from the journal"
        case .readJournalAlone(let m): "\(m); read the journal alone instead"
        case .snapshotUnvouched(let p, let m): "snapshot: \(p) not used: \(m); rebuilt from the journal"
        case .tornEntryIgnored(let s, let have, let need):
            "journal: ignored an incomplete last entry (#\(s), \(StorageMessage.tornSize(have, need))) — it was never acknowledged"
        case .tornEntryDropped(let s, let have, let need):
            "journal: dropped an incomplete last entry (#\(s), \(StorageMessage.tornSize(have, need))) — it was never acknowledged"
        case .snapshotCoversDamage: "snapshot: not used, it covers damaged journal entries"
        case .entryDamaged(let e, let b, let m): "journal entry \(e) at byte \(b) is damaged: \(m)"
        case .showingUpTo(let m, let e): "\(m); showing the registry as of entry #\(e) only"
        case .snapshotBeyondJournal(let c, let h):
            "the snapshot covers \(c) journal entries but the journal holds \(h): entries #\(h + 1)… are missing"
        case .ignored(let m): "\(m); ignored"
        case .journalCut(let n, let who, let m):
            "the journal holds \(n) entr\(n == 1 ? "y" : "ies") but \(who) records \(m): "
                + (m == n + 1 ? "entry #\(m) is missing" : "entries #\(n + 1)…#\(m) are missing") + " (the journal was cut)"
        case .journalRewritten(let e, let who, let found):
            "journal entry #\(e) is not the entry \(who) records (hash \(found)): the journal was rewritten up to there"
        case .notAChainHead(let p): "\(p) does not hold a chain head (N:HASH)"
        case .snapshotPartDamaged(let p, let m, let aside, let failure):
            "snapshot: \(p) is damaged (\(m))" + (aside.map { "; set aside as \($0)" } ?? "") + (failure.map { " (\($0))" } ?? "")
                + "; rebuilt from the journal"
        case .notRebuilt(let m): "\(m); the registry could not be rebuilt from the journal"
        case .snapshotNotRewritten(let m): "snapshot: could not be rewritten (\(m)); the journal holds everything"

        // the journal's entries
        case .strayBytes(let n): "\(n) stray bytes after the last entry"
        case .badFrameMarker(let b): "no entry starts at byte \(b) (bad frame marker)"
        case .wrongSequence(let f): "it carries sequence number #\(f): an entry is missing or out of order"
        case .checksumMismatch: "its checksum does not match its contents: the entry was altered"
        case .brokenChain: "it does not follow the entry before it (broken hash chain): an entry was altered, removed or inserted"
        case .brokenProvinceChain(let p): "it does not follow \(p == 0 ? "the national chain" : "province \(p)")'s entry before it (broken hash chain): an entry was altered, removed or inserted"
        case .provinceLinksDiffer(let l, let t):
            "it is linked to the chains of provinces \(englishProvinces(l)), but its changes are about \(englishProvinces(t))"
        case .signedEntryNotRelinked(let n): "entry #\(n) is signed: its links to the chains by province cannot be made one chain (copying a server's registry back is for open registries)"
        case .journalShorterThanHeader: "the file is shorter than its header"
        case .journalBadMagic: "it is not a xueji journal (bad magic)"
        case .journalVersion(let v): "it has journal format version \(v), this xueji reads version 1"
        case .entryUnreadable: "its contents are unreadable"
        case .replayFails(let m): "replaying it fails: \(m)"
        case .unvouchedStop: "unvouched"
        case .snapshotChainEndDiffers: "the snapshot says the chain ends here with another entry (snapshot and journal disagree)"
        case .snapshotNotAtStart: "the snapshot does not stand at the journal's start"
        case .snapshotNotRecorded(let c):
            "the journal does not record it (journal entry #\(c) is not its checkpoint; an earlier xueji wrote it, or it was put there by hand)"
        case .snapshotNotAsRecorded(let c):
            "its contents are not the ones its checkpoint (journal entry #\(c)) recorded: it was altered or replaced"
        case .snapshotNoCheckpoint: "no journal entry follows it to record it (an earlier xueji wrote it)"
        case .snapshotNoCompleteCheckpoint: "no complete journal entry follows it to record it"

        // signatures
        case .entryNotSigned: "[R22] it is not signed, in a governed registry"
        case .signedByNoActor(let s): "[R22] it is signed by \"\(s)\", which is no actor"
        case .signedByUnknownActor(let a): "[R22] it is signed by \(a), not a registered actor at that point"
        case .signedByRevokedActor(let a): "[R22] it is signed by \(a), whose key was revoked before it"
        case .governingEntryUnsigned: "[R22] it makes the registry governed but is not signed by the actor it adds"
        case .signatureMismatch(let a): "[R22] its signature by \(a) does not match its contents"

        // snapshots
        case .snapshotVersion(let v): "it has snapshot format version \(v), this xueji reads version \(Snapshot.version)"
        case .snapshotBadMagic: "it is not a xueji snapshot (bad magic)"
        case .snapshotHeaderUnreadable: "its header is unreadable"
        case .snapshotEmpty: "it is empty"
        case .sectionMissing(let s): "it has no \(s) section"
        case .sectionVersion(let s, let v): "its \(s) section has version \(v), this xueji reads version 1"
        case .sectionLayout(let s, let stride): "its \(s) are laid out for another build (\(stride)-byte rows)"
        case .sectionWrongLength(let s): "its \(s) section has the wrong length"
        case .sectionCutShort(let s): "its \(s) section is cut short"
        case .sectionInconsistent(let s): "its \(s) section is inconsistent"
        case .sectionUnreadable(let s): "its \(s) section is unreadable"
        case .indexInconsistent(let s): "its \(s) is inconsistent"
        case .sectionsDisagree: "its sections disagree on how many students it holds"
        case .chunkMismatch(let a, let b, let s):
            "bytes \(a)…\(b)" + (s.map { " (its \($0))" } ?? " (a section of a later xueji)") + " do not match their hash"

        // backups and salvage
        case .noJournalToBackUp(let r): "registry \(r) has no journal to back up"
        case .journalShorterThanRead(let j, let n, let read): "\(j) is shorter (\(n) bytes) than the entries read from it (\(read))"
        case .backupFailed(let d, let m): "backup to \(d) failed: \(m)"
        case .nothingToSalvage(let j): "\(j) is missing: there is no journal to salvage"
        case .unsalvageable(let j, let m): "\(j): \(m); nothing can be salvaged"
        case .copyDirectoryNotEmpty(let d): "\(d) is not empty; a copy goes into a new or empty directory"
        case .salvageTorn(let s, let have): "entry #\(s) is incomplete (\(have) bytes; never acknowledged)"
        case .salvaged(let head, let students, let events, let lost, let lostBytes):
            "salvaged \(head.entries) journal entr\(head.entries == 1 ? "y" : "ies") (\(students) students, \(events) events); new head \(head)"
                + (lost.map { "\nlost: \($0); \(lostBytes) bytes after entry #\(head.entries) were not copied" }
                    ?? "\nnothing was lost: the whole journal was readable")

        // files
        case .symbolicLink(let p): "\(p) is a symbolic link; a registry's files never are (remove it, or restore the real file)"
        case .readOnlyFileSystem(let a): "read-only file system: use --read-only (\(a))"
        case .fileFailed(let a, let e): "\(a): \(String(cString: strerror(e)))"
        case .notAFileName(let p): "cannot open \(p): not a file name"
        case .outputIsRegistryDirectory(let p): "refused: \(p) is a registry directory (it would overwrite the registry)"
        case .outputIsDirectory(let p): "cannot open \(p): it is a directory"
        case .tooManySymbolicLinks(let p): "cannot open \(p): too many levels of symbolic links"
        case .noTemporaryName(let p, let d): "cannot open \(p): no unused temporary name in \(d)"
        case .outputInsideRegistry(let p, let real, let d):
            "refused: \(p) " + (real.map { "resolves to \($0), inside" } ?? "is inside") + " the registry directory \(d) (it would overwrite the registry)"
        case .outputIsJournal(let p): "refused: \(p) is a xueji journal (it would overwrite a registry)"
        case .outputIsSnapshot(let p): "refused: \(p) is a xueji snapshot (it would overwrite a registry)"

        // verify
        case .noJournalYet: "no journal yet: nothing to verify"
        case .snapshotNotChecked(let m): "snapshot not checked: \(m)"
        case .snapshotDamaged(let p, let m): "snapshot \(p) is damaged: \(m)"
        case .snapshotOtherChainHead(let n, let b):
            "snapshot disagrees with the journal: it claims to end at entry #\(n) (byte \(b)) with another chain head"
        case .snapshotDiffersFromReplay(let n, let d): "snapshot disagrees with the journal it covers (entries #1–#\(n)): \(d)"
        case .entryProblem(let e, let b, let m): "journal entry \(e) at byte \(b): \(m)"
        case .snapshotReplaced(let p, let c):
            "snapshot \(p) is not the one its checkpoint (journal entry #\(c)) recorded: it was altered or replaced (open does not use it)"
        case .snapshotUnrecorded:
            "the snapshot is not recorded by a checkpoint entry (an earlier xueji wrote it): open does not use it, and the next read-write open writes a new one"
        case .fixedClockEntries(let n, let first):
            "\(n) signed entr\(n == 1 ? "y was" : "ies were") written with a fixed clock (--today): "
                + first.map { "#\($0)" }.joined(separator: ", ") + (n > first.count ? ", …" : "")
        case .verifyTornTail(let s, let have, let need):
            "journal ends with an incomplete entry #\(s) (\(have) of \(need.map(String.init) ?? "?") bytes): never acknowledged, dropped at the next read-write open"
        case .snapshotBeyondVerifiedJournal(let c, let h): "snapshot covers \(c) entries but the journal holds \(h): entries are missing from the journal"
        case .transactionOpenNotCompared: "a transaction is open: the registry in memory was not compared (its changes are not journalled yet)"
        case .memoryDiffersFromJournal(let d): "the registry in memory differs from the journal replayed: \(d)"
        case .verifyOKInMemory(let e, let s): "verify: ok — in memory (no journal); \(e) events and \(s) students, indexes consistent"
        case .verifyOK(let n, let e, let s):
            "verify: ok — \(n) journal entries, hash chain intact; \(e) events and \(s) students replayed and identical to the registry in memory"
        case .verifyDamaged(let n, let checked):
            "verify: DAMAGED — \(n) problem\(n == 1 ? "" : "s")" + (checked.map { " (\($0) entries checked before the first)" } ?? "")
        case .note(let m): "note: \(m)"

        // indexes and comparisons
        case .numberIndexMisses(let n): "registry-number index misses \(n)"
        case .idIndexMisses(let n): "id-card index misses \(n)"
        case .schoolGradeIndexMisses(let n): "school+grade index misses \(n)"
        case .idIndexCount(let a, let b): "id-card index holds \(a) entries for \(b) ID numbers"
        case .schoolGradeIndexCount(let a, let b): "school+grade index holds \(a) entries for \(b) students"
        case .latestEventsMisplaced(let n): "\(n) students' latest event belongs to someone else"
        case .schoolsDiffer: "the schools differ"
        case .studentCountDiffers(let a, let b): "\(a) students against \(b)"
        case .eventCountDiffers(let a, let b): "\(a) events against \(b)"
        case .studentDiffers(let n, let a, let b): "student \(n) differs (\(a) / \(b))"
        case .eventDiffers(let i, let d, let k, let s): "event #\(i) (\(d), \(k.rawValue) \(s)) differs"
        case .numberIndexDiffers(let n): "the registry-number index misses \(n)"
        case .idIndexDiffers(let c): "the id-card index misses \(c)"
        case .schoolGradeIndexDiffers(let c, let g): "the school+grade index differs for \(c) grade \(g)"
        case .hukouIndexDiffers(let h): "the hukou index differs for \(h)"

        // replay
        case .schoolAddedTwice(let c): "school \(c) is added twice"
        case .requestOutOfOrder(let n): "request #\(n) is opened out of order"
        case .newRowOnEvent(let k): "a new student row on a \(k.rawValue) event"
        case .enrolledFirstTimeTwice(let n): "student \(n) is enrolled for the first time twice"

        // imports
        case .atLine(let f, let l, let rule, let m): "\(f):\(l): " + (rule.map { "[\($0)] " } ?? "") + m.english
        case .quotedFieldNotClosed: "a quoted field is never closed"
        case .fieldCount(let e, let f): "expected \(e) fields, found \(f)"
        case .notUTF8(let byte, let value):
            "invalid UTF-8 at byte \(byte) of the line (0x\(String(value, radix: 16, uppercase: true))), and the file is not GB18030 with a known header either; save it as UTF-8 (Excel: CSV UTF-8)"
        case .notSchoolCode(let c, let t): "\(c) '\(t)' is not a 10-digit school code"
        case .notDistrictCode(let c, let t): "\(c) '\(t)' is not a 6-digit district code"
        case .notDate(let c, let t): "\(c) '\(t)' is not a date (YYYY-MM-DD; 2007/3/15 and 2007年3月15日 are read too)"
        case .notClassNumber(let c, let t): "\(c) '\(t)' is not a class number (1–999)"
        case .badStatus(let c, let t): "\(c) '\(t)' is not a status: active, suspended, graduated, withdrawn or voided (在读, 休学, 毕业, 退学, 作废)"
        case .notFamilyAnswer(let c, let t): "\(c) '\(t)' is not yes or no (是/否, y/n, 1/0); leave it empty (or 不详) when not known"
        case .badRegistryNumber(let c, let t): "\(c) '\(t)' is not a registry number (G, L or J and 18 digits or X)"
        case .numberNotOfIDCard(let n, let id?): "\(n) is not the registry number of ID number \(id): a G number is G and the ID number"
        case .numberNotOfIDCard(let n, nil): "\(n) is a G number, but the row has no ID number: a G number is G and the ID number"
        case .temporaryNumberWithIDCard(let n, let id):
            "\(n) is a temporary number, but the row has ID number \(id); leave the number empty (G and the ID number is issued)"
        case .workbookUnreadable(let f, let why): "\(f): cannot read the workbook: \(why)"
        case .emptyWorkbook(let f): "\(f): the first sheet is empty; the header row is required"
        case .workbookUnwritable(let f, let why): "cannot write \(f): \(why)"
        case .idCardAsNumber(let c, let t):
            "\(c) '\(t)' was stored as a number by the spreadsheet and its last digits are lost; format the column as text and type the ID numbers again"
        case .badStage(let t): "stage is primary, junior or senior (小学/初中/高中), not '\(t)'"
        case .badGender(let t): "gender is M or F (男/女), not '\(t)'"
        case .badGrade(let t): "grade '\(t)' is not a grade 1–12"
        case .importRefused(let f, let n, let rows):
            (["import of \(f) refused: \(n) bad row\(n == 1 ? "" : "s"); nothing was imported"] + rows.map(\.english)
                + (n > rows.count ? ["… and \(n - rows.count) more"] : [])).joined(separator: "\n")
        case .emptyCSV(let f, let cols): "\(f): empty file; the header row (\(cols.joined(separator: ","))) is required"
        case .unknownColumn(let name, let cols, let optional):
            "unknown column '\(name)'; the columns are \(cols.joined(separator: ","))"
                + (optional.isEmpty ? "" : ", and optionally \(optional.joined(separator: ","))") + " (or their Chinese names)"
        case .valueUnderNoColumn(let i, let t): "field \(i) ('\(t)') is under an empty header cell; name its column or clear it"
        case .columnTwice(let name, let a, let b) where a == b: "column '\(name)' appears twice"
        case .columnTwice(let name, let a, let b): "'\(a)' and '\(b)' are both column \(name)"
        case .missingColumns(let m): "missing column\(m.count == 1 ? "" : "s") \(m.joined(separator: ", ")); the header row is required"
        case .cannotReadFile(let p, let why): "cannot read \(p): \(why)"
        }
    }

    /// `12 of 80 bytes`, or `12 bytes of its header` when the frame's length was not read.
    private static func tornSize(_ have: Int, _ need: Int?) -> String {
        need.map { "\(have) of \($0) bytes" } ?? "\(have) bytes of its header"
    }
}

/// Province codes as English lists them: `41, 42`, the national chain as `0 (national)`.
private func englishProvinces(_ p: [Int]) -> String {
    p.map { $0 == 0 ? "0 (national)" : String($0) }.joined(separator: ", ")
}
