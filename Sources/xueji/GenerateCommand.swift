import ArgumentParser
import Foundation
import Generator
import Registry

/// `xueji generate`: writes a realistic, deterministic registry as the import CSVs, for
/// benchmarks, demos and trying the shell on a province-sized registry.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xueji generate",
        abstract: "Write schools.csv and students.csv for a generated registry.",
        discussion: """
            About 1,000 students a school; real Henan district codes (41xx) or, with --region luoyang, \
            Luoyang's districts (西工区 410303 and neighbours); primary, junior and senior schools; ages \
            consistent with grades; valid ID numbers (R2) with ~0.5% missing; ~10% hukou outside the \
            school's district; Chinese names; the family situation (migrant, left_behind: ~9% 随迁子女 in city \
            districts, ~20% 留守儿童 in counties, never both, ~2% unknown); a few planted likely duplicates. The \
            same seed gives the same files.

            Example:
              xueji generate --students 1000000 --seed 42 --out /tmp/henan
              xueji /tmp/henan-registry -c 'import schools from "/tmp/henan/schools.csv"; import students from "/tmp/henan/students.csv"'
            """)

    @Option(help: "Number of students.") var students: Int = 1000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Output directory (created when missing).", valueName: "DIR")) var out: String
    @Option(help: "Students per school (about).") var perSchool: Int = 1000
    @Option(help: "henan (default), luoyang, or china (a district in each of the 31 provinces).") var region: String = "henan"

    func validate() throws {
        guard students > 0 else { throw ValidationError("--students must be positive") }
        guard perSchool > 0 else { throw ValidationError("--per-school must be positive") }
        guard ["henan", "luoyang", "china"].contains(region) else { throw ValidationError("--region is henan, luoyang or china") }
    }

    func run() throws {
        var options = RegistryGenerator.Options(students: students, seed: seed)
        options.perSchool = perSchool
        if region == "luoyang" { options.districts = Regions.luoyang }
        if region == "china" { options.districts = Regions.china }
        var generator = RegistryGenerator(options)
        let schools = generator.schools()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try Data(RegistryGenerator.schoolsCSV(schools).utf8).write(to: URL(fileURLWithPath: out + "/schools.csv"))
        let bytes = generator.studentsCSV(schools: schools)
        try Data(bytes).write(to: URL(fileURLWithPath: out + "/students.csv"))
        print("wrote \(schools.count) schools and \(students) students to \(out)/schools.csv and \(out)/students.csv")
    }
}
