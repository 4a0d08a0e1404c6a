import PulseCore

struct AlertNotificationsFamily: MetricFamily {
    let name = "kafka_pulse_alert_notifications_total"
    let help = "Notification requests sent to the Alertmanager (POST /api/v2/alerts), failed ones included, since the exporter started."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard let counts = context.snapshot.alerting?.notifications else { return }
        writer.tallies(name, label: "alertmanager", counts)
    }
}
