import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Whether a streaming parse really read a whole document, and words for why not.
///
/// The big parts are parsed from `XMLParser(stream:)`, not `XMLParser(data:)`: on Linux the
/// latter hands libxml2 the whole document as one chunk, and past about 10 MB (a sheet of some
/// 20,000 rows) libxml2 stops with an internal error ("huge input lookup"); the stream is fed
/// in small chunks and has no such limit.
///
/// Foundation's XMLParser on Linux returns true from `parse()` for some malformed documents
/// (a mismatched end tag sets `parserError` but parsing "succeeds"), and has been seen to
/// accept a lone unclosed root element, so both the error and the root's end are checked here.
enum XMLFailure {
    /// Nil when the parse succeeded, set no error, and closed its root element.
    static func check(_ parser: XMLParser, parsed: Bool, closedRoot: Bool) -> String? {
        if !parsed || parser.parserError != nil {
            return "it is not well-formed XML (line \(parser.lineNumber), column \(parser.columnNumber))"
        }
        return closedRoot ? nil : "its XML ends before its root element closes (a truncated part)"
    }
}
