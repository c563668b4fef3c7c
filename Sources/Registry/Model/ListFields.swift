/// The fields of an actor that `find actors` lists, filters and orders on.
public enum ActorField: String, CaseIterable, Sendable, Hashable {
    case actor, name, level, key, addedBy = "added_by", status

    /// The kind of value the field holds (all text).
    public var valueType: ValueType { .text }

    /// The columns `find actors` shows, in order.
    public static let columns: [ActorField] = [.actor, .name, .key, .addedBy, .status]

    /// The words `status` takes.
    public static let statusWords = ["active", "revoked"]
}

/// The fields of a request that `find requests` lists, filters and orders on (WORKFLOW.md,
/// "Requests").
public enum RequestField: String, CaseIterable, Sendable, Hashable {
    case no, kind, request, student, school, status, awaiting, due, startedBy = "started_by", startedOn = "started_on"

    /// The kind of value the field holds; `no` is the number after `#`.
    public var valueType: ValueType {
        switch self {
        case .no: .int
        case .due, .startedOn: .date
        default: .text
        }
    }

    /// The columns `find requests` shows, in order (`school` and `student` are in `request`).
    public static let columns: [RequestField] = [.no, .kind, .request, .status, .awaiting, .due, .startedBy, .startedOn]
}

/// The fields of a district code (GB/T 2260) that `find districts` lists, filters and orders on:
/// one row per name a code had, with the years it was in force.
public enum DistrictField: String, CaseIterable, Sendable, Hashable {
    case code, name, province, city, from, to, status

    /// The kind of value the field holds; the years are numbers.
    public var valueType: ValueType { self == .from || self == .to ? .int : .text }

    /// The columns `find districts` shows, in order.
    public static let columns: [DistrictField] = [.code, .name, .from, .to, .status]

    /// The words `status` takes: in force today, or no longer.
    public static let statusWords = ["current", "retired"]
}
