extension ExpositionWriter {
    /// One series per key of `tally`, labelled `label`, in byte order of the keys (a stable page).
    /// For the self-metrics kept as `[String: Int]` (per alert name, per Alertmanager URL).
    mutating func tallies(_ name: String, label: String, _ tally: [String: Int]) {
        for key in tally.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            beginSeries(name)
            self.label(label, key)
            endSeries(tally[key, default: 0])
        }
    }
}
