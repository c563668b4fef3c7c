import Registry

/// What the command line asked for, handed from the `xueji` executable to the REPL and
/// script runner so that neither depends on ArgumentParser.
public struct ShellOptions: Sendable, Equatable {
    /// The registry directory, or nil for an in-memory registry (nothing is saved).
    public var registryPath: String?
    /// `-f` scripts, run in order before `commands`.
    public var scripts: [String]
    /// `-c` statements, run in order after the scripts.
    public var commands: [String]
    /// `--mode`, the initial output mode.
    public var mode: OutputMode
    /// `--bail`: stop at the first failing statement.
    public var bail: Bool
    /// `--read-only`: refuse statements that change the registry.
    public var readOnly: Bool
    /// `--today`: the default effective date instead of the clock's.
    public var today: Day?
    /// `--head`: print the registry's chain head (`N:HASH`) and exit.
    public var printHead = false
    /// `--expect-head N:HASH`: refuse to open unless the journal holds entry N with that hash.
    public var expectedHead: ChainHead?
    /// `--salvage NEW`: write a new registry from the readable prefix of PATH's journal and exit.
    public var salvageTo: String?
    /// `--copy-to TARGET`: copy PATH's registry (its whole journal, as it is) into TARGET and exit.
    public var copyTo: String?
    /// Each `-c` statement's bytes as the command line held them, when they are not UTF-8
    /// (the statement then holds U+FFFD for them): the shell refuses the line at the bad byte.
    public var commandBytes: [[UInt8]?] = []

    /// `--as ACTOR`: the session's actor in a governed registry (else `XUEJI_AS`).
    public var actor: String?
    /// `--key FILE`: the actor's private key (else `XUEJI_KEY`).
    public var keyPath: String?
    /// `--lang en|zh`: the language of messages, help and headers (else the locale's).
    public var language: Language?

    /// Makes options; the defaults are an interactive in-memory session in table mode.
    public init(registryPath: String? = nil, scripts: [String] = [], commands: [String] = [], mode: OutputMode = .table,
                bail: Bool = false, readOnly: Bool = false, today: Day? = nil) {
        self.registryPath = registryPath; self.scripts = scripts; self.commands = commands; self.mode = mode
        self.bail = bail; self.readOnly = readOnly; self.today = today
    }

    /// Whether to read statements from stdin after the scripts and command: when neither was given.
    public var readsStandardInput: Bool { scripts.isEmpty && commands.isEmpty }
}
