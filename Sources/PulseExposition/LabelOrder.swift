import PulseCore

// Enum-valued labels are written in the order of their label text, not declaration order, so that
// every family's series are sorted by label like the rest of the page. Sorted once, not per render.

extension SamplePhase {
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}

extension WorkerFailure.Kind {
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}

extension GroupState {
    private static let classicInLabelOrder = states(of: .classic).sorted { $0.rawValue < $1.rawValue }
    private static let consumerInLabelOrder = states(of: .consumer).sorted { $0.rawValue < $1.rawValue }

    static func inLabelOrder(of type: GroupType?) -> [GroupState] {
        type == .consumer ? consumerInLabelOrder : classicInLabelOrder
    }
}

extension ConsumerStatus {
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}

extension LagTimeEstimate.Method {
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}
