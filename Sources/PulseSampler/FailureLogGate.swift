/// Decides how loud a sample's outcome is logged. A cluster that keeps failing the same way (a
/// wrong password, an untrusted certificate, a broker down) gets one warning, not one per sample;
/// a different failure is news again, and the first good sample after failures says so.
struct FailureLogGate: Sendable {
    enum Verdict: Equatable, Sendable {
        /// A failure not seen in the sample before: warn.
        case newFailure
        /// The same failure as the sample before: debug.
        case repeatedFailure
        /// Good again after failures: info.
        case recovered
        /// Good, as before: debug.
        case fine
    }

    private var lastFailure: String?

    /// `failure` is nil for a good sample, else what failed (phases and their errors).
    mutating func record(failure: String?) -> Verdict {
        defer { lastFailure = failure }
        switch (failure, lastFailure) {
        case (nil, nil): return .fine
        case (nil, .some): return .recovered
        case (let failure?, let last): return failure == last ? .repeatedFailure : .newFailure
        }
    }
}
