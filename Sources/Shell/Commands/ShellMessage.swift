import Registry
import RQL

/// The shell's message catalogue: every error, note and greeting of the shell itself (dot
/// commands, the command line, key files, the terminal), each an id with its arguments, the
/// English and the Chinese written here (issue 16). RQL's messages are in
/// `MessageID`, `AcknowledgementText` and `ResultText`; the engine's in `EngineMessage`.
public enum ShellMessage: Hashable, Sendable, CustomStringConvertible {
    // Dot commands.
    /// A line that is only `.`.
    case emptyCommand
    /// A dot command nobody has.
    case unknownCommand(String)
    /// A quote a dot command line never closes.
    case unterminatedQuote(line: String)
    /// Wrong arguments: the command's usage line.
    case usage(String)
    /// `.today` with a word that is no day.
    case notADate(text: String, usage: String)
    /// `.read` of a file that cannot be read.
    case cannotReadFile(file: String, exists: Bool)
    /// A script file that cannot be read (`-f`).
    case cannotRead(file: String)
    /// `.read` of a file already being read.
    case alreadyBeingRead(file: String, cycle: [String])
    /// `.read` nested too deep.
    case readTooDeep(file: String, limit: Int)
    /// `.checkpoint`, `.backup`, `.sync` on an in-memory registry.
    case needsDirectory(command: String)
    /// `.checkpoint`, `.backup`, `.sync` on a registry a database server keeps.
    case keptByServer(command: String)
    /// `--copy-to`: what was copied, from where to where, and the chain head both ends now hold.
    case copied(entries: Int, students: Int, from: String, to: String, head: String)
    /// A server's chains by province copied back into one chain: the heads differ.
    case copiedRelinked(entries: Int, students: Int, from: String, to: String, head: String, sourceHead: String)
    /// `xueji pg init`: the schema was created or brought up to `version` by these migrations.
    case schemaMigrated(address: String, version: Int, applied: [String])
    /// `xueji pg init` of a database already at the latest schema.
    case schemaCurrent(address: String, version: Int)
    /// `xueji pg init … --shard …`: which partitions (provinces) a shard holds.
    case shardHolds(name: String, address: String, partitions: [String])
    /// `xueji pg` with something other than `init ADDRESS` or `move ADDRESS PROVINCE --to SHARD`.
    case pgUsage
    /// `xueji pg move`: the province moved from one shard to another, with the rows copied.
    case provinceMoved(partition: String, from: String, to: String, students: Int, events: Int, versions: Int)
    /// `xueji pg move` to the shard that holds the province already.
    case provinceAlreadyThere(partition: String, shard: String)
    /// `xueji pg move`: the old shard could not be made to forward the province, and keeps its copy.
    case provinceCopyLeft(partition: String, shard: String)
    /// `--copy-to DIR` where DIR already holds something.
    case copyTargetExists(String)
    /// `--copy-to DIR` of a governed registry from a database server.
    case copyBackNeedsOpenRegistry
    /// `.as` inside a transaction.
    case actAsInTransaction
    /// `.open` in a script while a transaction is open.
    case openInTransaction
    /// The question `.open` asks when a transaction is open.
    case openQuestion
    /// The answer to it was no.
    case notOpened
    /// The engine's refusal (`.checkpoint`, `.backup`).
    case engine(EngineMessage)
    /// The storage's refusal (opening a registry, an output file).
    case storage(StorageMessage)

    // Notes.
    /// `.as` took effect.
    case actingAs(String)
    /// `.show`: a read-only session on a server holds these scopes' students, and so many in all.
    case holdsScopes(scopes: String, students: Int)
    /// `.show`: a national session on a server holds the students named so far.
    case holdsNamed(students: Int)
    /// `.checkpoint` took effect.
    case checkpointWritten
    /// `.backup` took effect.
    case backedUp(entries: Int, directory: String, head: String)
    /// A transaction rolled back by `.open`.
    case rolledBack(changes: Int)
    /// A transaction still open at the end of the input.
    case transactionStillOpen(changes: Int)
    /// Ctrl-C stopped a statement.
    case interrupted(change: Bool)
    /// A warning of the store, on opening or after a statement.
    case warning(String)

    // Actors and keys.
    /// `--as` or `.as` with a word that names no actor.
    case notAnActor(text: String, option: Bool)
    /// `--key` without `--as`.
    case keyNeedsActor
    /// `--as` without a key.
    case actorNeedsKey(actor: String)
    /// A key that is not the actor's registered one.
    case notTheKey(path: String, actor: String, registered: String, option: Bool)
    /// A key file that cannot be read.
    case cannotReadKey(path: String, why: String)
    /// A key file others may read.
    case keyReadableByOthers(path: String, mode: String)
    /// A file that is no private key.
    case notAKey(path: String)
    /// `keygen` could not create the file.
    case cannotCreateKey(path: String, why: String, exists: Bool)
    /// `keygen` could not write the file.
    case cannotWriteKey(path: String, why: String)

    // The greeting and the terminal.
    /// The first line at the prompt.
    case greeting(version: String)
    /// An in-memory registry.
    case greetingInMemory
    /// A registry directory: its size and today.
    case greetingRegistry(name: String, students: Int, schools: Int, today: String)
    /// The greeting's second line on a session holding one scope's students (on a server).
    case greetingScope(name: String, scopes: String, students: Int, schools: Int, today: String)
    /// The greeting's second line on a national session on a server (it holds students as named).
    case greetingNamed(name: String, students: Int, schools: Int, today: String)
    /// A locale that cannot hold Chinese, replaced by a UTF-8 one.
    case localeReplaced(locale: String, by: String)
    /// A locale that cannot hold Chinese, and no UTF-8 one to take.
    case localeCannotHoldChinese(locale: String)
    /// The locale asked for is not installed.
    case localeNotInstalled
    /// The locale asked for is not installed; a UTF-8 one is used instead.
    case localeMissing(locale: String, by: String)

    /// The English text.
    public var english: String {
        switch self {
        case .emptyCommand: "empty command; type .help for the list"
        case .unknownCommand(let w): "unknown command \(w); type .help for the list"
        case .unterminatedQuote(let line): "unterminated quote in \(line)"
        case .usage(let u): "usage: \(u)"
        case .notADate(let t, let u): "not a date: \(t) (expected YYYY-MM-DD, a real day); usage: \(u)"
        case .cannotReadFile(let f, let exists): "cannot read \(f): " + (exists ? "permission denied" : "no such file")
        case .cannotRead(let f): "xueji: cannot read \(f)"
        case .alreadyBeingRead(let f, let cycle): "\(f) is already being read (\(cycle.joined(separator: " → ")))"
        case .readTooDeep(let f, let n): "cannot read \(f): .read nested more than \(n) files deep"
        case .needsDirectory(let c): "\(c) needs a registry directory; this one is in memory"
        case .keptByServer(let c): "\(c) needs a registry directory; this one is kept by a database server, which keeps and backs up its journal itself"
        case .copied(let e, let s, let f, let t, let h): "copied \(e) journal entries (\(s) students) from \(f) to \(t); chain head \(h) on both"
        case .copiedRelinked(let e, let s, let f, let t, let h, let sh): "copied \(e) journal entries (\(s) students) from \(f) to \(t), its chains by province linked again as one chain; chain head \(h) there (\(sh) on the server)"
        case .copyTargetExists(let t): "\(t) already exists; --copy-to makes a new registry directory"
        case .schemaMigrated(let a, let v, let m): "\(a): schema at version \(v); applied " + m.map { "migration \($0)" }.joined(separator: "; ")
        case .schemaCurrent(let a, let v): "\(a): schema already at version \(v); nothing to do"
        case .shardHolds(let n, let a, let p): "\(n) \(a) holds provinces " + p.joined(separator: ", ")
        case .pgUsage: """
            usage: xueji pg init postgres://USER@HOST:PORT/DATABASE [--shard postgres://…]…   (creates or updates the registry's schema; shards a new one)
                   xueji pg move postgres://COORDINATOR PROVINCE --to SHARD   (moves a province's rows to another shard: its name, or a server's address)
            """
        case .provinceMoved(let p, let f, let t, let s, let e, let v):
            "moved province \(p) from \(f) to \(t): \(s) student\(s == 1 ? "" : "s"), \(e) event\(e == 1 ? "" : "s"), \(v) version\(v == 1 ? "" : "s"); sessions follow it at their next statement"
        case .provinceAlreadyThere(let p, let sh): "province \(p) is on \(sh) already; nothing moved"
        case .provinceCopyLeft(let p, let sh): "warning: \(sh) still holds its old copy of province \(p) (it could not be made to forward it); the next move of the province clears it"
        case .copyBackNeedsOpenRegistry: "a governed registry is not copied back to a directory: its actors sign on the server (copy an open one)"
        case .actAsInTransaction: ".as inside a transaction: commit or roll back first"
        case .openInTransaction: ".open refused: a transaction is open; commit or rollback first"
        case .openQuestion: "A transaction is open. Roll it back and open another registry? [y/N] "
        case .notOpened: "not opened: the transaction is still open"
        case .engine(let m): m.english
        case .storage(let m): m.english
        case .actingAs(let a): "acting as \(a)"
        case .holdsScopes(let scopes, let n): "the students of \(scopes) (\(n) held; others fetched when named)"
        case .holdsNamed(let n): "the students named so far (\(n) held; every student once a statement reads them all)"
        case .checkpointWritten: "checkpoint written"
        case .backedUp(let n, let d, let head): "backed up \(n) journal entr\(n == 1 ? "y" : "ies") to \(d); head \(head)"
        case .rolledBack(let n): "rolled back \(n) change\(n == 1 ? "" : "s")"
        case .transactionStillOpen(let n): "a transaction was still open: rolled back \(n) change\(n == 1 ? "" : "s") (never committed)"
        case .interrupted(let change): change ? "interrupted: nothing was changed" : "interrupted"
        case .warning(let w): "warning: \(w)"
        case .notAnActor(let t, let option):
            "\(option ? "--as " : "")\(t): not an actor (national, province:41, city:4103, county:410303 or school:4103030001)"
        case .keyNeedsActor: "--key needs --as ACTOR"
        case .actorNeedsKey(let a): "--as \(a) needs --key FILE (or XUEJI_KEY), the actor's private key"
        case .notTheKey(let p, let a, let r, let option): "\(option ? "--key " : "")\(p) is not the key of \(a) (registered: \(r))"
        case .cannotReadKey(let p, let why): "cannot read key file \(p): \(why)"
        case .keyReadableByOthers(let p, let mode): "key file \(p) can be read by others (mode \(mode)): chmod 600 \(p)"
        case .notAKey(let p): "\(p) is not a xueji private key (xueji keygen --out FILE makes one)"
        case .cannotCreateKey(let p, let why, let exists): "cannot create \(p): \(why)\(exists ? " (a key file is never overwritten)" : "")"
        case .cannotWriteKey(let p, let why): "cannot write \(p): \(why)"
        case .greeting(let v): "xueji \(v) — 学籍 student registry. Enter .help for usage, Ctrl-D to leave."
        case .greetingInMemory: "Connected to a transient in-memory registry: nothing is saved. Use .open PATH to open a registry directory."
        case .greetingRegistry(let name, let s, let c, let today):
            "Registry \(name): \(ResultText.count(s, .student).english), \(ResultText.count(c, .school).english). Today is \(today)."
        case .greetingScope(let name, let scopes, let s, let c, let today):
            "Registry \(name): the students of \(scopes) (\(s) held; others fetched when named), \(ResultText.count(c, .school).english). Today is \(today)."
        case .greetingNamed(let name, let s, let c, let today):
            "Registry \(name): students fetched when named (\(s) held; every student once a statement reads them all), \(ResultText.count(c, .school).english). Today is \(today)."
        case .localeReplaced(let l, let by): "the locale (\(l)) cannot hold Chinese: using \(by); set LANG=zh_CN.UTF-8 to choose it yourself"
        case .localeCannotHoldChinese(let l): "the locale (\(l)) cannot hold Chinese and no UTF-8 locale is installed: typed Chinese may be lost"
        case .localeNotInstalled: "the one asked for is not installed"
        case .localeMissing(let l, let by): "the locale \(l) is not installed: using \(by) (messages follow --lang or .lang)"
        }
    }

    /// The Chinese text: the same arguments as the English.
    public var chinese: String {
        switch self {
        case .emptyCommand: "空命令；输入 .help 查看命令列表"
        case .unknownCommand(let w): "未知命令 \(w)；输入 .help 查看命令列表"
        case .unterminatedQuote(let line): "引号未闭合：\(line)"
        case .usage(let u): "用法：\(u)"
        case .notADate(let t, let u): "不是日期：\(t)（应为 YYYY-MM-DD，且须是真实存在的日期）；用法：\(u)"
        case .cannotReadFile(let f, let exists): "无法读取 \(f)：" + (exists ? "没有权限" : "文件不存在")
        case .cannotRead(let f): "xueji: 无法读取 \(f)"
        case .alreadyBeingRead(let f, let cycle): "\(f) 已在读取中（\(cycle.joined(separator: " → "))）"
        case .readTooDeep(let f, let n): "无法读取 \(f)：.read 嵌套超过 \(n) 层文件"
        case .needsDirectory(let c): "\(c) 需要学籍库目录；当前学籍库在内存中"
        case .keptByServer(let c): "\(c) 需要学籍库目录；当前学籍库由数据库服务器保存，其日志由服务器自行保存和备份"
        case .copied(let e, let s, let f, let t, let h): "已从 \(f) 复制 \(e) 条日志（\(s) 名学生）到 \(t)；两端链头均为 \(h)"
        case .copiedRelinked(let e, let s, let f, let t, let h, let sh): "已从 \(f) 复制 \(e) 条日志（\(s) 名学生）到 \(t)，其各省链已重新接为一条链；该处链头为 \(h)（服务器上为 \(sh)）"
        case .copyTargetExists(let t): "\(t) 已存在；--copy-to 会新建学籍库目录"
        case .schemaMigrated(let a, let v, let m): "\(a)：结构版本 \(v)；已执行 " + m.map { "迁移 \($0)" }.joined(separator: "；")
        case .schemaCurrent(let a, let v): "\(a)：结构已是版本 \(v)；无需操作"
        case .shardHolds(let n, let a, let p): "\(n) \(a) 存放省份 " + p.joined(separator: "、")
        case .pgUsage: """
            用法：xueji pg init postgres://用户@主机:端口/数据库 [--shard postgres://…]…   （创建或更新学籍库结构；新库可分片）
                  xueji pg move postgres://协调库 省份 --to 分片   （把一个省的数据迁到另一分片：分片名，或服务器地址）
            """
        case .provinceMoved(let p, let f, let t, let s, let e, let v):
            "已将省份 \(p) 从 \(f) 迁至 \(t)：学生 \(s) 人，事件 \(e) 条，版本 \(v) 条；各会话在下一条语句时随之改道"
        case .provinceAlreadyThere(let p, let sh): "省份 \(p) 已在 \(sh)；未迁移"
        case .provinceCopyLeft(let p, let sh): "警告：\(sh) 仍存有省份 \(p) 的旧副本（未能改为转发）；下次迁移该省时清除"
        case .copyBackNeedsOpenRegistry: "受管学籍库不复制回目录：其操作者在服务器上签名（请复制开放学籍库）"
        case .actAsInTransaction: "事务中不能使用 .as：请先提交或回滚"
        case .openInTransaction: "已拒绝 .open：有未结束的事务；请先提交或回滚"
        case .openQuestion: "有未结束的事务。回滚该事务并打开另一个学籍库吗？[y/N] "
        case .notOpened: "未打开：事务仍未结束"
        case .engine(let m): m.chinese
        case .storage(let m): m.chinese
        case .actingAs(let a): "当前以 \(a) 的身份操作"
        case .holdsScopes(let scopes, let n): "\(scopes) 的学生（内存中 \(n) 名；其他学生在被提及时读取）"
        case .holdsNamed(let n): "已提及的学生（内存中 \(n) 名；语句需要读取全部学生时全部读入）"
        case .checkpointWritten: "已写入快照"
        case .backedUp(let n, let d, let head): "已将 \(n) 条日志条目备份到 \(d)；链头 \(head)"
        case .rolledBack(let n): "已回滚 \(n) 项更改"
        case .transactionStillOpen(let n): "事务仍未结束：已回滚 \(n) 项更改（从未提交）"
        case .interrupted(let change): change ? "已中断：未做任何更改" : "已中断"
        case .warning(let w): "警告：\(w)"
        case .notAnActor(let t, let option):
            "\(option ? "--as " : "")\(t)：不是用户（应为 national、province:41、city:4103、county:410303 或 school:4103030001）"
        case .keyNeedsActor: "--key 需要同时给出 --as ACTOR"
        case .actorNeedsKey(let a): "--as \(a) 需要 --key FILE（或 XUEJI_KEY），即该用户的私钥"
        case .notTheKey(let p, let a, let r, let option): "\(option ? "--key " : "")\(p) 不是 \(a) 的密钥（登记的密钥：\(r)）"
        case .cannotReadKey(let p, let why): "无法读取密钥文件 \(p)：\(why)"
        case .keyReadableByOthers(let p, let mode): "密钥文件 \(p) 可被他人读取（权限 \(mode)）：请执行 chmod 600 \(p)"
        case .notAKey(let p): "\(p) 不是 xueji 私钥（可用 xueji keygen --out FILE 生成）"
        case .cannotCreateKey(let p, let why, let exists): "无法创建 \(p)：\(why)\(exists ? "（密钥文件绝不会被覆盖）" : "")"
        case .cannotWriteKey(let p, let why): "无法写入 \(p)：\(why)"
        case .greeting(let v): "xueji \(v) — 学生学籍管理。输入 .help 查看用法，按 Ctrl-D 退出。"
        case .greetingInMemory: "已连接到临时的内存学籍库：不会保存任何内容。用 .open PATH 打开学籍库目录。"
        case .greetingRegistry(let name, let s, let c, let today):
            "学籍库 \(name)：\(s) 名学生，\(c) 所学校。今天是 \(today)。"
        case .greetingScope(let name, let scopes, let s, let c, let today):
            "学籍库 \(name)：\(scopes) 的学生（内存中 \(s) 名；其他学生在被提及时读取），\(c) 所学校。今天是 \(today)。"
        case .greetingNamed(let name, let s, let c, let today):
            "学籍库 \(name)：学生在被提及时读取（内存中 \(s) 名；语句需要读取全部学生时全部读入），\(c) 所学校。今天是 \(today)。"
        case .localeReplaced(let l, let by): "区域设置（\(l)）无法处理中文：改用 \(by)；如需自行选择，请设置 LANG=zh_CN.UTF-8"
        case .localeCannotHoldChinese(let l): "区域设置（\(l)）无法处理中文，且未安装 UTF-8 区域设置：输入的中文可能丢失"
        case .localeNotInstalled: "所请求的区域设置未安装"
        case .localeMissing(let l, let by): "区域设置 \(l) 未安装：改用 \(by)（提示信息的语言由 --lang 或 .lang 决定）"
        }
    }

    /// The English text.
    public var description: String { english }
}

extension ShellMessage: Localized {}
