import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// Runs a fake's router on 127.0.0.1 at an ephemeral port, for the fake venue and the fake market alike.
enum LoopbackServer {
    /// A started server: its application runs in `group`, which `stop` shuts down gracefully. (Cancelling the task
    /// instead made Hummingbird log an error for each connection it was still waiting on.)
    struct Running: Sendable {
        let group: ServiceGroup
        let task: Task<Void, any Error>
    }

    /// Starts `router`'s application and stores it in `running` (`stop` stops it); returns the base URL.
    static func start<Context: RequestContext>(
        _ router: Router<Context>,
        into running: borrowing Mutex<Running?>
    ) async throws -> String where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        var logger = Logger(label: "rampart.fake")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [app], logger: logger))
        running.withLock { $0 = Running(group: group, task: Task { try await group.run() }) }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else { throw FakeVenueError("server did not report a port") }
        return "http://127.0.0.1:\(port)"
    }

    /// Shuts the server in `running` down gracefully, if one was started, and waits until it has stopped.
    static func stop(_ running: borrowing Mutex<Running?>) async {
        guard let server = running.withLock({ $0 }) else { return }
        await server.group.triggerGracefulShutdown()
        _ = await server.task.result
    }
}
