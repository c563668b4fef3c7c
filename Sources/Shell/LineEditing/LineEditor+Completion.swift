import CEditLine

extension LineEditor {
    /// Binds Tab to a libedit function that calls back into `completion`.
    func installCompletion() {
        _ = cel_add_function(editLine, "xueji-complete", "Complete the word before the cursor", { e, _ in
            guard let e, let data = cel_get_clientdata(e) else { return UInt8(CC_ERROR) }
            return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue().completeAtCursor(e)
        })
        _ = cel_bind(editLine, "^I", "xueji-complete")
    }

    /// Runs one Tab press: inserts, lists or beeps.
    func completeAtCursor(_ e: OpaquePointer) -> UInt8 {
        guard let completion else { return UInt8(CC_ERROR) }
        var start: UnsafePointer<CChar>?
        let length = Int(cel_line_before_cursor(e, &start))
        guard let start, length >= 0 else { return UInt8(CC_ERROR) }
        let before = start.withMemoryRebound(to: UInt8.self, capacity: length) {
            TerminalText.fromTerminal(Array(UnsafeBufferPointer(start: $0, count: length)))
        }
        switch CompletionPlan.plan(lineBeforeCursor: before, candidates: completion(before)) {
        case .none:
            return UInt8(CC_ERROR)
        case .replace(let word, let text):
            if text.hasPrefix(word) {
                insert(String(text.dropFirst(word.count)), into: e)
            } else {
                cel_delete_before(e, Int32(word.unicodeScalars.count))
                insert(text, into: e)
            }
            return UInt8(CC_REFRESH)
        case .list(let items):
            LineEditor.writeOut("\n" + CompletionPlan.columns(items, width: TerminalSize.columns(fd: 1) ?? 80))
            return UInt8(CC_REDISPLAY)
        }
    }

    /// Inserts `text` at the cursor, in the terminal's encoding (libedit reads it as the locale's).
    private func insert(_ text: String, into e: OpaquePointer) {
        var bytes = TerminalText.toTerminal(text).map { CChar(bitPattern: $0) }
        bytes.append(0)
        _ = bytes.withUnsafeBufferPointer { cel_insert(e, $0.baseAddress!) }
    }
}
