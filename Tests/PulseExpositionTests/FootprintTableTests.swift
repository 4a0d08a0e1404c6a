import Foundation
import PulseCore
import Testing

@testable import PulseExposition

/// docs/metrics.md's "How many series" table is what the renderer produces: each row is rendered
/// from a steady-state synthetic cluster and its series counted per broker, topic, partition,
/// group, group and topic, group and partition, so the page cannot grow without the table saying so.
@Suite("Footprint table")
struct FootprintTableTests {
    /// Series counts of one page, per entity that multiplies them.
    struct Footprint: Equatable, CustomStringConvertible {
        var cluster = 0
        var broker = 0
        var topic = 0
        var partition = 0
        var group = 0
        var groupTopic = 0
        var groupPartition = 0

        var columns: [Int] { [cluster, broker, topic, partition, group, groupTopic, groupPartition] }
        var description: String { columns.map(String.init).joined(separator: " | ") }

        /// Series on a page of this shape, the exporter's own not counted.
        func total(brokers: Int, topics: Int, partitions: Int, groups: Int, groupTopics: Int, groupPartitions: Int) -> Int {
            cluster + broker * brokers + topic * topics + partition * partitions + group * groups + groupTopic * groupTopics
                + groupPartition * groupPartitions
        }
    }

    /// The table's first column, and the options each row stands for.
    static let rows: [(label: String, options: ExportOptions)] = [
        ("defaults", ExportOptions()),
        ("`--no-group.partition-series`", ExportOptions(groupPartitionSeries: false)),
        ("`--topic.partition-rates`", ExportOptions(partitionProduceRates: true)),
        ("`--group.partition-status`", ExportOptions(partitionStatusSeries: true)),
    ]

    static let shape = FootprintSnapshot()

    /// Counts a page's Kafka series by the labels that multiply them; `kafka_pulse_*` (the exporter's
    /// own, which depend on its phases and requests, not on the cluster) are left out.
    static func footprint(of page: [UInt8], shape: FootprintSnapshot = shape) -> Footprint {
        var raw = Footprint()
        for line in page.lines where !line.isEmpty && !line.hasPrefix("#") && !line.hasPrefix("kafka_pulse_") {
            let labels = Set(labelNames(line))
            switch (labels.contains("consumergroup"), labels.contains("topic"), labels.contains("partition")) {
            case (true, _, true): raw.groupPartition += 1
            case (true, true, false): raw.groupTopic += 1
            case (true, false, false): raw.group += 1
            case (false, _, true): raw.partition += 1
            case (false, true, false): raw.topic += 1
            case (false, false, false) where line.hasPrefix("kafka_broker_"): raw.broker += 1
            default: raw.cluster += 1
            }
        }
        var perEntity = raw
        perEntity.broker = raw.broker / shape.brokers
        perEntity.topic = raw.topic / shape.topics
        perEntity.partition = raw.partition / (shape.topics * shape.partitions)
        perEntity.group = raw.group / shape.groups
        perEntity.groupTopic = raw.groupTopic / shape.groupTopics
        perEntity.groupPartition = raw.groupPartition / shape.groupPartitions
        // Per entity only if it divides evenly: otherwise a family is not counted per that entity.
        #expect(raw.broker % shape.brokers == 0 && raw.topic % shape.topics == 0)
        #expect(raw.partition % (shape.topics * shape.partitions) == 0 && raw.group % shape.groups == 0)
        #expect(raw.groupTopic % shape.groupTopics == 0 && raw.groupPartition % shape.groupPartitions == 0)
        return perEntity
    }

    static func labelNames(_ line: String) -> [Substring] {
        guard let open = line.firstIndex(of: "{") else { return [] }
        // Label values in the footprint cluster hold no `,` or `=`, so splitting is enough here.
        return line[line.index(after: open)...].split(separator: ",").compactMap { $0.split(separator: "=").first }
    }

    /// The rows of the table under "## How many series" in docs/metrics.md: label and numbers.
    static func documentedTable() throws -> [String: [Int]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/metrics.md")
        let text = try String(contentsOf: url, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "\n## How many series\n").dropFirst().first)
        var table: [String: [Int]] = [:]
        for line in section.split(separator: "\n").prefix(while: { !$0.hasPrefix("## ") }) where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = cells.dropFirst().compactMap { Int($0) }
            guard numbers.count == cells.count - 1, let label = cells.first else { continue }
            table[label] = numbers
        }
        return table
    }

    @Test("docs/metrics.md's table gives each switch's series per cluster, broker, topic, partition, group, group-topic, group-partition")
    func tableMatchesRenderer() throws {
        let table = try Self.documentedTable()
        #expect(table.count == Self.rows.count, "rows in docs/metrics.md: \(table.keys.sorted())")
        for row in Self.rows {
            let measured = Self.footprint(of: ExpositionRenderer.render(Self.shape.snapshot(options: row.options)))
            let documented = try #require(table[row.label], "docs/metrics.md has no row \(row.label); measured: | \(row.label) | \(measured) |")
            #expect(documented == measured.columns, "\(row.label): docs/metrics.md says \(documented), the renderer gives | \(measured) |")
        }
    }

    @Test("the per-entity counts add up to the page: a second cluster shape gives the same numbers")
    func countsArePerEntity() {
        var other = FootprintSnapshot()
        other.brokers = 5
        other.topics = 7
        other.partitions = 3
        other.groups = 2
        other.topicsPerGroup = 3
        for row in Self.rows {
            let page = ExpositionRenderer.render(other.snapshot(options: row.options))
            let footprint = Self.footprint(of: page, shape: other)
            #expect(footprint == Self.footprint(of: ExpositionRenderer.render(Self.shape.snapshot(options: row.options))))
            let kafkaSeries = page.lines.count { !$0.isEmpty && !$0.hasPrefix("#") && !$0.hasPrefix("kafka_pulse_") }
            let total = footprint.total(
                brokers: other.brokers, topics: other.topics, partitions: other.topics * other.partitions, groups: other.groups,
                groupTopics: other.groupTopics, groupPartitions: other.groupPartitions)
            #expect(total == kafkaSeries)
        }
    }
}
