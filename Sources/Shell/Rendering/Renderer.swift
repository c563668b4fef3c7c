import Registry
import RQL

/// Draws statement output in one output mode; renderers append to a buffer so a
/// million-row result is written with a few large writes, not a `print` per row.
public protocol Renderer: Sendable {
    /// Appends the drawing of `items` to `out`.
    func render(_ items: [OutputItem], into out: inout String)
}

extension Renderer {
    /// Convenience for tests and small outputs: the drawing as a new string.
    public func render(_ items: [OutputItem]) -> String {
        var out = ""
        render(items, into: &out)
        return out
    }
}

/// Settings shared by every renderer, changed by `.headers` and the terminal's size.
public struct RenderOptions: Sendable, Equatable {
    /// Whether tables print a header (`.headers on|off`).
    public var headers: Bool
    /// Columns available (from `TIOCGWINSZ` on a terminal); nil means no limit.
    public var width: Int?
    /// The language of the headers (issue 16: the modes for people follow the language in use;
    /// csv and json keys stay English unless `--lang zh` or `.lang zh` asked for Chinese).
    public var language: Language

    /// Makes options; by default headers are on, the width is unlimited, headers English.
    public init(headers: Bool = true, width: Int? = nil, language: Language = .en) {
        self.headers = headers
        self.width = width
        self.language = language
    }
}

/// The output modes of `.mode` and `--mode`.
public enum OutputMode: String, CaseIterable, Sendable {
    case table, csv, json, ndjson, line, chart

    /// Whether the mode is for programs: standard output then holds only results, and
    /// messages and warnings go to standard error (RQL.md, "Output for programs").
    public var isForPrograms: Bool { self == .csv || self == .json || self == .ndjson }

    /// The renderer that draws this mode with `options`.
    public func renderer(options: RenderOptions) -> any Renderer {
        switch self {
        case .table: return TableRenderer(options: options)
        case .csv: return CSVRenderer(options: options)
        case .json: return JSONRenderer(options: options)
        case .ndjson: return NDJSONRenderer(options: options)
        case .line: return LineRenderer(options: options)
        case .chart: return ChartRenderer(options: options)
        }
    }
}
