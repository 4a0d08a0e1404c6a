import Foundation
public import PulseAlerting
import Yams

/// Reads the alerting rules of Prometheus rule files (`groups[].rules[]` with `alert:`), the format
/// of `alerts/*.yml`. Recording rules are skipped.
public enum RuleFileLoader {
    private struct RuleFile: Decodable {
        struct Group: Decodable {
            var rules: [Rule]
        }

        struct Rule: Decodable {
            var alert: String?
            var expr: String
            var `for`: String?
            var labels: [String: String]?
            var annotations: [String: String]?
        }

        var groups: [Group]
    }

    public static func load(_ path: String) throws(RuleFileError) -> [(file: String, rule: RuleDefinition)] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RuleFileError(.unreadable, "\(path): cannot read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(RuleFileError) -> [(file: String, rule: RuleDefinition)] {
        let decoded: RuleFile
        do {
            decoded = try YAMLDecoder().decode(RuleFile.self, from: text)
        } catch {
            throw RuleFileError(.malformed, "\(file): not a Prometheus rule file: \(error)")
        }
        return decoded.groups.flatMap(\.rules).compactMap { rule in
            guard let alert = rule.alert else { return nil }
            return (
                file,
                RuleDefinition(
                    alert: alert, expr: rule.expr.trimmingCharacters(in: .whitespacesAndNewlines), holdFor: rule.for,
                    labels: rule.labels ?? [:], annotations: rule.annotations ?? [:])
            )
        }
    }
}
