// TEMPORARY (branch zh-engine only): lets EngineMessage.chinese build until StorageMessage's
// Chinese arrives from its own branch. Drop this file at merge.
extension StorageMessage { public var chinese: String { english } }
