/// The words storage messages are built from: what a system call was doing, the parts of a
/// registry image, and who recorded a chain head. Their English is written here only.
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

        /// The English words.
        public var description: String { english }
    }
}
