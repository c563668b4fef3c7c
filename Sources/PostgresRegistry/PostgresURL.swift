/// A PostgreSQL address as users type it: `postgres://user[:password]@host[:port]/database`
/// (`postgresql://` too). The password never appears in `description`, which messages show.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    /// The role to connect as.
    public var user: String
    /// Its password (trust and peer setups have none).
    public var password: String?
    /// Host name or address.
    public var host: String
    /// TCP port (5432 unless given).
    public var port: Int
    /// Database name (the user's name unless given).
    public var database: String

    /// Whether `text` is meant as a PostgreSQL address rather than a registry directory.
    public static func looksLikeOne(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses an address; nil when it is not one (no scheme, no host, a bad port).
    public init?(_ text: String) {
        guard let schemeEnd = text.range(of: "://"), Self.looksLikeOne(text) else { return nil }
        var rest = Substring(text[schemeEnd.upperBound...])
        if let q = rest.firstIndex(of: "?") { rest = rest[..<q] }
        var userPart: Substring = ""
        if let at = rest.lastIndex(of: "@") { userPart = rest[..<at]; rest = rest[rest.index(after: at)...] }
        let slash = rest.firstIndex(of: "/")
        let hostPort = slash.map { rest[..<$0] } ?? rest
        let db = slash.map { rest[rest.index(after: $0)...] } ?? ""
        var host = hostPort, port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            host = hostPort[..<colon]; port = p
        }
        guard !host.isEmpty else { return nil }
        var user = userPart, password: Substring?
        if let colon = userPart.firstIndex(of: ":") { user = userPart[..<colon]; password = userPart[userPart.index(after: colon)...] }
        self.user = user.isEmpty ? "postgres" : Self.unescape(user)
        self.password = password.map(Self.unescape)
        self.host = String(host); self.port = port
        self.database = db.isEmpty ? self.user : Self.unescape(db)
    }

    /// A copy naming another database on the same server.
    public func with(database: String) -> PostgresURL { var u = self; u.database = database; return u }

    /// `postgres://user@host:port/database`, without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    /// Percent-decoding (`%40` is `@` in a password).
    static func unescape(_ s: Substring) -> String {
        var out: [UInt8] = [], bytes = Array(s.utf8), i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let v = UInt8(String(decoding: bytes[i + 1...i + 2], as: UTF8.self), radix: 16) {
                out.append(v); i += 3
            } else { out.append(bytes[i]); i += 1 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
