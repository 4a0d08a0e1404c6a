import ArgumentParser
import PulseCore
import PulseExposition

/// Which metric families the page carries, by family-name regex; decided once, at start.
struct MetricsSelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("metrics.include"),
        help: "Regex matching the whole family name: export only the families some include matches (repeatable); kafka_pulse_up, kafka_pulse_build_info and kafka_pulse_last_success_timestamp_seconds are always exported.")
    var include: [String] = []

    @Option(
        name: .customLong("metrics.exclude"),
        help: "Regex matching the whole family name: leave out the families it matches, even if an include matches them (repeatable).")
    var exclude: [String] = []

    func validate() throws {
        do {
            _ = try selection()
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// No comma splitting: a regex may hold one (`.{1,3}`); repeat the flag instead.
    func selection() throws(NameFilter.InvalidPattern) -> FamilySelection {
        guard !include.isEmpty || !exclude.isEmpty else { return .all }
        return try FamilySelection(include: include, exclude: exclude)
    }
}
