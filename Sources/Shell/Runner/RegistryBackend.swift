import RQL
import Registry

/// A kind of registry address other than a directory (`postgres://…`), which the executable
/// hands to the shell: the shell itself links no database client, only the engine's seam.
public struct RegistryBackend: Sendable {
    /// Whether `address` is one of this backend's.
    public var handles: @Sendable (String) -> Bool
    /// Opens the registry at an address (`readOnly`: changes refused; `fixedClock`: `--today`;
    /// `scope`: the actor a read-only session acts as, whose students it may hold alone).
    public var open: @Sendable (_ address: String, _ today: Day, _ readOnly: Bool, _ fixedClock: Bool, _ scope: ActorName?)
        throws(StorageError) -> any RegistryDatabase
    /// Copies a registry's journal entries, as they are, into the empty registry at `address`;
    /// returns the students copied.
    public var copyIn: @Sendable (_ entries: [ChainedEntry], _ address: String, _ today: Day) throws(StorageError) -> Int
    /// Creates or updates the schema at `address` (`xueji pg init`), sharding a new registry over
    /// `shards` when given: the migrations it applied (each `N: what`), the version the schema is
    /// now at, and each shard's name, address and partitions.
    public var initialize: @Sendable (_ address: String, _ shards: [String]) throws(StorageError)
        -> (applied: [String], version: Int, shards: [(String, String, [String])])

    /// Moves a province's rows to another shard (`xueji pg move`): the shard that held it, the one
    /// that holds it now, the rows copied, the old shard left holding its copy (nil: none), and
    /// each shard's name, address and partitions after the move.
    public var move: @Sendable (_ address: String, _ partition: String, _ target: String) throws(StorageError) -> ProvinceMove

    /// What `move` did.
    public struct ProvinceMove: Sendable {
        /// The shard that held the province, and the one that holds it now (the same: it was there).
        public var from: String, to: String
        /// The rows copied: students, events, versions.
        public var students: Int, events: Int, versions: Int
        /// The old shard still holding its copy, when forwarding failed.
        public var leftOn: String?
        /// Each shard's name, address and partitions after the move.
        public var shards: [(String, String, [String])]

        /// A move's report.
        public init(from: String, to: String, students: Int, events: Int, versions: Int, leftOn: String?, shards: [(String, String, [String])]) {
            self.from = from; self.to = to; self.students = students; self.events = events; self.versions = versions
            self.leftOn = leftOn; self.shards = shards
        }
    }

    /// The server that answers a session's finds and counts on a database this backend opened.
    public var queries: @Sendable (any RegistryDatabase) -> (any QueryServer)?

    /// A backend from its operations.
    public init(handles: @escaping @Sendable (String) -> Bool,
                open: @escaping @Sendable (String, Day, Bool, Bool, ActorName?) throws(StorageError) -> any RegistryDatabase,
                copyIn: @escaping @Sendable ([ChainedEntry], String, Day) throws(StorageError) -> Int,
                initialize: @escaping @Sendable (String, [String]) throws(StorageError)
                    -> (applied: [String], version: Int, shards: [(String, String, [String])]),
                move: @escaping @Sendable (String, String, String) throws(StorageError) -> ProvinceMove,
                queries: @escaping @Sendable (any RegistryDatabase) -> (any QueryServer)? = { _ in nil }) {
        self.handles = handles; self.open = open; self.copyIn = copyIn; self.initialize = initialize
        self.move = move; self.queries = queries
    }
}
