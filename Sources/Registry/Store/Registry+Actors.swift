/// A change to the actors of a governed registry: journalled (a section of the entry that made
/// it) and replayed in order, so the table of actors at any entry is what the log says up to it.
struct ActorChange: Equatable, Sendable {
    enum Kind: UInt8 { case add = 0, revoke = 1 }
    var kind: Kind
    var name: ActorName
    /// The actor's title (add) or the reason (revoke).
    var text: String
    /// The key registered (add); nil for a revoke.
    var key: ActorKey?
    /// Who made the change; nil for the first actor, which presents its own key.
    var by: ActorName?
}

/// Actors and keys (WORKFLOW.md, "Actors and scopes"): a registry with no actor is open; the
/// first `add actor` (national or a province, presenting its own key) makes it governed.
extension Registry {
    /// Whether the registry has actors (rules R18–R22 apply).
    public var isGoverned: Bool { !actorLog.isEmpty }

    /// Every actor ever added, national first, then by level and code.
    public var registeredActors: [ActorRecord] { actorTable.values.sorted { $0.name < $1.name } }

    /// The actor registered under `name`, revoked or not.
    public func actor(_ name: ActorName) -> ActorRecord? { actorTable[name] }

    /// Registers `name` with `key`, by `by` (a registered actor above it whose scope holds it),
    /// or — in an open registry — by a session presenting `key` itself, which must be national
    /// or a province's. Adding an actor again with a new key replaces (revokes) its old key.
    public func addActor(_ name: ActorName, title: String, key: ActorKey, by: ActorName?, presenting: ActorKey?) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.schoolName, title)
        let title = title.trimmingSpaces
        guard !title.isEmpty else { throw RegistryError(nil, .governance(.actorNeedsName)) }
        if name.level == .school, schoolByCode[UInt64(name.code) ?? 0] == nil {
            throw RegistryError(nil, .identity(.noSchool(code: name.code)))
        }
        if !isGoverned {
            guard name.level >= .province else {
                throw RegistryError(.r18, .governance(.firstActorTooLow(actor: name)))
            }
            guard presenting == key else {
                throw RegistryError(.r22, .governance(.firstActorMustPresentKey(actor: name, key: key)))
            }
        } else {
            guard let by, let adder = actorTable[by], !adder.isRevoked else {
                throw RegistryError(.r18, .governance(.addingActorNeedsActor(actor: name)))
            }
            let rotating = by == name
            guard rotating || (covers(by, name) && by.level > name.level) else {
                throw RegistryError(.r18, .governance(.cannotAddActor(by: by, actor: name)))
            }
            if let old = actorTable[name], old.key == key, !old.isRevoked {
                throw RegistryError(nil, .governance(.actorKeyAlreadyRegistered(actor: name)))
            }
        }
        appendActorChange(ActorChange(kind: .add, name: name, text: title, key: key, by: isGoverned ? by : nil))
    }

    /// Ends `name`'s key, by an actor above it whose scope holds it. The last national or
    /// provincial actor cannot be revoked: nobody would be left to add actors.
    public func revokeActor(_ name: ActorName, reason: String, by: ActorName?) throws(RegistryError) {
        try checkWritable()
        try TextRules.check(.reason, reason)
        guard !reason.trimmingSpaces.isEmpty else { throw RegistryError(.r18, .governance(.revocationNeedsReason)) }
        guard let target = actorTable[name], !target.isRevoked else { throw RegistryError(nil, .governance(.notRegisteredActor(actor: name))) }
        guard let by, let revoker = actorTable[by], !revoker.isRevoked, covers(by, name), by.level > name.level || by == .national else {
            throw RegistryError(.r18, .governance(.cannotRevokeActor(by: by, actor: name)))
        }
        if name.level >= .province, !actorTable.values.contains(where: { $0.name != name && $0.name.level >= .province && !$0.isRevoked }) {
            throw RegistryError(.r18, .governance(.lastTopActor(actor: name)))
        }
        appendActorChange(ActorChange(kind: .revoke, name: name, text: reason.trimmingSpaces, key: nil, by: by))
    }

    /// Whether `a`'s scope holds `b`; a school actor's district is its school's recorded one.
    func covers(_ a: ActorName, _ b: ActorName) -> Bool {
        guard a.level != .national, b.level == .school, a.level != .school,
              let s = schoolByCode[UInt64(b.code) ?? 0] else { return a.covers(b) }
        return schoolRows[Int(s)].district.description.hasPrefix(a.code)
    }

    func appendActorChange(_ c: ActorChange) {
        actorLog.append(c)
        applyToTable(c)
    }

    private func applyToTable(_ c: ActorChange) {
        switch c.kind {
        case .add: actorTable[c.name] = ActorRecord(name: c.name, title: c.text, key: c.key!, addedBy: c.by, revokedReason: nil)
        case .revoke: actorTable[c.name]?.revokedReason = c.text
        }
    }

    /// The actor as the log stood before its last `n` changes (the entry being written).
    func actor(_ name: ActorName, beforeLast n: Int) -> ActorRecord? {
        guard n > 0 else { return actorTable[name] }
        var record: ActorRecord?
        for c in actorLog.dropLast(n) where c.name == name {
            switch c.kind {
            case .add: record = ActorRecord(name: c.name, title: c.text, key: c.key!, addedBy: c.by, revokedReason: nil)
            case .revoke: record?.revokedReason = c.text
            }
        }
        return record
    }

    /// The table as the log says (after a rollback removed changes).
    func rebuildActorTable() {
        actorTable = [:]
        for c in actorLog { applyToTable(c) }
    }
}
