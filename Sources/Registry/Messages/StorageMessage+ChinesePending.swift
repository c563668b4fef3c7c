// Temporary (branch zh-shell only): StorageMessage's Chinese is being written in another branch;
// this stands in for it so the shell builds. Dropped at merge.
extension StorageMessage { public var chinese: String { english } }
