/// Savepoints and transactions for the databases that hold the registry in memory
/// (`MemoryDatabase`, `DiskDatabase`): they differ only in what `persist` does with a
/// finished change, so this is written once.
struct LocalWrites {
    private(set) var state: TransactionState = .none
    /// Where `begin` stood, while a transaction is open.
    private var start: Savepoint?
    /// Events an abort undid, reported by the `rollback` or `commit` that ends it.
    private var abortedEvents = 0

    /// Persists the changes made since a savepoint as one entry named `label`.
    typealias Persist = (Savepoint, String?) throws(StorageError) -> Void

    mutating func write<T>(_ registry: Registry, label: String?, readOnly: StorageMessage?, persist: Persist,
                           _ body: (Registry) throws(RegistryError) -> T) throws(RegistryError) -> T {
        if let readOnly { throw RegistryError(nil, .storage(readOnly)) }
        if state == .aborted { throw RegistryError.transactionAborted }
        let sp = registry.savepoint()
        let result: T
        registry.writing = true
        defer { registry.writing = false }
        do throws(RegistryError) { result = try body(registry) } catch {
            registry.rollback(to: sp)
            if state == .open { abort(registry) }
            throw error
        }
        if state == .none, registry.savepoint() != sp {
            do throws(StorageError) { try persist(sp, label) } catch {
                registry.rollback(to: sp)
                throw RegistryError(error.rule, .storage(.changeNotSaved(error.id)))
            }
        }
        return result
    }

    mutating func begin(_ registry: Registry, readOnly: StorageMessage?) throws(RegistryError) {
        switch state {
        case .open: throw RegistryError(nil, .storage(.transactionAlreadyOpen))
        case .aborted: throw RegistryError.transactionAborted
        case .none: break
        }
        start = registry.savepoint()
        state = .open
    }

    mutating func commit(_ registry: Registry, persist: Persist) throws(RegistryError) -> Int {
        switch state {
        case .none:
            throw RegistryError(nil, .storage(.noTransactionOpen))
        case .aborted:
            let n = abortedEvents
            end()
            throw RegistryError(nil, .storage(.abortedTransactionRolledBack(undone: n)))
        case .open:
            let sp = start!
            let n = registry.ownEventCount(since: sp.events)
            end()
            if registry.savepoint() != sp {
                do throws(StorageError) { try persist(sp, "transaction") } catch {
                    registry.rollback(to: sp)
                    throw RegistryError(nil, .storage(.transactionNotSaved(error.id)))
                }
            }
            return n
        }
    }

    mutating func rollback(_ registry: Registry) throws(RegistryError) -> Int {
        switch state {
        case .none:
            throw RegistryError(nil, .storage(.noTransactionOpen))
        case .aborted:
            let n = abortedEvents
            end()
            return n
        case .open:
            let sp = start!
            let n = registry.ownEventCount(since: sp.events)
            registry.rollback(to: sp)
            end()
            return n
        }
    }

    mutating func abort(_ registry: Registry) {
        guard state == .open, let sp = start else { return }
        abortedEvents = registry.ownEventCount(since: sp.events)
        registry.rollback(to: sp)
        state = .aborted
    }

    /// Undoes an open transaction without a word (closing); returns whether there was one.
    mutating func discard(_ registry: Registry) -> Bool {
        guard state != .none else { return false }
        if state == .open, let sp = start { registry.rollback(to: sp) }
        end()
        return true
    }

    private mutating func end() { state = .none; start = nil; abortedEvents = 0 }
}
