import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interactive line input over libedit: prompts, emacs key bindings, persistent history
/// and tab completion, for the REPL when stdin is a terminal.
///
/// Scripts and pipes do not use this type (no prompt, no history); choose with
/// `LineEditor.stdinIsTerminal`.
public final class LineEditor {
    /// The main prompt, e.g. `xueji:luoyang> `.
    public var prompt: String {
        didSet { continuationPrompt = LineEditor.continuationPrompt(alignedTo: prompt) }
    }
    /// The prompt for the second and later lines of a statement, right-aligned to `prompt`.
    public private(set) var continuationPrompt: String
    /// Candidates for the word before the cursor; called on Tab with the text before the cursor.
    public var completion: ((_ lineBeforeCursor: String) -> [String])?
    /// Where history is kept, or nil for none; entries are saved as they are added.
    public let historyPath: String?

    let editLine: OpaquePointer
    let history: OpaquePointer?
    private var promptBuffer: UnsafeMutablePointer<CChar>?

    /// Whether stdin is a terminal: decides between the interactive and the script path.
    public static var stdinIsTerminal: Bool { isatty(0) == 1 }

    /// Opens the editor on the process's terminal and loads history from `historyPath`.
    ///
    /// Sets `LC_CTYPE` from the environment first (libedit drops Chinese input otherwise) and
    /// installs a SIGINT handler without `SA_RESTART` plus a key reader that watches for it,
    /// so Ctrl-C abandons the line even while a completion or a redraw is running.
    public init(programName: String = "xueji", prompt: String = "xueji> ",
                historyPath: String? = LineEditor.defaultHistoryPath(), historySize: Int = 1000) {
        TerminalText.setUp()
        self.prompt = prompt
        self.continuationPrompt = LineEditor.continuationPrompt(alignedTo: prompt)
        self.historyPath = historyPath
        guard let el = cel_init(programName) else { fatalError("libedit: el_init failed") }
        editLine = el
        history = cel_history_init(Int32(historySize))
        _ = cel_install_sigint()
        cel_set_editor(el, "emacs")
        _ = cel_set_signal(el, 0)
        _ = cel_use_interruptible_reader(el)
        _ = cel_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        _ = cel_set_prompt(el, { e in
            guard let e, let data = cel_get_clientdata(e) else { return nil }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().promptBuffer
        })
        if let history { _ = cel_attach_history(el, history) }
        installCompletion()
        cel_bind_redrawing_deletes(el)
        loadHistory()
    }

    deinit {
        el_end(editLine)
        if let history { history_end(history) }
        free(promptBuffer)
    }

    /// Reads one line with editing; `continuation` shows the continuation prompt.
    public func readLine(continuation: Bool = false) -> ReadResult {
        setPromptBuffer(continuation ? continuationPrompt : prompt)
        _ = cel_take_interrupt()
        var count: Int32 = 0
        guard let raw = cel_gets(editLine, &count) else {
            if count < 0 || cel_take_interrupt() != 0 {
                LineEditor.writeOut("^C\n")
                return .interrupted
            }
            return .endOfFile
        }
        var line = TerminalText.fromTerminal(Array(UnsafeBufferPointer(start: raw, count: strlen(raw)).map { UInt8(bitPattern: $0) }))
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Whether Ctrl-C was pressed since the last check (clears it).
    public static func takeInterrupt() -> Bool { cel_take_interrupt() != 0 }

    /// Whether Ctrl-C was pressed and not yet taken (does not clear it): a running statement
    /// is stopped by a watcher that polls this. (The flag is one weak symbol of shim.h: as a
    /// `static`, each object inlining this read a copy of its own, which the handler never set.)
    public static var interruptPending: Bool { cel_interrupt_pending() != 0 }

    /// Catches Ctrl-C (SIGINT) for the whole process: at the prompt it abandons the line,
    /// while a statement runs it stops the statement, and a script then ends with status 130.
    public static func catchInterrupts() { _ = cel_install_sigint() }

    /// The continuation prompt `...> ` right-aligned under a prompt of any display width.
    public static func continuationPrompt(alignedTo prompt: String) -> String {
        let tail = "...> "
        let pad = prompt.terminalWidth - tail.count
        return String(repeating: " ", count: max(0, pad)) + tail
    }

    private func setPromptBuffer(_ text: String) {
        free(promptBuffer)
        let bytes = TerminalText.toTerminal(text)           // in the terminal's encoding
        let p = malloc(bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
        for (i, b) in bytes.enumerated() { p[i] = CChar(bitPattern: b) }
        p[bytes.count] = 0
        promptBuffer = p
    }

    /// Writes text straight to stdout (fd 1), bypassing Swift's buffered `print`.
    static func writeOut(_ text: String) {
        var bytes = TerminalText.toTerminal(text)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
        bytes.removeAll()
    }
}
