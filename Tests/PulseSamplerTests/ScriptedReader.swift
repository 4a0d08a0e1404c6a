import PulseCore

/// A cluster reader that plays a script: each read takes the next step. Once the script is
/// played out it hangs like a stuck worker until its task is cancelled, so that the last page
/// published stays put while a test looks at it.
actor ScriptedReader: ClusterReader {
    enum Step: Sendable {
        case sample(RawSample)
        case failure(WorkerFailure)
    }

    private var steps: [Step]
    private(set) var requests: [SampleRequest] = []

    init(_ steps: [Step]) {
        self.steps = steps
    }

    func read(_ request: SampleRequest) async throws -> RawSample {
        requests.append(request)
        guard !steps.isEmpty else {
            // Not a timing device: this only ends by cancellation (the sampler's shutdown).
            try await Task.sleep(for: .seconds(3_600))
            throw CancellationError()
        }
        switch steps.removeFirst() {
        case .sample(let sample): return sample
        case .failure(let failure): throw failure
        }
    }
}
