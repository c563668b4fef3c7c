import Registry

/// Generates a realistic, deterministic registry as the import CSVs (`schools.csv`,
/// `students.csv`): valid ID numbers (R2) with ~0.5% missing, ages consistent with grades
/// (R6), ~10% hukou outside the school's district, Chinese names, the family situation
/// (`FamilyShares`), and a few planted likely duplicates (the same child entered twice with a
/// mistyped ID number).
public struct RegistryGenerator {
    /// What to generate.
    public struct Options: Sendable {
        /// Number of students.
        public var students: Int
        /// Seed: the same seed gives the same files.
        public var seed: UInt64
        /// About how many students a school holds.
        public var perSchool: Int = 1000
        /// Districts schools are placed in.
        public var districts: [Regions.District] = Regions.henan
        /// The first day of the current school year (everyone's `enrolled_on`).
        public var schoolYearStart: Day = Day(year: 2025, month: 9, day: 1)!
        /// How many likely duplicates to plant.
        public var plantedDuplicates: Int? = nil
        /// Makes options.
        public init(students: Int, seed: UInt64) { self.students = students; self.seed = seed }
    }

    /// The options in force.
    public let options: Options
    private var rng: SplitMix
    /// The family situation's own stream: its draws leave every other column as it was before
    /// the two columns existed, for the same seed.
    private var familyRng: SplitMix

    /// A generator for the options.
    public init(_ options: Options) {
        self.options = options
        rng = SplitMix(seed: options.seed)
        familyRng = SplitMix(seed: options.seed ^ 0xFA41_17C0_DE5E_ED17)
    }

    /// A school as generated.
    public struct GeneratedSchool: Sendable { public let code: String; public let name: String; public let stage: Stage; public let district: UInt32 }

    /// The schools: at least one of each stage; primary about half, junior and senior the rest.
    public mutating func schools() -> [GeneratedSchool] {
        let n = max(3, (options.students + options.perSchool - 1) / options.perSchool)
        var out: [GeneratedSchool] = []
        var seqs: [UInt32: Int] = [:]
        var counts: [String: Int] = [:]
        for i in 0..<n {
            let stage: Stage = i < 3 ? [.primary, .junior, .senior][i] : (rng.below(10) < 5 ? .primary : rng.below(10) < 6 ? .junior : .senior)
            // The first district (西工区 for Luoyang) gets one school of each stage; then every
            // district in turn, then at random.
            let d = i < 3 ? options.districts[0]
                : i - 2 < options.districts.count ? options.districts[i - 2] : options.districts[rng.below(options.districts.count)]
            let seq = (seqs[d.code] ?? 0) + 1
            seqs[d.code] = seq
            let kind = stage == .primary ? "小学" : stage == .junior ? "初级中学" : "高级中学"
            let key = "\(d.code)\(kind)"
            counts[key, default: 0] += 1
            let ordinal = Self.chineseOrdinal(counts[key]!)
            let prefix = d.code / 100 == 4103 ? "洛阳市" + d.name : d.name
            out.append(GeneratedSchool(code: String(d.code) + String(seq).leftPad(4), name: "\(prefix)第\(ordinal)\(kind)", stage: stage, district: d.code))
        }
        return out
    }

    /// Writes `schools.csv` and returns its text.
    public static func schoolsCSV(_ schools: [GeneratedSchool]) -> String {
        var s = "code,name,stage,district\n"
        for x in schools { s += "\(x.code),\(x.name),\(x.stage.rawValue),\(x.district)\n" }
        return s
    }

    /// The students CSV (header + one row a student) for the schools, as UTF-8 bytes.
    public mutating func studentsCSV(schools: [GeneratedSchool], progress: ((Int, Int) -> Void)? = nil) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(options.students * 80)
        out += Array("id_card,name,gender,birth_date,ethnicity,hukou,school,grade,enrolled_on,migrant,left_behind\n".utf8)
        let planted = options.plantedDuplicates ?? max(1, options.students / 100_000 + (options.students >= 100 ? 2 : 0))
        let regular = options.students - planted
        var kept: [(id: [UInt8], name: String, gender: Gender, birth: Day, eth: String, hukou: UInt32, grade: Int, school: String, stage: Stage,
                    family: FamilyShares.Answer)] = []
        let stride = max(1, regular / max(planted, 1))
        var serials: [UInt64: Int] = [:]
        var wanted = false
        let enrolled = Array(options.schoolYearStart.description.utf8)
        let ref = Day(year: options.schoolYearStart.civil.year, month: 8, day: 31)!
        for i in 0..<regular {
            let school = schools[i % schools.count]
            let grade = school.stage.grades.lowerBound + rng.below(school.stage.grades.count)
            let age = grade + 5 + (rng.below(10) < 8 ? 0 : 1)
            // Born within the year that makes the child exactly `age` on 31 August.
            let youngest = ref.adding(years: -age)
            let birth = youngest.adding(days: -rng.below(365))
            let gender: Gender = rng.below(2) == 0 ? .male : .female
            let hukou: UInt32
            if rng.below(100) < 90 { hukou = school.district }
            else if school.stage == .senior && rng.below(3) == 0 { hukou = Regions.elsewhere[rng.below(Regions.elsewhere.count)].code }
            else { hukou = options.districts[rng.below(options.districts.count)].code }
            let name = randomName()
            let eth = randomEthnicity()
            let hasID = rng.below(1000) >= 5
            let id = hasID ? Array(Self.idNumber(district: hukou, birth: birth, serial: nextSerial(&serials, hukou, birth, gender), gender: gender).utf8) : []
            let family = FamilyShares.draw(&familyRng, school: school.district, stage: school.stage, hukouHere: hukou == school.district)
            appendRow(&out, id: id, name: name, gender: gender, birth: birth, eth: eth, hukou: hukou, school: school.code, grade: grade,
                      enrolled: enrolled, family: family)
            if i % stride == stride / 2 { wanted = true }
            if wanted, kept.count < planted, hasID {
                kept.append((id, name, gender, birth, eth, hukou, grade, school.code, school.stage, family))
                wanted = false
            }
            if let progress, i % 100_000 == 0 { progress(i, options.students) }
        }
        // Planted likely duplicates: the same child at another school of the same stage, with a
        // mistyped (but valid) ID number — same name, birth and gender under a second number.
        for (k, p) in kept.enumerated() {
            let others = schools.filter { $0.stage == p.stage }
            let at = others.firstIndex { $0.code == p.school } ?? k
            let school = others[(at + 1) % others.count]
            // A fresh serial of the same district and birth date: valid, and never anyone else's.
            let id = Array(Self.idNumber(district: p.hukou, birth: p.birth, serial: nextSerial(&serials, p.hukou, p.birth, p.gender), gender: p.gender).utf8)
            appendRow(&out, id: id, name: p.name, gender: p.gender, birth: p.birth, eth: p.eth, hukou: p.hukou, school: school.code, grade: p.grade,
                      enrolled: enrolled, family: p.family)
        }
        return out
    }

    private func appendRow(_ out: inout [UInt8], id: [UInt8], name: String, gender: Gender, birth: Day, eth: String,
                           hukou: UInt32, school: String, grade: Int, enrolled: [UInt8], family: FamilyShares.Answer) {
        out += id; out.append(44)
        out += Array(name.utf8); out.append(44)
        out.append(gender == .male ? 77 : 70); out.append(44)
        out += Array(birth.description.utf8); out.append(44)
        out += Array(eth.utf8); out.append(44)
        out += Array(String(hukou).utf8); out.append(44)
        out += Array(school.utf8); out.append(44)
        out += Array(String(grade).utf8); out.append(44)
        out += enrolled
        out += family.cells; out.append(10)
    }

    /// The next unused 3-digit serial for a district, birth date and sex: ID numbers must be
    /// unique (R1), and 1,000 random serials collide within a large province.
    private func nextSerial(_ used: inout [UInt64: Int], _ district: UInt32, _ birth: Day, _ gender: Gender) -> Int {
        let key = UInt64(district) << 32 | UInt64(UInt32(bitPattern: birth.rawValue)) << 1 | (gender == .male ? 1 : 0)
        let n = used[key, default: 0]
        used[key] = n + 1
        let start = Int((key &* 0x9E37_79B9_7F4A_7C15) >> 56) * 2          // spread serials, deterministically
        return (start + 2 * n + (gender == .male ? 1 : 0)) % 1000
    }

    /// A valid 18-character ID number: district, birth date, serial with the sex parity, check.
    public static func idNumber(district: UInt32, birth: Day, serial: Int, gender: Gender) -> String {
        var s = serial % 1000
        if (s % 2 == 1) != (gender == .male) { s = s % 2 == 1 ? s - 1 : s + 1 }
        let head = String(district) + birth.compact + String(s).leftPad(3)
        return head + String(IDCardNumber.checkCharacter(for: UInt64(head)!))
    }

    private mutating func randomName() -> String {
        let r = rng.below(1000)
        let surname = Regions.surnames[r < 600 ? rng.below(10) : r < 990 ? rng.below(Regions.surnames.count - 3) : Regions.surnames.count - 3 + rng.below(3)]
        let g = Regions.givenCharacters
        return surname + g[rng.below(g.count)] + (rng.below(10) < 7 ? g[rng.below(g.count)] : "")
    }

    private mutating func randomEthnicity() -> String {
        var r = rng.below(1000)
        for (e, w) in Regions.ethnicities { if r < w { return e }; r -= w }
        return "汉族"
    }

    static func chineseOrdinal(_ n: Int) -> String {
        let d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n < 10 { return d[n] }
        if n < 20 { return "十" + d[n % 10] }
        if n < 100 { return d[n / 10] + "十" + d[n % 10] }
        return String(n)
    }
}

/// SplitMix64: small, fast and the same on every platform, so a seed always gives the same data
/// (the generator's, and the tests' random statements).
public struct SplitMix: RandomNumberGenerator, Sendable {
    /// The internal state; the next value is derived from it.
    public var state: UInt64
    /// Starts from a seed (mixed once, so seeds 0 and 1 differ at once).
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    /// Starts from a raw state.
    public init(state: UInt64) { self.state = state }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A number in `0..<n` (modulo bias is irrelevant for test data).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
