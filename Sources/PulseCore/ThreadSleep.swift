import Glibc

/// Blocks the calling thread (not a task) for `duration`, sleeping on after a signal interrupts
/// it: for loops on threads of their own (the demo's), where Foundation's Thread.sleep served.
public func sleepThread(for duration: Duration) {
    guard duration > .zero else { return }
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR {
        request = remaining
    }
}
