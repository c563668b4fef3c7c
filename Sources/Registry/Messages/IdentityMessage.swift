/// The engine's identity messages (see `EngineMessage`): each case is one message with its
/// arguments; its English text is written here and nowhere else.
public indirect enum IdentityMessage: Hashable, Sendable {
    /// A registry number nobody has.
    case noStudent(number: String)
    /// A school code no school has.
    case noSchool(code: String)
    /// R1: the ID number is registered already, under `number` (`name`).
    case idAlreadyRegistered(id: String, number: String, name: String)
    /// R1: an open request registers a child with this ID number.
    case idHasOpenRequest(id: String, request: Int)

    /// The English text.
    public var english: String {
        switch self {
        case .noStudent(let n): "no student has registry number \(n)"
        case .noSchool(let c): "no school has code \(c)"
        case .idAlreadyRegistered(let id, let n, let name): "ID number \(id) is already registered as \(n) (\(name))"
        case .idHasOpenRequest(let id, let r): "ID number \(id) has an open registration request (#\(r))"
        }
    }
}
