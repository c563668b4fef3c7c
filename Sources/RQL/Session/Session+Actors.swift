import Registry

/// Actors of a governed registry (WORKFLOW.md, "Actors and scopes"; R18, R22).
extension Session {
    func actorName(_ text: Located<String>) throws(Diagnostic) -> ActorName {
        guard let a = ActorName(text.value) else {
            throw Diagnostic(.notAnActor(text: text.value), at: text.span)
        }
        return a
    }

    func addActor(_ s: Statement.AddActor) throws(Diagnostic) -> [OutputItem] {
        try checkTexts([(.schoolName, s.name)])
        let name = try actorName(s.actor)
        guard let key = ActorKey(s.key.value) else {
            throw Diagnostic(.notAPublicKey(text: s.key.value), at: s.key.span)
        }
        let by = identity?.name, presenting = identity?.key.publicKey
        try change(s.span, spans: [.r18: s.actor.span, .r22: s.key.span]) { () throws(RegistryError) in
            try registry.addActor(name, title: s.name.value, key: key, by: by, presenting: presenting)
        }
        return [.said(.addedActor(actor: name.description, title: registry.actor(name)?.title ?? s.name.value)),
                .acknowledgement("add actor", ["actor": .text(name.description), "name": .text(registry.actor(name)?.title ?? s.name.value)])]
    }

    func revokeActor(_ s: Statement.RevokeActor) throws(Diagnostic) -> [OutputItem] {
        try checkTexts([(.reason, s.reason)])
        let name = try actorName(s.actor)
        let by = identity?.name
        try change(s.span, spans: [.r18: s.actor.span]) { () throws(RegistryError) in
            try registry.revokeActor(name, reason: s.reason.value, by: by)
        }
        return [.said(.revokedActor(actor: name.description)), .acknowledgement("revoke actor", ["actor": .text(name.description)])]
    }
}
