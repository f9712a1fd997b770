import AsyncHTTPClient
import ServiceLifecycle

/// Keeps the live venue's HTTP client open while the service runs and shuts it down last, after the orders in
/// flight have drained.
struct VenueClientService: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }
}
