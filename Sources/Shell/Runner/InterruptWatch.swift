import Foundation
import Registry
import Synchronization

/// Turns Ctrl-C into the engine's cancellation while a statement runs: a thread that polls
/// the signal flag every 20 ms between `begin` and `end`, and sleeps otherwise. (The signal
/// handler cannot call into Swift; the engine polls its `Cancellation` every few thousand
/// rows, so a long bulk change, import or query stops within a moment and changes nothing.)
final class InterruptWatch: Sendable {
    /// The one watcher of the process (Ctrl-C is process-wide).
    static let shared = InterruptWatch()

    private let state = Mutex<(running: Bool, cancellation: Cancellation?)>((false, nil))
    private let wake = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                wake.wait()
                while let c = state.withLock({ $0.running ? $0.cancellation : nil }) {
                    if LineEditor.interruptPending { c.cancel() }
                    usleep(20_000)
                }
            }
        }
        thread.name = "xueji-interrupt-watch"
        thread.start()
    }

    /// Watches for Ctrl-C until `end`, cancelling `cancellation` when it comes.
    func begin(_ cancellation: Cancellation) {
        cancellation.reset()
        state.withLock { $0 = (true, cancellation) }
        wake.signal()
    }

    /// Stops watching.
    func end() { state.withLock { $0 = (false, nil) } }
}
