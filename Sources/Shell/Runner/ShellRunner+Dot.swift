import Foundation
import RQL
import Registry

/// Dot commands: the shell's own settings, never part of RQL.
extension ShellRunner {
    func runDot(_ line: String, fileName: String?, lineNumber: Int) {
        let command: DotCommand
        do throws(DotCommandError) { command = try DotCommand.parse(line) } catch {
            report((fileName.map { "\($0):\(lineNumber): " } ?? "") + "error: \(error.message)")
            return
        }
        do throws(ShellError) {
            try run(command)
        } catch {
            report((fileName.map { "\($0):\(lineNumber): " } ?? "") + "error: \(error)")
        }
    }

    func run(_ command: DotCommand) throws(ShellError) {
        switch command {
        case .help(let topic):
            output.write(helpText(topic))
        case .open(let path):
            session.abandonTransaction()
            store?.close()
            store = nil
            try openRegistry(path)
        case .read(let file):
            runFile(file)
        case .mode(let m):
            mode = m
        case .headers(let on):
            headers = on
        case .timer(let on):
            timer = on
        case .output(let file):
            do throws(DotCommandError) { try output.redirect(to: file) } catch { throw ShellError(error.message) }
        case .today(let day):
            if let day {
                explicitToday = day
                session.registry.today = day
                session.registry.clock = { [unowned registry = session.registry] in Int64(registry.today.rawValue) * 86_400 }
            } else {
                output.write("\(session.registry.today)\n")
            }
        case .checkpoint:
            guard let store else { throw ShellError(".checkpoint needs a registry directory; this one is in memory") }
            try store.checkpoint()
            output.write("checkpoint written\n")
        case .quit:
            quitRequested = true
            stopping = true
        }
    }

    /// `.help`, `.help TOPIC`, and `.help rules R7` / `.help R7` for a rule's full text.
    func helpText(_ topic: String?) -> String {
        if let topic {
            let words = topic.split(separator: " ").map(String.init)
            let ruleWord = words.count == 2 && words[0].lowercased() == "rules" ? words[1] : words.count == 1 ? words[0] : ""
            if let rule = Rule(id: ruleWord) { return RuleHelp.text(for: rule) }
        }
        return HelpCatalog.standard.text(for: topic)
    }
}
