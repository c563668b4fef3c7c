/// Why a workbook could not be read or written, worded for the person who made the file:
/// an administrator needs to know which file part or cell to fix, not which parser failed.
public struct SheetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// One sentence naming what is wrong, e.g. "not an .xlsx file (not a zip archive)".
    public var message: String

    /// Wraps a sentence that already names the part or cell at fault.
    public init(_ message: String) { self.message = message }

    /// The message alone, so `"\(error)"` reads well in a diagnostic.
    public var description: String { message }
}

extension SheetError {
    static func missingPart(_ path: String) -> SheetError {
        SheetError("the workbook has no part \(path)")
    }

    static func brokenPart(_ path: String, _ why: String) -> SheetError {
        SheetError("\(path) is broken: \(why)")
    }
}
