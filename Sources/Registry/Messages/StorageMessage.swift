/// The engine's storage messages (see `EngineMessage`): each case is one message with its
/// arguments; its English text is written here and nowhere else.
public indirect enum StorageMessage: Hashable, Sendable {

    /// The English text.
    public var english: String {
        switch self {
        }
    }
}
