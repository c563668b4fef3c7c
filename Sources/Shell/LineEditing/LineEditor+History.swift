import CEditLine
import Foundation

extension LineEditor {
    /// `$XUEJI_HISTORY`, else `~/.xueji_history`; nil when neither can be found.
    public static func defaultHistoryPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let path = environment["XUEJI_HISTORY"], !path.isEmpty { return path }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.xueji_history" }
        return nil
    }

    /// Records one whole statement (all its lines) as one entry and saves the file at once,
    /// so a crash or Ctrl-C loses nothing.
    public func addHistory(_ statement: String) {
        var entry = statement
        while let last = entry.last, last.isWhitespace { entry.removeLast() }
        guard !entry.isEmpty, let history else { return }
        _ = cel_history_enter(history, entry)
        saveHistory()
    }

    /// Number of entries currently held (tests and `.help` use it).
    public var historyCount: Int { history.map { Int(cel_history_count($0)) } ?? 0 }

    func loadHistory() {
        guard let history, let path = historyPath, FileManager.default.fileExists(atPath: path) else { return }
        _ = cel_history_load(history, path)
    }

    /// Saves with mode 0600: history may hold ID numbers.
    func saveHistory() {
        guard let history, let path = historyPath else { return }
        let fd = open(path, O_WRONLY | O_CREAT, 0o600)
        if fd >= 0 { close(fd) }
        _ = cel_history_save(history, path)
        chmod(path, 0o600)
    }
}
