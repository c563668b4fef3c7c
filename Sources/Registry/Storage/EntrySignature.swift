import Crypto

/// R22: in a governed registry every journal entry is signed by its actor's registered key.
/// The signature covers the SHA-256 of the frame header and of the payload before the
/// signature section (the last section); the entry's checksum then covers the signature.
enum EntrySignature {
    /// The digest an entry's actor signs: frame header (48 bytes) and signed payload.
    static func digest(header: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> [UInt8] {
        var h = SHA256()
        h.update(bufferPointer: header)
        h.update(bufferPointer: payload)
        return Array(h.finalize())
    }

    /// Why entry `entry` (its frame header and payload bytes as stored) is not properly signed,
    /// judged by the registry as it stood before the entry (journal order, never dates); nil
    /// when it is, or when the registry was and stays open.
    static func problem(_ entry: JournalEntry, header: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer,
                        before registry: Registry) -> StorageMessage? {
        guard registry.isGoverned || !entry.actorChanges.isEmpty else { return nil }
        guard let sig = entry.signature else { return .entryNotSigned }
        guard let name = ActorName(sig.actor) else { return .signedByNoActor(sig.actor) }
        let key: ActorKey
        if registry.isGoverned {
            guard let actor = registry.actor(name) else { return .signedByUnknownActor(name) }
            guard !actor.isRevoked else { return .signedByRevokedActor(name) }
            key = actor.key
        } else {
            // The entry that makes the registry governed is signed by the actor it adds.
            guard let first = entry.actorChanges.first(where: { $0.kind == .add && $0.name == name }), let k = first.key else {
                return .governingEntryUnsigned
            }
            key = k
        }
        let signed = UnsafeRawBufferPointer(rebasing: payload[..<sig.signedLength])
        guard key.verifies(sig.bytes, of: digest(header: header, payload: signed)) else {
            return .signatureMismatch(name)
        }
        return nil
    }
}
