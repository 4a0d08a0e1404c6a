import Foundation
import Yams

/// Yams' errors span several lines with a snippet; start-up errors are one line with the position.
enum YAMLErrorText {
    static func oneLine(_ error: any Error) -> String {
        guard let yaml = error as? YamlError else { return flatten("\(error)") }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let while_ = context.map { " (\($0.text) at line \($0.mark.line) column \($0.mark.column))" } ?? ""
            return "YAML error at line \(mark.line) column \(mark.column): \(problem)\(while_)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "YAML error at line \(context.mark.line): key \(duplicates.sorted().joined(separator: ", ")) given twice"
        case .reader(let problem, let offset, _, _):
            return "YAML error at byte \(offset.map(String.init) ?? "?"): \(problem)"
        default:
            return "YAML error: " + flatten(yaml.description)
        }
    }

    private static func flatten(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
