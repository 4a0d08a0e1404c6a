import PulseCore

extension DemoShop {
    /// What the demo will show and when, from the timeline itself, for the exporter to print at
    /// start: the newcomer knows what to look for, and the times cannot drift from the script.
    public static var guide: [String] {
        let timeline = DemoTimeline()
        func at(_ duration: Duration) -> String { "\(Int(duration.inSeconds)) s" }
        return [
            "orders.events gets \(Int(timeline.orderRate)) orders/s, bursts of \(Int(timeline.burstOrderRate))/s every \(at(timeline.burstPeriod))"
                + " (dashboard Kafka topics: produce rates)",
            "payment-service keeps up (status ok)",
            "inventory-service handles \(Int(timeline.slowProcessingRate)) records/s until \(at(timeline.slowPhaseEnd)), then catches up"
                + " (status warning while the lag grows; dashboard Kafka consumer groups: lag, lag seconds, catch-up time)",
            // The mock cannot describe groups, so membership is unknown and the status rules read a
            // frozen committed offset as a stop (a stall needs members seen to be present).
            "shipping-service stops committing at \(at(timeline.stallStart)) (status stop within a status window;"
                + " alert KafkaConsumerGroupStopped after its 5 min, KafkaConsumerGroupLagSecondsHigh later)",
            "notification-service rewinds \(timeline.rewindDepth) records per partition at \(at(timeline.rewindAt)) and skips the"
                + " replayed events as duplicates (status rewind; alert KafkaConsumerGroupRewound at once)",
            "broker \(timeline.outageBroker) is down from \(at(timeline.outage.lowerBound)) to \(at(timeline.outage.upperBound))"
                + " (its partitions' offsets unknown, kafka_pulse_sample_success{phase=\"end_offsets\"} 0, kafka_pulse_up 0;"
                + " dashboard kafka-pulse exporter); meanwhile payment-, inventory- and notification-service show status error"
                + " (their lag there is unknown), and stop for a sample when it returns (those partitions made no progress)",
        ]
    }
}
