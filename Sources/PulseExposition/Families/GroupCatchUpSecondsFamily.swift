import PulseCore

struct GroupCatchUpSecondsFamily: MetricFamily {
    let name = "kafka_consumergroup_catchup_seconds"
    let help = "Seconds until the group's lag on the topic reaches 0 at the current net drain rate (consume minus produce rate over the rate window); 0 without lag, absent while the group is not draining."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        for group in context.snapshot.groups {
            for topic in group.topics {
                // Not draining has no finite answer: a gap, so that min/avg over groups stay meaningful.
                guard let seconds = topic.catchUpSeconds else { continue }
                writer.beginGroupTopicSeries(name, group: group.id, topic: topic.topic)
                writer.endSeries(seconds)
            }
        }
    }
}
