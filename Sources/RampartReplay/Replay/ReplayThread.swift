import RampartSystem

/// One POSIX thread running one closure, for the replay's reading stage; `join()` waits for it to return.
///
/// A thread of its own, not a Swift task: the stage blocks on a `HandOff` while the other one catches up, which a
/// task must never do on the shared cooperative pool.
final class ReplayThread {
    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    #if canImport(Darwin)
        private let thread: pthread_t?
    #else
        private let thread: pthread_t
    #endif
    private var joined = false

    /// Starts `body` on a new thread, or returns nil when the system cannot start one.
    init?(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        #if canImport(Darwin)
            var thread: pthread_t?
        #else
            var thread = pthread_t()
        #endif
        let started = pthread_create(
            &thread,
            nil,
            { context in
                guard let context else { return nil }
                Unmanaged<Body>.fromOpaque(context).takeRetainedValue().run()
                return nil
            },
            context
        )
        guard started == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        self.thread = thread
    }

    /// Waits until the closure has returned.
    func join() {
        guard !joined else { return }
        joined = true
        #if canImport(Darwin)
            if let thread { pthread_join(thread, nil) }
        #else
            pthread_join(thread, nil)
        #endif
    }

    deinit { join() }
}
