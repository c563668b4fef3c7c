import RQL
import Registry

extension ShellRunner {
    /// Opens the on-disk store behind a registry directory.
    static func openStore(path: String, readOnly: Bool, today: Day, fixedClock: Bool) throws(ShellError) -> StoreHandle {
        throw ShellError("cannot open \(path): registry directories are not supported by this build yet")
    }
}
