/// What one `LineEditor.readLine` produced, so the REPL can tell Ctrl-C from Ctrl-D.
public enum ReadResult: Equatable, Sendable {
    /// A line without its newline. A recalled multi-line history entry arrives whole,
    /// its lines joined by `\n`.
    case line(String)
    /// Ctrl-C: the REPL abandons the pending statement and prompts again.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input: the REPL leaves.
    case endOfFile
}
