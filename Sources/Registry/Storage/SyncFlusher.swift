import Dispatch
import Foundation

/// The `SyncMode.normal` timer: journal writes are fsynced at most 100 ms after they are made,
/// from a background queue, so a crash loses at most the last 100 ms of acknowledged work.
final class SyncFlusher: @unchecked Sendable {
    // Shared with the timer's queue; every field is read and written under `lock`.
    private let lock = NSLock()
    private let file: PosixFile
    private var dirty = false
    private var lastSync = DispatchTime.now().uptimeNanoseconds
    private var stopped = false
    private let timer: DispatchSourceTimer
    static let interval: UInt64 = 100_000_000

    init(file: PosixFile) {
        self.file = file
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "xueji.journal.sync"))
        timer.schedule(deadline: .now() + .milliseconds(100), repeating: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.tick() }
        timer.resume()
    }

    /// After a write: syncs now when the last sync is 100 ms old, else leaves it to the timer.
    /// Returns whether everything written is now synced.
    func wrote() throws(StorageError) -> Bool {
        lock.lock(); defer { lock.unlock() }
        if DispatchTime.now().uptimeNanoseconds - lastSync >= SyncFlusher.interval {
            try file.sync()
            lastSync = DispatchTime.now().uptimeNanoseconds; dirty = false
            return true
        }
        dirty = true
        return false
    }

    /// Syncs anything written and not yet synced (close, checkpoint, mode change).
    func flush() throws(StorageError) {
        lock.lock(); defer { lock.unlock() }
        if dirty { try file.sync(); dirty = false; lastSync = DispatchTime.now().uptimeNanoseconds }
    }

    private func tick() {
        lock.lock(); defer { lock.unlock() }
        guard !stopped, dirty else { return }
        if (try? file.sync()) != nil { dirty = false; lastSync = DispatchTime.now().uptimeNanoseconds }
    }

    /// Flushes and stops the timer; the flusher is not used afterwards.
    func stop() throws(StorageError) {
        try flush()
        lock.lock(); stopped = true; lock.unlock()
        timer.cancel()
    }
}
