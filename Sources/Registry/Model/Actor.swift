import Crypto
import Foundation

/// Who keeps part of a governed registry (WORKFLOW.md, "Actors and scopes"): a school's
/// registrar, a county, city or provincial bureau, or the ministry.
public struct ActorName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The level of an actor, lowest first.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case school, county, city, province, national

        /// The word before the colon (`school:`, `county:` …).
        public var word: String {
            switch self {
            case .school: "school"
            case .county: "county"
            case .city: "city"
            case .province: "province"
            case .national: "national"
            }
        }

        /// Digits of the code that names an actor of this level (none for `national`).
        var codeLength: Int {
            switch self {
            case .school: 10
            case .county: 6
            case .city: 4
            case .province: 2
            case .national: 0
            }
        }

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public let level: Level
    /// The school code or the district-code prefix; empty for `national`.
    public let code: String

    /// `school:4103030001`, `county:410303`, `city:4103`, `province:41` or `national`.
    public init?(_ text: String) {
        if text == "national" { level = .national; code = ""; return }
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let level = Level.allCases.first(where: { $0.word == parts[0] && $0 != .national }),
              parts[1].count == level.codeLength, parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.level = level; code = String(parts[1])
    }

    public var description: String { level == .national ? "national" : "\(level.word):\(code)" }

    /// The ministry.
    public static let national = ActorName("national")!

    public static func < (a: ActorName, b: ActorName) -> Bool {
        (b.level, a.code) < (a.level, b.code)       // national first, then provinces, … schools
    }

    /// The district prefix a bureau keeps (its code), or a school's district (its code's
    /// first six digits, as school codes are issued).
    var districtPrefix: String { level == .school ? String(code.prefix(6)) : code }

    /// Whether this actor's scope holds `other` (itself included): national holds everyone; a
    /// bureau holds the bureaus and schools whose district starts with its code. (A school's
    /// district is read from its code here; the registry checks the school's recorded
    /// district where it knows the school.)
    public func covers(_ other: ActorName) -> Bool {
        if self == other || level == .national { return true }
        guard level > other.level, level != .school else { return false }
        return other.districtPrefix.hasPrefix(code)
    }
}

/// An Ed25519 public key, written `ed25519:` + base64 of its 32 bytes.
public struct ActorKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 bytes.
    public let bytes: [UInt8]

    public init?(_ text: String) {
        guard text.hasPrefix("ed25519:"), let data = Data(base64Encoded: String(text.dropFirst(8))), data.count == 32 else { return nil }
        bytes = Array(data)
    }

    init(bytes: [UInt8]) { self.bytes = bytes }

    public var description: String { "ed25519:" + Data(bytes).base64EncodedString() }

    /// Whether `signature` is this key's signature of `message`.
    func verifies(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: bytes) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}

/// A private signing key, as `xueji keygen` writes it: one line `xueji-ed25519-private-key ` +
/// base64 of the 32-byte seed, in a file only its owner can read.
public struct SigningKey: @unchecked Sendable {      // an immutable value: the key's bytes
    static let prefix = "xueji-ed25519-private-key "
    let key: Curve25519.Signing.PrivateKey

    /// A new random key.
    public init() { key = Curve25519.Signing.PrivateKey() }

    /// The key a key file's text holds.
    public init?(fileText: String) {
        let line = fileText.trimmingSpaces      // not Foundation's trimming: its first use costs ~0.85M instructions of runtime lookups
        guard line.hasPrefix(SigningKey.prefix), let seed = Data(base64Encoded: String(line.dropFirst(SigningKey.prefix.count))),
              let k = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return nil }
        key = k
    }

    /// The key file's text.
    public var fileText: String { SigningKey.prefix + key.rawRepresentation.base64EncodedString() + "\n" }

    /// The public half, as actors are registered with it.
    public var publicKey: ActorKey { ActorKey(bytes: Array(key.publicKey.rawRepresentation)) }

    /// The signature of `message`.
    func sign(_ message: [UInt8]) -> [UInt8] {
        // Ed25519 signing fails only on a broken key, which `init` refuses.
        Array((try? key.signature(for: message)) ?? Data())
    }
}

/// A registered actor, as the registry keeps it (its history lives in the journal).
public struct ActorRecord: Equatable, Sendable {
    public var name: ActorName
    /// What the actor is called (`洛阳市西工区教育局`).
    public var title: String
    public var key: ActorKey
    /// Who added it (nil for the first, self-presented actor).
    public var addedBy: ActorName?
    /// Set when the actor was revoked (its key signs nothing after that entry).
    public var revokedReason: String?
    public var isRevoked: Bool { revokedReason != nil }
}
