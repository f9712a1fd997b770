import ServiceLifecycle

/// Runs `pass` every `interval` until the service group shuts down gracefully: the loop of the desk's background
/// services (reconciliation, promotion sync, stop sync).
func runEvery(_ interval: Duration, _ pass: @escaping @Sendable () async -> Void) async {
    try? await cancelWhenGracefulShutdown {
        while !Task.isCancelled {
            try await Task.sleep(for: interval)
            await pass()
        }
    }
}
