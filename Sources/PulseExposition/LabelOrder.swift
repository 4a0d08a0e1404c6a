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
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}

extension ConsumerStatus {
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}

extension LagTimeEstimate.Method {
    static let inLabelOrder = allCases.sorted { $0.rawValue < $1.rawValue }
}
