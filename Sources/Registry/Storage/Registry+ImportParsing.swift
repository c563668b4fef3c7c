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
    }

    /// Where each column of a students CSV is (the header may order them freely).
    struct StudentColumns: Sendable {
        let byName: [String: Int]
        let id, name, gender, birth, ethnicity, hukou, school, grade, enrolled: Int

        init(_ col: [String: Int]) {
            byName = col
            id = col["id_card"]!; name = col["name"]!; gender = col["gender"]!; birth = col["birth_date"]!
            ethnicity = col["ethnicity"]!; hukou = col["hukou"]!; school = col["school"]!
            grade = col["grade"]!; enrolled = col["enrolled_on"]!
        }
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
    /// from 1 at its start; `base` is the line before it.
    func readStudents(_ csv: UnsafeRawBufferPointer, from start: Int, firstLine: Int, parts: Int, columns: StudentColumns,
                      _ body: (_ part: ParsedPart, _ base: Int) throws(RegistryError) -> Void) throws(RegistryError) {
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
            try body(part, base)
            base += part.lines
        }
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
        func fail(_ line: Int, _ problem: StorageMessage, rule: Rule? = nil) {
            part.refused.append(RefusedRow(line: line, rule: rule, problem: .storage(problem)))
        }
        while true {
            let line: Int
            do throws(CSVReader.Unterminated) { guard let l = try reader.next() else { break }; line = l } catch {
                fail(error.line, .quotedFieldNotClosed); break
            }
            part.records += 1
            if part.records % 4096 == 0, cancellation.isCancelled { part.cancelled = true; break }
            guard reader.count == c.byName.count else {
                fail(line, .fieldCount(expected: c.byName.count, found: reader.count)); continue
            }
            if let problem = Registry.utf8Problem(reader, c.byName) { fail(line, problem); continue }
            let genderText = reader.string(c.gender)
            guard let gender = Gender(text: genderText) else { fail(line, .badGender(genderText)); continue }
            guard let birth = reader.with(c.birth, CSVField.day) else {
                fail(line, .notDate(column: "birth_date", text: reader.string(c.birth))); continue
            }
            let hukouEmpty = reader.with(c.hukou) { $0.isEmpty }
            let hukou = reader.with(c.hukou, CSVField.district)
            guard hukouEmpty || hukou != nil else {
                fail(line, .notDistrictCode(column: "hukou", text: reader.string(c.hukou))); continue
            }
            guard let school = reader.with(c.school, CSVField.school) else {
                fail(line, .notSchoolCode(column: "school", text: reader.string(c.school))); continue
            }
            guard let grade = reader.with(c.grade, CSVField.int), (1...12).contains(grade) else {
                fail(line, .badGrade(reader.string(c.grade)), rule: .r5); continue
            }
            let enrolledEmpty = reader.with(c.enrolled) { $0.isEmpty }
            let enrolled: Day? = enrolledEmpty ? today : reader.with(c.enrolled, CSVField.day)
            guard let enrolled else {
                fail(line, .notDate(column: "enrolled_on", text: reader.string(c.enrolled))); continue
            }
            let idCard = reader.string(c.id)
            let p = NewStudent(name: reader.string(c.name), gender: gender, birth: birth, idCard: idCard.isEmpty ? nil : idCard,
                               ethnicity: reader.string(c.ethnicity), hukou: hukou)
            do throws(RegistryError) {
                let plan = try planEnrolment(p, schools: schools, at: school, grade: grade, class: nil,
                                             on: enrolled, today: today, reason: nil, agesAt: today)
                part.planned.append(PlannedRow(line: line, plan: plan))
            } catch {
                part.refused.append(RefusedRow(line: line, rule: error.rule, problem: error.id))
            }
        }
        part.lines = reader.line - 1
        part.bytes = bytes.count
        return part
    }
}
