import Dispatch

/// Runs `body`, a loop that blocks for its whole life, on a thread of its own. A serial queue of its
/// own is enough for that: libdispatch gives serial queues made with a label ("overcommit" ones) a
/// new thread when all its threads are busy, instead of making them wait as the width-limited global
/// queues and Swift concurrency's pool do. Foundation's Thread did this before, at the cost of
/// linking Foundation into the worker. `name` labels the queue (debuggers and crash reports show it).
public func startDetachedThread(named name: String, _ body: @escaping @Sendable () -> Void) {
    DispatchQueue(label: name).async(execute: body)
}
