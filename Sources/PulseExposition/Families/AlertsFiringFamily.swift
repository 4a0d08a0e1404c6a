import PulseCore

struct AlertsFiringFamily: MetricFamily {
    let name = "kafka_pulse_alerts_firing"
    let help = "Alerts the exporter's own rule evaluation has firing, per alert name; only with --alertmanager.url."
    let type = MetricType.gauge

    func write(_ context: RenderContext, into writer: inout ExpositionWriter) {
        guard let alerting = context.snapshot.alerting else { return }
        // Every evaluated rule, 0 included, so an alert on "> 0" needs no absent().
        writer.tallies(name, label: "alertname", alerting.firing)
    }
}
