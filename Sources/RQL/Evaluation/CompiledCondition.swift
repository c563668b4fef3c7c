import Registry

/// A student condition compiled to a closure over stored rows: fields with integer keys are
/// compared as integers, so a scan builds no `Value`s or strings for them. Only the current
/// state: `as of` folds histories and uses `Condition.matches` on the folded record.
struct CompiledCondition {
    let test: (StudentID) -> Bool

    init(_ c: StudentCondition, _ r: Registry) {
        test = CompiledCondition.compile(c, r)
    }

    static func compile(_ c: StudentCondition, _ r: Registry) -> (StudentID) -> Bool {
        switch c {
        case .always:
            return { _ in true }
        case .compare(let f, let op, let v):
            if Registry.isKeyable(f), op == .eq || op == .ne || Registry.keyIsOrdered(f) {
                guard let k = r.key(f, for: v) else {
                    // The constant cannot occur (unknown code or name): `=` never holds; `!=` holds
                    // for every non-null value.
                    if op == .ne { return { r.key(f, of: $0) != nil } }
                    if op == .eq { return { _ in false } }
                    break
                }
                switch op {
                case .eq: return { r.key(f, of: $0) == k }
                case .ne: return { r.key(f, of: $0).map { $0 != k } ?? false }
                case .lt: return { r.key(f, of: $0).map { $0 < k } ?? false }
                case .le: return { r.key(f, of: $0).map { $0 <= k } ?? false }
                case .gt: return { r.key(f, of: $0).map { $0 > k } ?? false }
                case .ge: return { r.key(f, of: $0).map { $0 >= k } ?? false }
                }
            }
            if f == .name, case .text(let s) = v, op == .eq { return { r.name(of: $0) == s } }
        case .inList(let f, let set, let neg) where Registry.isKeyable(f):
            let keys = Set(set.compactMap { r.key(f, for: $0) })
            return { id in r.key(f, of: id).map { keys.contains($0) != neg } ?? false }
        case .between(let f, let a, let b, let neg) where Registry.keyIsOrdered(f):
            if let ka = r.key(f, for: a), let kb = r.key(f, for: b) {
                return { id in r.key(f, of: id).map { ($0 >= ka && $0 <= kb) != neg } ?? false }
            }
        case .like(.name, let p, let neg):
            return { id in p.matches(r.name(of: id)) != neg }
        case .isNull(let f, let neg) where Registry.isKeyable(f):
            return { id in (r.key(f, of: id) == nil) != neg }
        case .and(let a, let b):
            let x = compile(a, r), y = compile(b, r)
            return { x($0) && y($0) }
        case .or(let a, let b):
            let x = compile(a, r), y = compile(b, r)
            return { x($0) || y($0) }
        case .not(let a):
            let x = compile(a, r)
            return { !x($0) }
        default:
            break
        }
        return { id in c.matches { r.value($0, of: id) } }
    }
}
