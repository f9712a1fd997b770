import Hummingbird
import Synchronization

/// Runs a fake's router on 127.0.0.1 at an ephemeral port, for the fake venue and the fake market alike.
enum LoopbackServer {
    /// Starts `router`'s application as a task stored in `task` (cancel it to stop); returns the base URL.
    static func start<Context: RequestContext>(
        _ router: Router<Context>,
        into task: borrowing Mutex<Task<Void, any Error>?>
    ) async throws -> String where Context.Source == ApplicationRequestContextSource {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }
        )
        task.withLock { $0 = Task { try await app.run() } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port != 0 else { throw FakeVenueError("server did not report a port") }
        return "http://127.0.0.1:\(port)"
    }
}
