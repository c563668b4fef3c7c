/// The words storage messages are built from: what a system call was doing, the parts of a
/// registry image, and who recorded a chain head. Their English and Chinese are written here only.
extension StorageMessage {
    /// What the store was doing when the system refused (`fileFailed`, `readOnlyFileSystem`).
    public enum FileAction: Hashable, Sendable, CustomStringConvertible {
        /// Opening a file.
        case open(String)
        /// Removing a file to create it afresh.
        case replace(String)
        /// Setting a file's or directory's mode.
        case setPermissions(String)
        /// Asking a file's size.
        case stat(String)
        /// Writing a file.
        case write(String)
        /// Reading a file or a directory.
        case read(String)
        /// Syncing a file.
        case sync(String)
        /// Cutting a file short.
        case truncate(String)
        /// Opening a directory to sync it.
        case openDirectory(String)
        /// Syncing a directory.
        case syncDirectory(String)
        /// Creating the registry directory.
        case createRegistryDirectory(String)
        /// Renaming a file.
        case rename(from: String, to: String)
        /// Mapping a file into memory.
        case map(String)

        /// The English text, e.g. `cannot open /r/journal.xj`.
        public var english: String {
            switch self {
            case .open(let p): "cannot open \(p)"
            case .replace(let p): "cannot replace \(p)"
            case .setPermissions(let p): "cannot set permissions of \(p)"
            case .stat(let p): "cannot stat \(p)"
            case .write(let p): "cannot write \(p)"
            case .read(let p): "cannot read \(p)"
            case .sync(let p): "cannot sync \(p)"
            case .truncate(let p): "cannot truncate \(p)"
            case .openDirectory(let p): "cannot open directory \(p)"
            case .syncDirectory(let p): "cannot sync directory \(p)"
            case .createRegistryDirectory(let p): "cannot create registry directory \(p)"
            case .rename(let a, let b): "cannot rename \(a) to \(b)"
            case .map(let p): "cannot map \(p)"
            }
        }

        /// The Chinese text, e.g. `无法打开 /r/journal.xj`.
        public var chinese: String {
            switch self {
            case .open(let p): "无法打开 \(p)"
            case .replace(let p): "无法替换 \(p)"
            case .setPermissions(let p): "无法设置 \(p) 的权限"
            case .stat(let p): "无法获取 \(p) 的文件信息"
            case .write(let p): "无法写入 \(p)"
            case .read(let p): "无法读取 \(p)"
            case .sync(let p): "无法将 \(p) 同步到磁盘"
            case .truncate(let p): "无法截断 \(p)"
            case .openDirectory(let p): "无法打开目录 \(p)"
            case .syncDirectory(let p): "无法将目录 \(p) 同步到磁盘"
            case .createRegistryDirectory(let p): "无法创建学籍库目录 \(p)"
            case .rename(let a, let b): "无法将 \(a) 重命名为 \(b)"
            case .map(let p): "无法将 \(p) 映射到内存"
            }
        }

        /// The English text.
        public var description: String { english }
    }

    /// A section of a registry image (snapshot), as messages name it.
    public enum ImageSection: Hashable, Sendable, CustomStringConvertible {
        /// The schools.
        case schools
        /// The student rows.
        case studentRows
        /// The events.
        case events
        /// The field changes of the events.
        case fieldChanges
        /// The interned texts.
        case texts
        /// Names too long for a row.
        case longNames
        /// The interned ethnicities.
        case ethnicities
        /// The interned actors, and the actors' log.
        case actors
        /// The sequences of temporary (L) numbers.
        case temporarySequences
        /// The registry-number index.
        case numberIndex
        /// The ID-number index.
        case idIndex
        /// The school+grade index.
        case schoolGradeIndex
        /// The hukou index.
        case hukouIndex
        /// The name index.
        case nameIndex
        /// The birth-date index.
        case birthIndex
        /// The requests.
        case requests
        /// The counters kept beside the rows.
        case counters

        /// The English name, e.g. `student rows`.
        public var english: String {
            switch self {
            case .schools: "schools"
            case .studentRows: "student rows"
            case .events: "events"
            case .fieldChanges: "field changes"
            case .texts: "texts"
            case .longNames: "long names"
            case .ethnicities: "ethnicities"
            case .actors: "actors"
            case .temporarySequences: "temporary-number sequences"
            case .numberIndex: "registry-number index"
            case .idIndex: "ID-number index"
            case .schoolGradeIndex: "school+grade index"
            case .hukouIndex: "hukou index"
            case .nameIndex: "name index"
            case .birthIndex: "birth-date index"
            case .requests: "requests"
            case .counters: "counters"
            }
        }

        /// The Chinese name, e.g. `学生行`.
        public var chinese: String {
            switch self {
            case .schools: "学校"
            case .studentRows: "学生行"
            case .events: "事件"
            case .fieldChanges: "字段变更"
            case .texts: "文本"
            case .longNames: "长姓名"
            case .ethnicities: "民族"
            case .actors: "用户"
            case .temporarySequences: "临时号序列"
            case .numberIndex: "学籍号索引"
            case .idIndex: "身份证号索引"
            case .schoolGradeIndex: "学校+年级索引"
            case .hukouIndex: "户籍索引"
            case .nameIndex: "姓名索引"
            case .birthIndex: "出生日期索引"
            case .requests: "申请"
            case .counters: "计数器"
            }
        }

        /// The English name.
        public var description: String { english }
    }

    /// Who recorded the chain head a journal is checked against.
    public enum HeadRecord: Hashable, Sendable, CustomStringConvertible {
        /// The registry's `head` file, at open and in verify.
        case registryHeadFile
        /// `--expect-head N:HASH`.
        case expectHead
        /// The damaged registry's `head` file, in salvage.
        case itsHeadFile

        /// The English words.
        public var english: String {
            switch self {
            case .registryHeadFile: "the registry's head file"
            case .expectHead: "--expect-head"
            case .itsHeadFile: "its head file"
            }
        }

        /// The Chinese words, written to stand between Chinese words, so none ends in a Latin
        /// one (`但选项 --expect-head 指定的链头记录了 8 条`).
        public var chinese: String {
            switch self {
            case .registryHeadFile: "学籍库的 head 文件"
            case .expectHead: "选项 --expect-head 指定的链头"
            case .itsHeadFile: "它的 head 文件"
            }
        }

        /// The English words.
        public var description: String { english }
    }
}

extension StorageMessage.FileAction: Localized {}
extension StorageMessage.ImageSection: Localized {}
extension StorageMessage.HeadRecord: Localized {}
