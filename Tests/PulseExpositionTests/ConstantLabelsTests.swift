import PulseCore
import Testing

@testable import PulseExposition

/// kafka_exporter's `--kafka.labels`: the same labels on every series of the page.
@Suite("Constant labels")
struct ConstantLabelsTests {
    static let labels: ConstantLabels = {
        do {
            return try ConstantLabels([("cluster", "prod"), ("env", FixtureSnapshot.hostileTopic)])
        } catch {
            Issue.record("fixture labels refused: \(error)")
            return ConstantLabels()
        }
    }()

    static let escapedPrefix = #"{cluster="prod",env="quirky\"topic\\name\nwith-🚀-über""#

    @Test("every series starts its labels with the constant ones, escaped; the rest of the page is unchanged")
    func everySeriesCarriesThem() {
        let plain = String(decoding: ExpositionRenderer.render(FixtureSnapshot.full), as: UTF8.self)
        let labelled = String(decoding: ExpositionRenderer.render(FixtureSnapshot.full, constantLabels: Self.labels), as: UTF8.self)
        let plainLines = plain.split(separator: "\n"), labelledLines = labelled.split(separator: "\n")
        #expect(plainLines.count == labelledLines.count)
        for (before, after) in zip(plainLines, labelledLines) {
            if before.hasPrefix("#") {
                #expect(before == after)
                continue
            }
            let name = before.prefix { $0 != "{" && $0 != " " }
            let rest = before.dropFirst(name.count)
            let expected = rest.hasPrefix("{") ? "\(name)\(Self.escapedPrefix),\(rest.dropFirst())" : "\(name)\(Self.escapedPrefix)}\(rest)"
            #expect(after == expected[...])
        }
    }

    @Test("without constant labels the page is byte for byte the same")
    func noneChangesNothing() {
        #expect(ExpositionRenderer.render(FixtureSnapshot.full, constantLabels: ConstantLabels()) == ExpositionRenderer.render(FixtureSnapshot.full))
    }

    @Test("promtool accepts the labelled page")
    func promtoolAccepts() throws {
        guard let promtool = try Promtool.locate() else { return }
        let result = try Promtool.checkMetrics(ExpositionRenderer.render(FixtureSnapshot.full, constantLabels: Self.labels), executable: promtool)
        #expect(result.status == 0 && result.output.isEmpty, "\(result.output)")
    }

    @Test("familyLabelNames holds every label name the full page uses, so a constant label can never duplicate one")
    func reservedNamesComplete() {
        let page = String(decoding: ExpositionRenderer.render(FixtureSnapshot.full), as: UTF8.self)
        var used = Set<String>()
        for line in page.split(separator: "\n") where !line.hasPrefix("#") {
            guard let open = line.firstIndex(of: "{") else { continue }
            // Label names are the identifiers right before `="`; values are skipped by scanning pairs.
            var rest = line[line.index(after: open)...]
            while let equals = rest.firstIndex(of: "=") {
                used.insert(String(rest[..<equals]))
                var index = rest.index(equals, offsetBy: 2)
                while rest[index] != "\"" { index = rest.index(after: rest[index] == "\\" ? rest.index(after: index) : index) }
                rest = rest[rest.index(after: index)...]
                guard rest.first == "," else { break }
                rest = rest.dropFirst()
            }
        }
        #expect(!used.isEmpty)
        #expect(used.subtracting(ConstantLabels.familyLabelNames).isEmpty, "\(used.subtracting(ConstantLabels.familyLabelNames))")
    }

    @Test("bad names are refused, naming the label", arguments: ["", "1a", "a-b", "__name", "topic", "consumergroup", "é"])
    func badNamesRefused(name: String) {
        #expect(throws: ConstantLabelsError.self) { try ConstantLabels([(name, "x")]) }
    }

    @Test("a name given twice is refused")
    func duplicateRefused() {
        #expect(throws: ConstantLabelsError.self) { try ConstantLabels([("a", "1"), ("a", "2")]) }
    }
}
