import PulseCore
import Logging
import PulseKafka

/// One service at work: consume a record, skip it if its event was handled already, emit the
/// follow-up event, commit every second, at the pace and with the failure its behaviour calls for.
struct ServiceLoop: Sendable {
    let service: ShopService
    let consumer: DemoConsumer
    let producer: DemoProducer
    let timeline: DemoTimeline
    let logger: Logger

    /// A common auto-commit interval; each commit is one OffsetCommit to the group coordinator.
    private static let commitInterval: Duration = .seconds(1)
    /// Short enough to notice `stop()` quickly.
    private static let pollTimeoutMilliseconds: Int32 = 100
    /// How often a new count of skipped duplicates is logged.
    private static let duplicateReportInterval: Duration = .seconds(10)

    func run(startedAt start: ContinuousClock.Instant, loops: BackgroundLoops) {
        var handled: [Int32: Int64] = [:]
        var committed: [Int32: Int64] = [:]
        var lastCommit = start
        var wasSlow = false
        var wasStalled = false
        var rewound = false
        var recentEvents = RecentEventIDs()
        var duplicates = 0
        var reportedDuplicates = 0
        var lastDuplicateReport = start
        let metadata: Logger.Metadata = ["pulse.demo.group": "\(service.group)"]
        while !loops.isStopping {
            let now = ContinuousClock.now
            let elapsed = now - start
            let stalled = timeline.isStalled(service.behaviour, at: elapsed)
            let limit = timeline.processingLimit(service.behaviour, at: elapsed)
            if stalled, !wasStalled { logger.info("demo: service stalls and stops committing", metadata: metadata) }
            if limit != nil, !wasSlow { logger.info("demo: service falls behind", metadata: metadata) }
            if limit == nil, wasSlow { logger.info("demo: service catches up", metadata: metadata) }
            wasStalled = stalled
            wasSlow = limit != nil

            if !rewound, timeline.shouldRewind(service.behaviour, at: elapsed), !handled.isEmpty {
                let target = handled.mapValues { max(0, $0 - timeline.rewindDepth) }
                if let error = consumer.rewind(to: target) {
                    logger.debug("demo: rewind failed, retrying", metadata: metadata.merging(["pulse.error": "\(error)"]) { $1 })
                } else {
                    rewound = true
                    handled = target
                    committed = target
                    logger.info(
                        "demo: service rewinds its offsets and replays",
                        metadata: metadata.merging(["pulse.demo.records_per_partition": "\(timeline.rewindDepth)"]) { $1 })
                }
            }
            if duplicates != reportedDuplicates, now - lastDuplicateReport >= Self.duplicateReportInterval {
                lastDuplicateReport = now
                reportedDuplicates = duplicates
                logger.info("demo: duplicate events skipped", metadata: metadata.merging(["pulse.demo.duplicates": "\(duplicates)"]) { $1 })
            }

            if !stalled, now - lastCommit >= Self.commitInterval {
                lastCommit = now
                let pending = handled.filter { committed[$0.key] != $0.value }
                if let error = consumer.commit(pending) {
                    // Expected while the coordinator is unreachable; the next commit carries the same offsets.
                    logger.debug("demo: commit failed", metadata: metadata.merging(["pulse.error": "\(error)"]) { $1 })
                } else {
                    committed.merge(pending) { $1 }
                }
            }

            // A stalled service still polls, as a consumer stuck on one record keeps heartbeating: the
            // group stays stable, only its committed offsets freeze.
            guard let record = consumer.poll(timeoutMilliseconds: Self.pollTimeoutMilliseconds), !stalled else { continue }
            handled[record.partition] = record.offset + 1
            if let id = ShopEvent.eventID(in: record.payload), !recentEvents.insert(id) {
                duplicates += 1
            } else {
                let event = ShopEvent(
                    type: service.emits, fields: [("order_id", Int(record.key) ?? 0), ("source_partition", Int(record.partition))])
                producer.send(topic: service.output, key: record.key, payload: event.json)
            }
            if let limit {
                sleepThread(for: .seconds(1 / limit))
            }
        }
    }
}
