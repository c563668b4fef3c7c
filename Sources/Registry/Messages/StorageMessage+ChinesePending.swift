extension StorageMessage {
    /// Pending: replaced by StorageMessage+Chinese.swift at the next merge.
    public var chinese: String { english }
}
