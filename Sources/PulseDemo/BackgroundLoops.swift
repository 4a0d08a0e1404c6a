import Dispatch
import PulseCore
import Synchronization

/// The shop's loops run on dedicated threads: they block in librdkafka calls and sleeps, which
/// must not tie up Swift concurrency's small cooperative pool. They check `isStopping` at least
/// every few hundred milliseconds.
final class BackgroundLoops: Sendable {
    private let stopping = Atomic<Bool>(false)
    private let running = DispatchGroup()

    var isStopping: Bool { stopping.load(ordering: .relaxed) }

    func spawn(_ name: String, _ body: @escaping @Sendable () -> Void) {
        running.enter()
        startDetachedThread(named: name) { [running] in
            body()
            running.leave()
        }
    }

    /// Asks every loop to end and waits for them, at most `timeout`. Returns whether all ended.
    @discardableResult
    func stop(waitingUpTo timeout: Duration) -> Bool {
        stopping.store(true, ordering: .relaxed)
        let milliseconds = Int(timeout.inSeconds * 1000)
        return running.wait(timeout: .now() + .milliseconds(milliseconds)) == .success
    }
}
