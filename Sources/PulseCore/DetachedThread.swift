import Glibc

/// Runs `body` on a new detached POSIX thread called `name` (as `top -H` and /proc/<pid>/task show
/// it; Linux keeps 15 bytes of it). For loops that block for their whole life, which must not hold
/// a thread of Swift concurrency's or Dispatch's pools; Foundation's Thread did this before, at the
/// cost of linking Foundation into the worker.
public func startDetachedThread(named name: String, _ body: @escaping @Sendable () -> Void) {
    let start = Unmanaged.passRetained(ThreadStart(name: name, body: body)).toOpaque()
    var thread = pthread_t()
    let created = pthread_create(
        &thread, nil,
        { start in
            guard let start else { return nil }
            Unmanaged<ThreadStart>.fromOpaque(start).takeRetainedValue().run()
            return nil
        }, start)
    guard created == 0 else {
        Unmanaged<ThreadStart>.fromOpaque(start).release()
        // Out of threads or memory: nothing sensible is left to do, as with Foundation's Thread.
        fatalError("cannot start thread \(name): \(String(cString: strerror(created)))")
    }
    pthread_detach(thread)
}

/// What the new thread runs, passed through pthread_create's single pointer.
private final class ThreadStart: Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    func run() {
        // pthread_setname_np is a GNU extension Swift does not see; this file is the kernel's own
        // interface for it and keeps the first 15 bytes. Failing only costs the name.
        let comm = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        if comm >= 0 {
            try? FileDescriptor(rawValue: comm).writeAll(name.utf8)
            close(comm)
        }
        body()
    }
}
