/// An array of plain rows that may start inside a mapped registry image: elements
/// `0..<baseCount` are read (and changed) in place in the image's private mapping, later ones
/// live in an ordinary array. Opening a registry hands the image's rows, events and index
/// tables to columns without copying or decoding them; a change to a mapped row copies only
/// its page (the mapping is `MAP_PRIVATE`), and rows added after the open are appended.
///
/// A column shares its mapped part with its copies: the registry owns each column, and
/// nothing keeps a copy to compare against later.
struct Column<Element: BitwiseCopyable>: RandomAccessCollection, MutableCollection {
    private var base: UnsafeMutablePointer<Element>?
    /// Elements in the mapped part.
    private(set) var baseCount: Int
    private var tail: [Element]
    /// Keeps the mapping alive while any column points into it.
    private var owner: AnyObject?

    /// An empty column.
    init() { base = nil; baseCount = 0; tail = []; owner = nil }

    /// A column holding `array` (nothing mapped).
    init(_ array: [Element]) { base = nil; baseCount = 0; tail = array; owner = nil }

    /// A column whose first `count` elements lie at `mapped`, inside memory `owner` keeps alive.
    init(mapped: UnsafeMutablePointer<Element>, count: Int, owner: AnyObject) {
        base = mapped; baseCount = count; tail = []; self.owner = owner
    }

    var startIndex: Int { 0 }
    var endIndex: Int { baseCount + tail.count }
    var count: Int { baseCount + tail.count }
    var isEmpty: Bool { baseCount == 0 && tail.isEmpty }

    subscript(i: Int) -> Element {
        @inline(__always) get {
            // One unsigned compare: a negative index goes to the array, which traps.
            if UInt(bitPattern: i) < UInt(baseCount) { return base.unsafelyUnwrapped[i] }
            return tail[i - baseCount]
        }
        @inline(__always) _modify {
            if UInt(bitPattern: i) < UInt(baseCount) { yield &base.unsafelyUnwrapped[i] } else { yield &tail[i - baseCount] }
        }
    }

    mutating func append(_ e: Element) { tail.append(e) }
    mutating func append(contentsOf s: some Sequence<Element>) { tail.append(contentsOf: s) }

    @discardableResult
    mutating func removeLast() -> Element {
        if !tail.isEmpty { return tail.removeLast() }
        precondition(baseCount > 0, "removeLast on an empty column")
        baseCount -= 1
        return base.unsafelyUnwrapped[baseCount]
    }

    mutating func removeLast(_ n: Int) { for _ in 0..<n { removeLast() } }

    /// Room for `n` elements in all.
    mutating func reserveCapacity(_ n: Int) { tail.reserveCapacity(Swift.max(0, n - baseCount)) }

    /// The elements as one buffer. A column split between the image and the array is first
    /// copied whole into the array (index tables are either wholly mapped or wholly owned).
    mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        if tail.isEmpty, let base { return try body(UnsafeMutableBufferPointer(start: base, count: baseCount)) }
        if baseCount > 0 { tail = Array(self); base = nil; baseCount = 0; owner = nil }
        return try tail.withUnsafeMutableBufferPointer { try body($0) }
    }

    /// The elements as raw bytes, in one or two runs (the mapped part, then the array), for
    /// writing an image without copying the rows first.
    func withRuns<R>(_ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let first = UnsafeRawBufferPointer(start: base.map(UnsafeRawPointer.init), count: baseCount * MemoryLayout<Element>.stride)
        return try tail.withUnsafeBytes { try body(first, $0) }
    }
}

/// Variable-length records (texts, field changes, long names) that may start inside a mapped
/// image: there they are an offset table and a byte run, decoded one at a time when read;
/// records added after the open live in an array. Records are only ever appended, and removed
/// from the end by a rollback.
struct RecordList<Element> {
    /// `baseCount + 1` offsets into `bytes`.
    private var offsets: UnsafePointer<UInt64>?
    private var bytes: UnsafePointer<UInt8>?
    private(set) var baseCount: Int
    private var tail: [Element]
    private var owner: AnyObject?
    private let decode: (UnsafeRawBufferPointer) -> Element

    /// A list holding `array`, decoding mapped records with `decode`.
    init(_ array: [Element] = [], decode: @escaping (UnsafeRawBufferPointer) -> Element) {
        offsets = nil; bytes = nil; baseCount = 0; tail = array; owner = nil; self.decode = decode
    }

    /// A list whose first `count` records are `bytes[offsets[i]..<offsets[i+1]]`.
    init(offsets: UnsafePointer<UInt64>, bytes: UnsafePointer<UInt8>, count: Int, owner: AnyObject,
         decode: @escaping (UnsafeRawBufferPointer) -> Element) {
        self.offsets = offsets; self.bytes = bytes; baseCount = count; tail = []; self.owner = owner; self.decode = decode
    }

    var count: Int { baseCount + tail.count }
    var isEmpty: Bool { count == 0 }

    subscript(i: Int) -> Element {
        if UInt(bitPattern: i) < UInt(baseCount) { return decode(encoded(i)) }
        return tail[i - baseCount]
    }

    /// The mapped bytes of record `i` (< baseCount).
    func encoded(_ i: Int) -> UnsafeRawBufferPointer {
        let o = offsets.unsafelyUnwrapped, a = Int(o[i]), b = Int(o[i + 1])
        return UnsafeRawBufferPointer(start: bytes.unsafelyUnwrapped + a, count: b - a)
    }

    /// Records `range`, decoded.
    subscript(range: Range<Int>) -> [Element] { range.map { self[$0] } }

    mutating func append(_ e: Element) { tail.append(e) }
    mutating func append(contentsOf s: some Sequence<Element>) { tail.append(contentsOf: s) }

    mutating func removeLast() {
        if !tail.isEmpty { tail.removeLast(); return }
        precondition(baseCount > 0, "removeLast on an empty list")
        baseCount -= 1
    }

    mutating func removeLast(_ n: Int) { for _ in 0..<n { removeLast() } }

    /// Every record, decoded (small lists: interned ethnicities and actors).
    var all: [Element] { (0..<count).map { self[$0] } }

    /// The mapped part's offsets and bytes (empty when nothing is mapped), and the array part:
    /// an image writer copies the first as they are and encodes only the second.
    func parts() -> (offsets: UnsafeBufferPointer<UInt64>, bytes: UnsafeRawBufferPointer, tail: ArraySlice<Element>) {
        guard baseCount > 0, let offsets, let bytes else {
            return (UnsafeBufferPointer(start: nil, count: 0), UnsafeRawBufferPointer(start: nil, count: 0), tail[...])
        }
        return (UnsafeBufferPointer(start: offsets, count: baseCount + 1),
                UnsafeRawBufferPointer(start: bytes, count: Int(offsets[baseCount])), tail[...])
    }
}
