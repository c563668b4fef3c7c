// Temporary (branch zh-shell only): EngineMessage's Chinese is being written in another branch;
// this stands in for it so the shell builds. Dropped at merge.
extension EngineMessage { public var chinese: String { english } }
