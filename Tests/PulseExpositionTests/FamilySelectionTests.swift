import PulseCore
import Testing

@testable import PulseExposition

/// `--metrics.include` / `--metrics.exclude`: whole-name regexes, exclude wins, liveness always kept.
@Suite("Family selection")
struct FamilySelectionTests {
    let full = ExpositionRenderer.render(FixtureSnapshot.full)

    func selection(include: [String] = [], exclude: [String] = []) throws -> FamilySelection {
        try FamilySelection(include: include, exclude: exclude)
    }

    func page(_ selection: FamilySelection) -> [UInt8] {
        ExpositionRenderer.render(FixtureSnapshot.full, selection: selection)
    }

    @Test("patterns match the whole family name, as Prometheus anchors them")
    func anchored() throws {
        let prefixOnly = try selection(include: ["kafka_topic"])
        #expect(prefixOnly.names.sorted() == FamilySelection.alwaysKept.sorted())
        let middle = try selection(include: ["consumergroup_lag"])
        #expect(middle.names.sorted() == FamilySelection.alwaysKept.sorted())

        let exact = try selection(include: ["kafka_consumergroup_lag"])
        #expect(Set(exact.names) == FamilySelection.alwaysKept.union(["kafka_consumergroup_lag"]))
        // An alternation is anchored as a whole (`^(?:a|b)$`), not only its first and last branch.
        let alternation = try selection(include: ["kafka_brokers|kafka_topic_partitions"])
        #expect(Set(alternation.names) == FamilySelection.alwaysKept.union(["kafka_brokers", "kafka_topic_partitions"]))
    }

    @Test("a family is exported when some include matches it and no exclude does; exclude wins")
    func excludeWins() throws {
        let chosen = try selection(include: ["kafka_consumergroup_.*", "kafka_brokers"], exclude: ["kafka_consumergroup_lag", ".*_seconds.*"])
        let names = Set(chosen.names)
        #expect(names.contains("kafka_consumergroup_lag_sum"))
        #expect(names.contains("kafka_consumergroup_current_offset"))
        #expect(names.contains("kafka_brokers"))
        #expect(!names.contains("kafka_consumergroup_lag"))
        #expect(!names.contains("kafka_consumergroup_lag_seconds"))
        #expect(!names.contains("kafka_consumergroup_max_lag_seconds"))
        #expect(!names.contains("kafka_topic_partitions"))
        // Included by both an include and an exclude: left out.
        let both = try selection(include: ["kafka_brokers"], exclude: ["kafka_brokers"])
        #expect(!both.names.contains("kafka_brokers"))
    }

    @Test("without an include everything but the excluded families is exported")
    func excludeOnly() throws {
        let chosen = try selection(exclude: ["kafka_topic_partition_.*"])
        let expected = FamilySelection.knownNames.filter { !$0.hasPrefix("kafka_topic_partition_") }
        #expect(chosen.names == expected)
    }

    @Test("kafka_pulse_up, the build info and the last-success timestamp stay whatever the patterns")
    func livenessAlwaysKept() throws {
        let nothing = try selection(exclude: [".*"])
        #expect(Set(nothing.names) == FamilySelection.alwaysKept)
        #expect(Set(familyNames(in: page(nothing))) == FamilySelection.alwaysKept)
        let other = try selection(include: ["kafka_brokers"], exclude: ["kafka_pulse_.*"])
        #expect(Set(other.names) == FamilySelection.alwaysKept.union(["kafka_brokers"]))
        // Each of them is a family the exporter really has.
        #expect(FamilySelection.alwaysKept.isSubset(of: FamilySelection.knownNames))
    }

    @Test("an excluded family is not on the page and every other line is unchanged")
    func pageLosesExactlyTheExcludedFamilies() throws {
        let excluded: Set = ["kafka_topic_partition_leader", "kafka_broker_leader_partitions", "kafka_broker_replica_partitions"]
        let chosen = try selection(exclude: ["kafka_topic_partition_leader", "kafka_broker_(leader|replica)_partitions"])
        let rendered = page(chosen)
        #expect(Set(familyNames(in: full)).subtracting(familyNames(in: rendered)) == excluded)
        #expect(rendered.lines == lines(of: full, without: excluded))
        // Nothing left reads the per-broker partition counts, so they are not computed.
        #expect(!chosen.needsBrokerLoad)
        #expect(FamilySelection.all.needsBrokerLoad)
    }

    @Test("the default selection renders the page byte for byte as before")
    func allIsTheWholePage() throws {
        #expect(page(.all) == full)
        #expect(FamilySelection.all.names == FamilySelection.knownNames)
        #expect(try selection(include: [".*"]).names == FamilySelection.knownNames)
    }

    @Test("an invalid regex is one line naming the flag, the pattern and the regex error")
    func invalidPattern() {
        #expect {
            try FamilySelection(include: ["kafka_(topic"], exclude: [])
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("--metrics.include kafka_(topic: not a valid regular expression: ") && !text.contains("\n")
        }
        #expect {
            try FamilySelection(include: ["kafka_.*"], exclude: ["[a-"])
        } throws: { error in
            "\(error)".hasPrefix("--metrics.exclude [a-: not a valid regular expression: ")
        }
    }

    @Test("a pattern that matches no family, or an exclude that matches only kept ones, is a warning")
    func warnings() throws {
        let typo = try selection(include: ["kafka_consumergroup_lagg", "kafka_brokers"], exclude: ["kafka_topic_partition_leaders", "kafka_pulse_up"])
        #expect(
            typo.warnings == [
                "--metrics.include kafka_consumergroup_lagg: matches no metric family (see docs/metrics.md)",
                "--metrics.exclude kafka_topic_partition_leaders: matches no metric family (see docs/metrics.md)",
                "--metrics.exclude kafka_pulse_up: matches only families that are always exported (kafka_pulse_up)",
            ])
        // The typo still selects what the other include says.
        #expect(typo.names.contains("kafka_brokers"))
        #expect(try selection(include: ["kafka_.*"], exclude: ["kafka_pulse_.*"]).warnings.isEmpty)
    }
}
