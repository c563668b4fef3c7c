#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Chinese texts of the storage messages (issue 16): the only place they are written. Each
/// case shows the same arguments as its English; inner messages, sections, file actions and
/// head records are given in their Chinese too.
extension StorageMessage {
    /// The Chinese text.
    public var chinese: String {
        switch self {
        // transactions and writes
        case .interrupted: "已中断"
        case .transactionAborted: "事务已因先前的错误而中止；在 rollback 之前，其中不再执行任何语句（commit 也会将其回滚）"
        case .transactionAlreadyOpen: "已有一个事务处于打开状态；请先 commit 或 rollback"
        case .noTransactionOpen: "没有打开的事务（用 begin 开始一个事务）"
        case .abortedTransactionRolledBack(let n):
            "事务已因先前的错误而中止，现已回滚（撤销了 \(n) 项更改）；没有提交任何内容"
        case .transactionNotSaved(let m): "事务无法保存，已回滚：\(m.chinese)"
        case .changeNotSaved(let m): "更改未能保存，已撤销：\(m.chinese)"
        case .checkpointInTransaction: "事务中不能建立检查点；请先 commit 或 rollback"
        case .nothingToCheckpointInMemory: "此学籍库位于内存中：没有可建立检查点的内容"
        case .badServerAddress(let a): "\(a) 不是 PostgreSQL 地址（postgres://用户@主机:端口/数据库）"
        case .serverUnreachable(let a, let r): "无法连接 \(a)：\(r)"
        case .serverRefused(let a, let c, let r): "\(a) 拒绝了该语句（SQLSTATE \(c)）：\(r)"
        case .schemaMissing(let a): "\(a) 中没有学籍库；用 `xueji pg init \(a)` 创建"
        case .schemaTooNew(let a, let f, let k): "\(a) 的结构版本为 \(f)，比本 xueji 所知（\(k)）更新；请使用更新的 xueji"
        case .targetNotEmpty(let a): "\(a) 已有学籍库；请复制到空库（先对新数据库执行 `xueji pg init`）"
        case .notSharded(let a): "\(a) 存放在一台服务器上，没有可供迁移的分片（新库可用 `xueji pg init 协调库 --shard …` 分片）"
        case .unknownPartition(let p): "\(p) 不是省级代码（11–82），也不是 `other`"
        case .unknownShard(let n): "没有名为 \(n) 的分片；请用 `xueji pg init` 列出的名称，或给出新服务器的 postgres:// 地址"
        case .shardNotEmpty(let a): "\(a) 已有学生数据；新分片须是空数据库"
        case .tableDisagrees(let t, let w): "表 \(t) 与日志不一致：\(w)"
        case .nothingToCheckpointInStore: "此学籍库由数据库服务器保存，日志由服务器自行保存：没有可建立检查点的内容"
        case .noJournalEntry(let n): "不存在日志条目 \(n)"
        case .journalEntryUnreadable(let n): "无法读取日志条目 \(n)：请运行 verify"
        case .readOnlyChangeNotMade(let r): "学籍库 \(r) 以只读方式打开；未做更改"
        case .openReadOnly(let r): "学籍库 \(r) 以只读方式打开"
        case .governedNeedsActor: "此学籍库受管控：须以 --as ACTOR --key FILE 打开才能更改"
        case .notKeyHolder(let a): "\(a) 不是持有此密钥的已登记用户"
        case .snapshotNotWritten(let m): "快照：无法写入（\(m.chinese)）；日志中保存了全部内容"

        // opening
        case .noRegistry(let p): "\(p) 处没有学籍库"
        case .lockedByWriter(let r, let pid):
            "学籍库 \(r) 已被另一个写入者打开" + (pid.isEmpty ? "" : "（pid \(pid)）") + "；请以只读方式打开，或关闭另一个会话"
        case .damaged(let r, let p): "学籍库 \(r) 已损坏：\(p.chinese)"
        case .damagedWouldStartEmpty(let r, let p):
            "学籍库 \(r) 已损坏：\(p.chinese)。未以写入方式打开（否则会开始一个空日志）；"
                + "请以 --read-only 打开、恢复备份，或进行抢救（--salvage NEW）"
        case .damagedNotOpened(let r, let p):
            "学籍库 \(r) 已损坏：\(p.chinese)。未以写入方式打开；请以 --read-only 打开、恢复备份，或进行抢救（--salvage NEW）"
        case .damagedReadablePrefix(let r, let p, let last):
            "学籍库 \(r) 已损坏：\(p.chinese)。未以写入方式打开；"
                + "请以只读方式打开，读取截至条目 #\(last) 的内容并运行 verify，或抢救这段可读的前缀（--salvage NEW）"
        case .notAJournal(let p): "\(p) 不是 xueji 日志"
        case .inFile(let p, let m): "\(p): \(m.chinese)"
        case .journalGone(let j, let size, let left):
            "\(j) "
                + (size.map { "被截短为 \($0) 字节（仅文件头就有 \(Journal.headerSize) 字节）" } ?? "缺失")
                + "，但目录中仍有 \(left.joined(separator: "、"))：其历史已丢失"
        case .showingSnapshotOnly(let m): "\(m.chinese)；显示快照中的内容（如果有的话），verify 会报告失败"
        case .snapshotNotUsed(let m): "快照：未使用（\(m.chinese)）；已重放整个日志"
        case .snapshotDamagedReadJournal(let p, let m): "快照：\(p) 已损坏（\(m.chinese)）；改为只读取日志"
        case .snapshotDamagedSetAside(let p, let m, let a): "快照：\(p) 已损坏（\(m.chinese)）；已改名保存为 \(a)，并根据日志重建"
        case .readJournalAlone(let m): "\(m.chinese)；改为只读取日志"
        case .snapshotUnvouched(let p, let m): "快照：\(p) 未使用：\(m.chinese)；已根据日志重建"
        case .tornEntryIgnored(let s, let have, let need):
            "日志：忽略了不完整的最后一个条目（#\(s)，\(StorageMessage.chineseTornSize(have, need))）——它从未被确认"
        case .tornEntryDropped(let s, let have, let need):
            "日志：删除了不完整的最后一个条目（#\(s)，\(StorageMessage.chineseTornSize(have, need))）——它从未被确认"
        case .snapshotCoversDamage: "快照：未使用，它涵盖了已损坏的日志条目"
        case .entryDamaged(let e, let b, let m): "日志条目 \(e)（字节 \(b) 处）已损坏：\(m.chinese)"
        case .showingUpTo(let m, let e): "\(m.chinese)；仅显示截至条目 #\(e) 的学籍库"
        case .snapshotBeyondJournal(let c, let h):
            "快照涵盖 \(c) 条日志条目，但日志只有 \(h) 条：条目 #\(h + 1)… 缺失"
        case .ignored(let m): "\(m.chinese)；已忽略"
        case .journalCut(let n, let who, let m):
            "日志有 \(n) 条条目，但\(who.chinese)记录了 \(m) 条："
                + (m == n + 1 ? "条目 #\(m) 缺失" : "条目 #\(n + 1)…#\(m) 缺失") + "（日志被截断）"
        case .journalRewritten(let e, let who, let found):
            "日志条目 #\(e) 不是\(who.chinese)所记录的条目（哈希 \(found)）：日志截至该处已被改写"
        case .notAChainHead(let p): "\(p) 中不是链头（N:HASH）"
        case .snapshotPartDamaged(let p, let m, let aside, let failure):
            "快照：\(p) 已损坏（\(m.chinese)）" + (aside.map { "；已改名保存为 \($0)" } ?? "") + (failure.map { "（\($0.chinese)）" } ?? "")
                + "；已根据日志重建"
        case .notRebuilt(let m): "\(m.chinese)；无法根据日志重建学籍库"
        case .snapshotNotRewritten(let m): "快照：无法重写（\(m.chinese)）；日志中保存了全部内容"

        // the journal's entries
        case .strayBytes(let n): "最后一个条目之后有 \(n) 个多余字节"
        case .badFrameMarker(let b): "字节 \(b) 处没有条目开始（帧标记错误）"
        case .wrongSequence(let f): "它的序号为 #\(f)：有条目缺失或顺序错乱"
        case .checksumMismatch: "其校验和与内容不符：该条目被改动过"
        case .brokenChain: "它与前一个条目衔接不上（哈希链断裂）：有条目被改动、删除或插入"
        case .brokenProvinceChain(let p): "它与\(p == 0 ? "全国" : "省份 \(p) ")链上的前一个条目衔接不上（哈希链断裂）：有条目被改动、删除或插入"
        case .provinceLinksDiffer(let l, let t):
            "它接在省份 \(chineseProvinces(l)) 的链上，但其改动涉及的是 \(chineseProvinces(t))"
        case .signedEntryNotRelinked(let n): "条目 #\(n) 带有签名：它在各省链上的链接无法改接为一条链（从服务器复制回来仅适用于开放登记库）"
        case .journalShorterThanHeader: "文件比其文件头还短"
        case .journalBadMagic: "它不是 xueji 日志（魔数错误）"
        case .journalVersion(let v): "其日志格式版本为 \(v)，本 xueji 只能读取版本 1"
        case .entryUnreadable: "其内容无法读取"
        case .replayFails(let m): "重放失败：\(StorageMessage.chineseText(m))"
        case .unvouchedStop: "未获担保"
        case .snapshotChainEndDiffers: "快照称哈希链在此处结束于另一个条目（快照与日志不一致）"
        case .snapshotNotAtStart: "快照并非位于日志的开头"
        case .snapshotNotRecorded(let c):
            "日志没有记录它（日志条目 #\(c) 不是它的检查点；它由早期版本的 xueji 写入，或是被人手动放入）"
        case .snapshotNotAsRecorded(let c):
            "其内容与其检查点（日志条目 #\(c)）所记录的不符：它被改动或替换过"
        case .snapshotNoCheckpoint: "其后没有记录它的日志条目（它由早期版本的 xueji 写入）"
        case .snapshotNoCompleteCheckpoint: "其后没有完整的日志条目来记录它"

        // signatures
        case .entryNotSigned: "[R22] 它位于受管控的学籍库中，却没有签名"
        case .signedByNoActor(let s): "[R22] 它的签名者为“\(s)”，这不是任何用户"
        case .signedByUnknownActor(let a): "[R22] 它由 \(a) 签名，而当时该用户尚未登记"
        case .signedByRevokedActor(let a): "[R22] 它由 \(a) 签名，但该用户的密钥在此之前已被吊销"
        case .governingEntryUnsigned: "[R22] 它使学籍库进入受管控状态，却没有由它所添加的用户签名"
        case .signatureMismatch(let a): "[R22] 其 \(a) 签名与内容不符"

        // snapshots
        case .snapshotVersion(let v): "其快照格式版本为 \(v)，本 xueji 只能读取版本 \(Snapshot.version)"
        case .snapshotBadMagic: "它不是 xueji 快照（魔数错误）"
        case .snapshotHeaderUnreadable: "其文件头无法读取"
        case .snapshotEmpty: "它是空的"
        case .sectionMissing(let s): "它缺少\(s.chinese)部分"
        case .sectionVersion(let s, let v): "其\(s.chinese)部分的版本为 \(v)，本 xueji 只能读取版本 1"
        case .sectionLayout(let s, let stride): "其\(s.chinese)是按另一个构建版本布局的（每行 \(stride) 字节）"
        case .sectionWrongLength(let s): "其\(s.chinese)部分长度不对"
        case .sectionCutShort(let s): "其\(s.chinese)部分被截短"
        case .sectionInconsistent(let s): "其\(s.chinese)部分前后不一致"
        case .sectionUnreadable(let s): "其\(s.chinese)部分无法读取"
        case .indexInconsistent(let s): "其\(s.chinese)前后不一致"
        case .sectionsDisagree: "其各部分所记的学生人数不一致"
        case .chunkMismatch(let a, let b, let s):
            "字节 \(a)…\(b)" + (s.map { "（其\($0.chinese)）" } ?? "（较新版本 xueji 的某个部分）") + "与其哈希不符"

        // backups and salvage
        case .noJournalToBackUp(let r): "学籍库 \(r) 没有可备份的日志"
        case .journalShorterThanRead(let j, let n, let read): "\(j) 的长度（\(n) 字节）比已从中读取的条目（\(read) 字节）还短"
        case .backupFailed(let d, let m): "备份到 \(d) 失败：\(m.chinese)"
        case .nothingToSalvage(let j): "\(j) 缺失：没有可抢救的日志"
        case .unsalvageable(let j, let m): "\(j): \(m.chinese)；无法抢救任何内容"
        case .copyDirectoryNotEmpty(let d): "\(d) 不是空目录；副本须写入新的或空的目录"
        case .salvageTorn(let s, let have): "条目 #\(s) 不完整（\(have) 字节；从未被确认）"
        case .salvaged(let head, let students, let events, let lost, let lostBytes):
            "已抢救 \(head.entries) 条日志条目（\(students) 名学生，\(events) 条事件）；新的链头为 \(head)"
                + (lost.map { "\n丢失：\($0.chinese)；条目 #\(head.entries) 之后的 \(lostBytes) 字节未被复制" }
                    ?? "\n没有丢失任何内容：整个日志均可读取")

        // files
        case .symbolicLink(let p): "\(p) 是符号链接；学籍库的文件从来不是符号链接（请删除它，或恢复原来的文件）"
        case .readOnlyFileSystem(let a): "文件系统为只读：请使用 --read-only（\(a.chinese)）"
        case .fileFailed(let a, let e): "\(a.chinese)：\(String(cString: strerror(e)))"
        case .notAFileName(let p): "无法打开 \(p)：不是文件名"
        case .outputIsRegistryDirectory(let p): "已拒绝：\(p) 是学籍库目录（会覆盖学籍库）"
        case .outputIsDirectory(let p): "无法打开 \(p)：它是一个目录"
        case .tooManySymbolicLinks(let p): "无法打开 \(p)：符号链接层数过多"
        case .noTemporaryName(let p, let d): "无法打开 \(p)：\(d) 中没有可用的临时文件名"
        case .outputInsideRegistry(let p, let real, let d):
            "已拒绝：\(p) " + (real.map { "解析为 \($0)，位于" } ?? "位于") + "学籍库目录 \(d) 之内（会覆盖学籍库）"
        case .outputIsJournal(let p): "已拒绝：\(p) 是 xueji 日志（会覆盖学籍库）"
        case .outputIsSnapshot(let p): "已拒绝：\(p) 是 xueji 快照（会覆盖学籍库）"

        // verify
        case .noJournalYet: "尚无日志：没有可校验的内容"
        case .snapshotNotChecked(let m): "未校验快照：\(m.chinese)"
        case .snapshotDamaged(let p, let m): "快照 \(p) 已损坏：\(m.chinese)"
        case .snapshotOtherChainHead(let n, let b):
            "快照与日志不一致：它声称结束于条目 #\(n)（字节 \(b)），链头却不同"
        case .snapshotDiffersFromReplay(let n, let d): "快照与其涵盖的日志（条目 #1–#\(n)）不一致：\(d.chinese)"
        case .entryProblem(let e, let b, let m): "日志条目 \(e)（字节 \(b) 处）：\(m.chinese)"
        case .snapshotReplaced(let p, let c):
            "快照 \(p) 不是其检查点（日志条目 #\(c)）所记录的那一个：它被改动或替换过（打开时不使用它）"
        case .snapshotUnrecorded:
            "快照没有被任何检查点条目记录（它由早期版本的 xueji 写入）：打开时不使用它，下一次以读写方式打开时会写入新的快照"
        case .fixedClockEntries(let n, let first):
            "\(n) 条已签名条目是以固定时钟（--today）写入的："
                + first.map { "#\($0)" }.joined(separator: "、") + (n > first.count ? "、…" : "")
        case .verifyTornTail(let s, let have, let need):
            "日志以不完整的条目 #\(s) 结尾（已有 \(have) 字节，共需 \(need.map(String.init) ?? "?") 字节）：从未被确认，下一次以读写方式打开时将被删除"
        case .snapshotBeyondVerifiedJournal(let c, let h): "快照涵盖 \(c) 条条目，但日志只有 \(h) 条：日志中缺少条目"
        case .transactionOpenNotCompared: "有事务处于打开状态：未比较内存中的学籍库（其更改尚未写入日志）"
        case .memoryDiffersFromJournal(let d): "内存中的学籍库与重放日志的结果不同：\(d.chinese)"
        case .verifyOKInMemory(let e, let s): "校验：通过——位于内存中（无日志）；\(e) 条事件、\(s) 名学生，索引一致"
        case .verifyOK(let n, let e, let s):
            "校验：通过——\(n) 条日志条目，哈希链完整；重放得到的 \(e) 条事件、\(s) 名学生与内存中的学籍库完全一致"
        case .verifyDamaged(let n, let checked):
            "校验：已损坏——\(n) 个问题" + (checked.map { "（发现第一个问题之前已校验 \($0) 条条目）" } ?? "")
        case .note(let m): "注：\(m.chinese)"

        // indexes and comparisons
        case .numberIndexMisses(let n): "学籍号索引中缺少 \(n)"
        case .idIndexMisses(let n): "身份证号索引中缺少 \(n)"
        case .schoolGradeIndexMisses(let n): "学校+年级索引中缺少 \(n)"
        case .idIndexCount(let a, let b): "身份证号索引有 \(a) 条条目，而身份证号有 \(b) 个"
        case .schoolGradeIndexCount(let a, let b): "学校+年级索引有 \(a) 条条目，而学生有 \(b) 名"
        case .latestEventsMisplaced(let n): "\(n) 名学生的最新事件属于其他人"
        case .schoolsDiffer: "学校不一致"
        case .studentCountDiffers(let a, let b): "学生 \(a) 名，另一方 \(b) 名"
        case .eventCountDiffers(let a, let b): "事件 \(a) 条，另一方 \(b) 条"
        case .studentDiffers(let n, let a, let b): "学生 \(n) 不一致（\(a) / \(b)）"
        case .eventDiffers(let i, let d, let k, let s): "事件 #\(i)（\(d)，\(StorageMessage.chineseName(k)) \(s)）不一致"
        case .numberIndexDiffers(let n): "学籍号索引中缺少 \(n)"
        case .idIndexDiffers(let c): "身份证号索引中缺少 \(c)"
        case .schoolGradeIndexDiffers(let c, let g): "学校+年级索引对 \(c) \(g) 年级的结果不同"
        case .hukouIndexDiffers(let h): "户籍索引对 \(h) 的结果不同"

        // replay
        case .schoolAddedTwice(let c): "学校 \(c) 被添加了两次"
        case .requestOutOfOrder(let n): "申请 #\(n) 未按顺序创建"
        case .newRowOnEvent(let k): "\(StorageMessage.chineseName(k))事件上出现了新的学生行"
        case .enrolledFirstTimeTwice(let n): "学生 \(n) 两次被登记为首次入学"

        // imports
        case .atLine(let f, let l, let rule, let m): "\(f):\(l): " + (rule.map { "[\($0)] " } ?? "") + StorageMessage.chineseText(m)
        case .quotedFieldNotClosed: "带引号的字段一直没有闭合"
        case .fieldCount(let e, let f): "应有 \(e) 个字段，实有 \(f) 个"
        case .notUTF8(let byte, let value):
            "该行第 \(byte) 个字节不是有效的 UTF-8（0x\(String(value, radix: 16, uppercase: true))），文件也不是表头可识别的 GB18030 文件；请另存为 UTF-8（Excel：CSV UTF-8）"
        case .notSchoolCode(let c, let t): "\(c) 的值“\(t)”不是 10 位学校代码"
        case .notDistrictCode(let c, let t): "\(c) 的值“\(t)”不是 6 位区划代码"
        case .notDate(let c, let t): "\(c) 的值“\(t)”不是日期（YYYY-MM-DD；2007/3/15 和 2007年3月15日 也可读取）"
        case .notClassNumber(let c, let t): "\(c) 的值“\(t)”不是班级号（1–999）"
        case .badStatus(let c, let t): "\(c) 的值“\(t)”不是状态：active、suspended、graduated、withdrawn 或 voided（在读、休学、毕业、退学、作废）"
        case .notFamilyAnswer(let c, let t): "\(c) 的值“\(t)”不是 是 或 否（yes/no、y/n、1/0）；不详时留空（或填 不详）"
        case .badRegistryNumber(let c, let t): "\(c) 的值“\(t)”不是学籍号（G、L 或 J 加 18 位数字或 X）"
        case .numberNotOfIDCard(let n, let id?): "\(n) 不是身份证号 \(id) 对应的学籍号：G 号为 G 加身份证号"
        case .numberNotOfIDCard(let n, nil): "\(n) 是 G 号，但该行没有身份证号：G 号为 G 加身份证号"
        case .temporaryNumberWithIDCard(let n, let id):
            "\(n) 是临时学籍号，但该行有身份证号 \(id)；学籍号请留空（将发放 G 加身份证号）"
        case .workbookUnreadable(let f, let why): "\(f)：无法读取该工作簿：\(why)"
        case .emptyWorkbook(let f): "\(f)：第一个工作表是空的；必须有表头行"
        case .workbookUnwritable(let f, let why): "无法写入 \(f)：\(why)"
        case .idCardAsNumber(let c, let t):
            "\(c) 的值“\(t)”被电子表格存成了数字，末尾几位已丢失；请把该列设为文本格式后重新输入身份证号"
        case .badStage(let t): "学段应为 primary、junior 或 senior（小学/初中/高中），而不是“\(t)”"
        case .badGender(let t): "性别应为 M 或 F（男/女），而不是“\(t)”"
        case .badGrade(let t): "年级“\(t)”不是 1–12 的年级"
        case .importRefused(let f, let n, let rows):
            (["导入 \(f) 被拒绝：\(n) 行有误；未导入任何内容"] + rows.map(\.chinese)
                + (n > rows.count ? ["……另有 \(n - rows.count) 行"] : [])).joined(separator: "\n")
        case .emptyCSV(let f, let cols): "\(f): 空文件；必须有表头行（\(cols.joined(separator: ","))）"
        case .unknownColumn(let name, let cols, let optional):
            "未知的列“\(name)”；可用的列为 \(cols.joined(separator: ","))"
                + (optional.isEmpty ? "" : "，可选 \(optional.joined(separator: ","))") + "（或其中文名称）"
        case .valueUnderNoColumn(let i, let t): "第 \(i) 个字段（“\(t)”）所在列的表头为空；请填写列名或清除该值"
        case .columnTwice(let name, let a, let b) where a == b: "列“\(name)”出现了两次"
        case .columnTwice(let name, let a, let b): "“\(a)”和“\(b)”都是列 \(name)"
        case .missingColumns(let m): "缺少列 \(m.joined(separator: "、"))；必须有表头行"
        case .cannotReadFile(let p, let why): "无法读取 \(p)：\(why)"
        }
    }

    /// `已有 12 字节，共 80 字节`, or `仅有其帧头的 12 字节` when the frame's length was not read.
    private static func chineseTornSize(_ have: Int, _ need: Int?) -> String {
        need.map { "已有 \(have) 字节，共 \($0) 字节" } ?? "仅有其帧头的 \(have) 字节"
    }

    /// An event kind as the Chinese keyword names it (`enrol` 入学, `transfer` 转学 …).
    private static func chineseName(_ kind: EventKind) -> String {
        switch kind {
        case .enrol: "入学"
        case .transfer: "转学"
        case .promote: "升级"
        case .graduate: "毕业"
        case .suspend: "休学"
        case .resume: "复学"
        case .withdraw: "退学"
        case .correct: "更正"
        case .record: "记录"
        case .void: "作废"
        case .revert: "撤销"
        case .confirm: "确认"
        }
    }

    /// An engine message's Chinese.
    private static func chineseText(_ m: EngineMessage) -> String { m.chinese }
}

extension StorageMessage: Localized {}

/// Province codes as Chinese lists them: `41、42`, the national chain as `0（全国）`.
private func chineseProvinces(_ p: [Int]) -> String {
    p.map { $0 == 0 ? "0（全国）" : String($0) }.joined(separator: "、")
}
