import PulseCore

struct AlertNotificationsFailedFamily: MetricFamily {
    let name = "kafka_pulse_alert_notifications_failed_total"
    let help = "Notification requests the Alertmanager did not accept (unreachable, timeout, non-2xx answer), since the exporter started."
    let type = MetricType.counter

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard let counts = context.snapshot.alerting?.failedNotifications else { return }
        writer.tallies(name, label: "alertmanager", counts)
    }
}
