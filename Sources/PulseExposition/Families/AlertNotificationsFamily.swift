import PulseCore

struct AlertNotificationsFamily: MetricFamily {
    let name = "kafka_pulse_alert_notifications_total"
    let help = "Notification requests sent to the Alertmanager (POST /api/v2/alerts), failed ones included, since the exporter started."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard let counts = context.snapshot.alerting?.notifications else { return }
        for url in counts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            writer.beginSeries(name)
            writer.label("alertmanager", url)
            writer.endSeries(counts[url, default: 0])
        }
    }
}
