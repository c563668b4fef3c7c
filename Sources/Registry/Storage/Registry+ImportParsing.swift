import Dispatch
import Foundation

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

    /// A row refused while parsing: its line in its part and the message after `FILE:LINE: `.
    struct RefusedRow: Sendable {
        var line: Int
        var message: String
    }

    /// What one part of a students CSV gave, in file order.
    struct ParsedPart: Sendable {
        var planned: [PlannedRow] = []
        var refused: [RefusedRow] = []
        /// Records read, refused ones included (for progress).
        var records = 0
        /// Lines the part spans: the next part's line numbers start this many after this one's.
        var lines = 0
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

    /// Below this many bytes of rows one thread reads the file: a second would cost more than it saves.
    static let bytesPerPart = 1 << 20

    /// Reads `csv` from `start` (the first data row, on line `firstLine`) in `parts` parts at
    /// once; the parts come back in file order with their line numbers made absolute.
    func parseStudents(_ csv: UnsafeRawBufferPointer, from start: Int, firstLine: Int, parts: Int,
                       columns: StudentColumns) -> [ParsedPart] {
        let starts = Registry.partStarts(csv, from: start, parts: parts)
        let schools = SchoolDirectory(self), today = self.today, cancellation = self.cancellation
        let n = starts.count
        let slots = UnsafeMutableBufferPointer<ParsedPart>.allocate(capacity: n)
        slots.initialize(repeating: ParsedPart())
        defer { slots.deinitialize(); slots.deallocate() }
        // Safe to share: `bytes` is only read, and stays valid until this function returns
        // (concurrentPerform returns when every iteration has); iteration i writes slot i
        // alone and nothing reads the slots before concurrentPerform returns.
        nonisolated(unsafe) let bytes = csv, out = slots
        DispatchQueue.concurrentPerform(iterations: n) { i in
            let end = i + 1 < n ? starts[i + 1] : bytes.count
            out[i] = Registry.parseStudents(UnsafeRawBufferPointer(rebasing: bytes[starts[i]..<end]), columns: columns,
                                            schools: schools, today: today, cancellation: cancellation)
        }
        var result = Array(slots)
        var base = firstLine - 1
        for i in result.indices {
            for k in result[i].planned.indices { result[i].planned[k].line += base }
            for k in result[i].refused.indices { result[i].refused[k].line += base }
            base += result[i].lines
        }
        return result
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
        for k in 1..<parts {
            let cut = max(start + (b.count - start) * k / parts, i)
            while true {
                guard let lf = find(0x0A, from: max(cut, i)) else { return starts }
                // A quote before that line feed may open a field that holds it.
                guard let q = find(0x22, from: i), q < lf else {
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
        func fail(_ line: Int, _ message: String) { part.refused.append(RefusedRow(line: line, message: message)) }
        while true {
            let line: Int
            do throws(CSVReader.Unterminated) { guard let l = try reader.next() else { break }; line = l } catch {
                fail(error.line, "a quoted field is never closed"); break
            }
            part.records += 1
            if part.records % 4096 == 0, cancellation.isCancelled { part.cancelled = true; break }
            guard reader.count == c.byName.count else {
                fail(line, "expected \(c.byName.count) fields, found \(reader.count)"); continue
            }
            if let problem = Registry.utf8Problem(reader, c.byName) { fail(line, problem); continue }
            let genderText = reader.string(c.gender)
            guard let gender = Gender(text: genderText) else { fail(line, "gender is M or F (男/女), not '\(genderText)'"); continue }
            guard let birth = reader.with(c.birth, CSVField.day) else {
                fail(line, "birth_date '\(reader.string(c.birth))' is not a date (YYYY-MM-DD)"); continue
            }
            let hukouEmpty = reader.with(c.hukou) { $0.isEmpty }
            let hukou = reader.with(c.hukou, CSVField.district)
            guard hukouEmpty || hukou != nil else {
                fail(line, "hukou '\(reader.string(c.hukou))' is not a 6-digit district code"); continue
            }
            guard let school = reader.with(c.school, CSVField.school) else {
                fail(line, "school '\(reader.string(c.school))' is not a 10-digit school code"); continue
            }
            guard let grade = reader.with(c.grade, CSVField.int), (1...12).contains(grade) else {
                fail(line, "[R5] grade '\(reader.string(c.grade))' is not a grade 1–12"); continue
            }
            let enrolledEmpty = reader.with(c.enrolled) { $0.isEmpty }
            let enrolled: Day? = enrolledEmpty ? today : reader.with(c.enrolled, CSVField.day)
            guard let enrolled else {
                fail(line, "enrolled_on '\(reader.string(c.enrolled))' is not a date (YYYY-MM-DD)"); continue
            }
            let idCard = reader.string(c.id)
            let p = NewStudent(name: reader.string(c.name), gender: gender, birth: birth, idCard: idCard.isEmpty ? nil : idCard,
                               ethnicity: reader.string(c.ethnicity), hukou: hukou)
            do throws(RegistryError) {
                let plan = try planEnrolment(p, schools: schools, at: school, grade: grade, class: nil,
                                             on: enrolled, reason: nil, agesAt: today)
                part.planned.append(PlannedRow(line: line, plan: plan))
            } catch {
                fail(line, error.rule.map { "[\($0)] " + error.message } ?? error.message)
            }
        }
        part.lines = reader.line - 1
        return part
    }
}
