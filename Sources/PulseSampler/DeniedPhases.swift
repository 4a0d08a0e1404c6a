import PulseCore

/// Which phases Kafka currently refuses for a missing ACL, so that each refusal is logged once,
/// when it first appears or changes, and its end once, when the ACL has been granted.
struct DeniedPhases {
    struct Change: Equatable {
        var phase: SamplePhase
        /// nil when the phase is allowed again.
        var denial: AccessDenial?
        /// The phase's error as Kafka reported it (names the first topic or group refused).
        var error: String?
    }

    private(set) var current: [SamplePhase: AccessDenial] = [:]

    /// The changes `phases` (one sample's reports) bring. A phase missing from the reports did not
    /// run (topic configs are read on their own interval, a failed sample runs nothing), so its
    /// state is kept; a phase that ran and failed for another reason keeps its denial too, since
    /// it says nothing about the ACL.
    mutating func update(with phases: [PhaseReport]) -> [Change] {
        var changes: [Change] = []
        for report in phases {
            let was = current[report.phase]
            if let denial = report.denial {
                guard denial != was else { continue }
                current[report.phase] = denial
                changes.append(Change(phase: report.phase, denial: denial, error: report.error))
            } else if was != nil && report.error == nil {
                current[report.phase] = nil
                changes.append(Change(phase: report.phase, denial: nil, error: nil))
            }
        }
        return changes
    }

    /// Whether every failed phase in `phases` is a refusal already known (and logged).
    func explainsAllFailures(of phases: [PhaseReport]) -> Bool {
        phases.allSatisfy { report in report.error == nil || (report.denial != nil && report.denial == current[report.phase]) }
    }
}
