import Dispatch
import Foundation
import Synchronization

/// A students CSV parsed on every core. The file is cut at record starts into parts; each part
/// is read, its fields decoded and its rows planned (`Registry.planEnrolment`: every check that
/// needs no student of the registry) on its own thread into values; the registry then enrols
/// the planned rows on its one thread, in file order (R1, R3, indexes).
extension Registry {
    /// A data row planned for enrolment, on line `line` of its part (1 = the part's first line).
    struct PlannedRow: Sendable {
        var line: Int
        var plan: EnrolmentPlan
        /// The row's reason: the enrolment's (R6), and the status change's; nil when none.
        var reason: String?
        /// The status the row restores after its enrolment; nil for an active student.
        var status: ImportedStatus?
    }

    /// A status other than active that a row restores, and the day it began.
    struct ImportedStatus: Sendable {
        var status: Status
        var day: Day
    }

    /// A row refused while parsing: its line in its part, and why (after `FILE:LINE: `).
    struct RefusedRow: Sendable {
        var line: Int
        var rule: Rule?
        var problem: EngineMessage
    }

    /// What one part of a students CSV gave, in file order.
    struct ParsedPart: Sendable {
        var planned: [PlannedRow] = []
        var refused: [RefusedRow] = []
        /// Records read, refused ones included (for progress).
        var records = 0
        /// Lines the part spans: the next part's line numbers start this many after this one's.
        var lines = 0
        /// Bytes the part spans.
        var bytes = 0
        /// Stopped early because cancellation was requested.
        var cancelled = false
        /// Stopped at a record that is not UTF-8: the file is read again as GB18030, or refused.
        var notUTF8 = false
    }

    /// Where each column of a students file is (the header may order and name them freely):
    /// found once per file, so a row reads its fields by index.
    struct StudentColumns: Sendable {
        let header: HeaderMap<StudentColumn>
        let id, name, gender, birth, ethnicity, hukou, school, grade, enrolled: Int
        /// The optional columns; nil when the file has none.
        let no, klass, status, statusOn, reason: Int?
        /// The family situation's columns; nil when the file has none.
        let migrant, leftBehind: Int?

        init(_ h: HeaderMap<StudentColumn>) {
            header = h
            id = h[required: .idCard]; name = h[required: .name]; gender = h[required: .gender]; birth = h[required: .birthDate]
            ethnicity = h[required: .ethnicity]; hukou = h[required: .hukou]; school = h[required: .school]
            grade = h[required: .grade]; enrolled = h[required: .enrolledOn]
            no = h.index[.no]; klass = h.index[.class]; status = h.index[.status]; statusOn = h.index[.statusOn]; reason = h.index[.reason]
            migrant = h.index[.migrant]; leftBehind = h.index[.leftBehind]
        }

        /// Fields a row has.
        var count: Int { header.count }

        /// How messages name a column: as the file's header does.
        func label(_ c: StudentColumn) -> String { header.label(c) }
    }

    /// About this many bytes of rows make a part: small enough that enrolling starts soon after
    /// the first is read, big enough that handing parts over costs nothing.
    static let bytesPerPart = 1 << 20

    /// The parts of one import being read: helpers claim them in file order, put each one's
    /// rows in its slot and signal it; the registry's thread takes them in order.
    final class PartBoard: Sendable {
        let count: Int
        /// The next part nobody has claimed.
        let claimed = Atomic<Int>(0)
        let slots: Mutex<[ParsedPart?]>
        let ready: [DispatchSemaphore]

        init(count: Int) {
            self.count = count
            slots = Mutex(Array(repeating: nil, count: count))
            ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        /// Claims the next part, nil when all are claimed (or `stop` was called).
        func claim() -> Int? {
            let i = claimed.add(1, ordering: .relaxed).oldValue
            return i < count ? i : nil
        }

        /// No part is claimed after this.
        func stop() { claimed.store(count, ordering: .relaxed) }

        /// Hands over part `i`, read.
        func put(_ part: ParsedPart, at i: Int) {
            slots.withLock { $0[i] = part }
            ready[i].signal()
        }

        /// Part `i`, once read (nil if not yet and `wait` is false); its slot is emptied so its
        /// rows are freed when enrolled.
        func take(_ i: Int, wait: Bool) -> ParsedPart? {
            if wait { ready[i].wait() } else if ready[i].wait(timeout: .now()) == .timedOut { return nil }
            return slots.withLock { s in defer { s[i] = nil }; return s[i]! }
        }
    }

    /// Reads `csv` from `start` (the first data row, on line `firstLine`) in `parts` parts and
    /// calls `body` with each, in file order, on this thread, while other cores read the next
    /// ones (this thread reads a part itself when none is ready). A part's line numbers count
    /// from 1 at its start; `base` is the line before it. False when it stopped at a part that
    /// met a record not in UTF-8.
    func readStudents(_ csv: UnsafeRawBufferPointer, from start: Int, firstLine: Int, parts: Int, columns: StudentColumns,
                      _ body: (_ part: ParsedPart, _ base: Int) throws(RegistryError) -> Void) throws(RegistryError) -> Bool {
        let starts = Registry.partStarts(csv, from: start, parts: parts)
        let schools = SchoolDirectory(self), today = self.today, cancellation = self.cancellation
        let board = PartBoard(count: starts.count)
        // Safe to share: the bytes are only read, and stay valid until this function returns,
        // which waits (`group.wait()` below) for every helper to be done with them.
        nonisolated(unsafe) let bytes = csv
        let read: @Sendable (Int) -> Void = { i in
            let end = i + 1 < starts.count ? starts[i + 1] : bytes.count
            board.put(Registry.parseStudents(UnsafeRawBufferPointer(rebasing: bytes[starts[i]..<end]), columns: columns,
                                             schools: schools, today: today, cancellation: cancellation), at: i)
        }
        let group = DispatchGroup()
        let helpers = min(ProcessInfo.processInfo.activeProcessorCount - 1, starts.count - 1)
        for _ in 0..<max(0, helpers) {
            DispatchQueue.global().async(group: group) { while let i = board.claim() { read(i) } }
        }
        defer { board.stop(); group.wait() }
        var base = firstLine - 1
        for i in 0..<starts.count {
            // Until part i is ready, read the next unclaimed part here rather than wait: a helper
            // may be slow to get a core on a busy machine.
            var next: ParsedPart? = nil
            while next == nil {
                if let p = board.take(i, wait: false) { next = p } else if let j = board.claim() { read(j) } else { next = board.take(i, wait: true) }
            }
            let part = next!
            if part.cancelled { throw RegistryError.interrupted }   // the part was left unfinished
            if part.notUTF8 { return false }
            try body(part, base)
            base += part.lines
        }
        return true
    }

    /// Where the parts of `b[start...]` begin: `start`, then, near each even cut, the byte after
    /// the first line feed that ends a record — one outside any quoted field. The quotes are
    /// followed the way `CSVReader` reads them: a `"` opens a quoted field only at a field's
    /// start, a doubled `""` inside one stays inside. `memchr` jumps between the bytes that matter.
    static func partStarts(_ b: UnsafeRawBufferPointer, from start: Int, parts: Int) -> [Int] {
        var starts = [start]
        guard parts > 1, let base = b.baseAddress, start < b.count else { return starts }
        func find(_ byte: UInt8, from i: Int) -> Int? {
            guard i < b.count, let p = memchr(base + i, Int32(byte), b.count - i) else { return nil }
            return base.distance(to: UnsafeRawPointer(p))
        }
        var i = start                      // outside quotes at `i`
        var quote = find(0x22, from: i)    // the first quote at or after `i`, nil when none is left
        for k in 1..<parts {
            let cut = max(start + (b.count - start) * k / parts, i)
            while true {
                guard let lf = find(0x0A, from: max(cut, i)) else { return starts }
                if let q = quote, q < i { quote = find(0x22, from: i) }
                // A quote before that line feed may open a field that holds it.
                guard let q = quote, q < lf else {
                    if lf + 1 < b.count, lf + 1 > starts.last! { starts.append(lf + 1) }
                    i = max(i, lf + 1)
                    break
                }
                let fieldStart = q == start || b[q - 1] == 0x2C || b[q - 1] == 0x0A || b[q - 1] == 0x0D
                guard fieldStart else { i = q + 1; continue }
                var j = q + 1                  // inside the quoted field: find its closing quote
                while true {
                    guard let c = find(0x22, from: j) else { return starts }   // never closed: one part
                    if c + 1 < b.count, b[c + 1] == 0x22 { j = c + 2; continue }
                    i = c + 1; break
                }
            }
        }
        return starts
    }

    /// Reads and plans one part (a whole number of records) on the calling thread.
    static func parseStudents(_ bytes: UnsafeRawBufferPointer, columns c: StudentColumns, schools: SchoolDirectory,
                              today: Day, cancellation: Cancellation) -> ParsedPart {
        var reader = CSVReader(bytes, skippingBOM: false)
        var part = ParsedPart()
        while true {
            let line: Int
            do throws(CSVReader.Unterminated) { guard let l = try reader.next() else { break }; line = l } catch {
                part.refused.append(RefusedRow(line: error.line, rule: nil, problem: .storage(.quotedFieldNotClosed))); break
            }
            part.records += 1
            if part.records % 4096 == 0, cancellation.isCancelled { part.cancelled = true; break }
            // Not UTF-8: the whole file is read again as GB18030 or refused (`Registry.decoding`).
            if reader.firstInvalidUTF8() != nil { part.notUTF8 = true; break }
            planStudentRow(reader, line: line, columns: c, schools: schools, today: today, into: &part)
        }
        part.lines = reader.line - 1
        part.bytes = bytes.count
        return part
    }
}
