import Foundation
import RampartFakeVenue
import Testing

/// Signals and log format of the real `rampart serve` binary: SIGHUP reloads, SIGTERM drains in-flight requests
/// and flushes the journal before exit 0, `--log-format json` writes one JSON object per line.
@Suite(.serialized) struct ServeSignalsEndToEndTests {
    typealias Server = ServeEndToEndTests.Server

    /// Everything the server wrote after its start-up lines, until it exits or `timeout` passes.
    static func drain(_ server: Server, timeout: TimeInterval) -> String {
        var text = ""
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let data = server.output.fileHandleForReading.availableData
            if data.isEmpty {
                if !server.process.isRunning { break }
                Thread.sleep(forTimeInterval: 0.02)
                continue
            }
            text += String(decoding: data, as: UTF8.self)
        }
        return text
    }

    @Test func sighupReloadsTheProfileAndJSONLogsAreOneObjectPerLine() async throws {
        let service = try ServeEndToEndTests().scratchService()
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try Server(
            db: service.db,
            environment: service.environment,
            directory: service.directory,
            arguments: ["--log-format", "json"]
        )
        defer { server.kill() }
        let before = try await server.request("GET", "/v1/profile", token: service.admin).1["hash"] as? String
        let base = service.directory.appendingPathComponent("profiles/base.yaml")
        let text = try String(contentsOf: base, encoding: .utf8)
        try text.replacingOccurrences(of: "max_order_notional: 1000", with: "max_order_notional: 800")
            .write(to: base, atomically: true, encoding: .utf8)
        kill(server.process.processIdentifier, SIGHUP)
        var after = before
        let deadline = Date().addingTimeInterval(10)
        while after == before && Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try await server.request("GET", "/v1/profile", token: service.admin).1["hash"] as? String
        }
        #expect(after != before, "SIGHUP loaded the edited profile")
        // A broken edit and SIGHUP: the running profile stays.
        try (text + "\nlimits:\n  max_order_notionl: 5\n").write(to: base, atomically: true, encoding: .utf8)
        kill(server.process.processIdentifier, SIGHUP)
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await server.request("GET", "/v1/profile", token: service.admin).1["hash"] as? String == after)

        kill(server.process.processIdentifier, SIGTERM)
        let log = Self.drain(server, timeout: 10)
        let lines = log.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(
                object?["level"] is String && object?["message"] is String && object?["ts"] is String,
                "not a JSON log line: \(line)"
            )
        }
        let messages = lines.compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["message"] as? String
        }
        #expect(messages.contains { $0.contains("reload") }, "reloads are logged: \(messages)")
        #expect(messages.contains("journal flushed"))
    }

    @Test func sigtermLetsInFlightOrdersFinishAndFlushesTheJournal() async throws {
        let venue = FakeVenue()
        let venueURL = try await venue.start()
        defer { Task { await venue.stop() } }
        let service = try ServeLiveEndToEndTests.liveService(for: venue)
        defer { try? FileManager.default.removeItem(at: service.directory) }
        let server = try await ServeLiveEndToEndTests.serveLive(
            service,
            venueURL: venueURL,
            ["--venue-timeout-ms", "5000"]
        )
        defer { server.kill() }
        try await ServeLiveEndToEndTests.promoteB1(on: server, admin: service.admin)

        // The venue takes a second to answer; SIGTERM arrives while the order is in flight.
        venue.script(.delay(.seconds(1), then: .fill(price: "100")))
        let inFlight = Task { () -> (Int, String) in
            let (status, body) = try await server.request(
                "POST",
                "/v1/orders",
                token: service.trader,
                body: ServeLiveEndToEndTests.order("t-1", quantity: "1")
            )
            return (status, (body["execution"] as? [String: Any])?["status"] as? String ?? "\(body)")
        }
        let deadline = Date().addingTimeInterval(10)
        while venue.placeRequests == 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        kill(server.process.processIdentifier, SIGTERM)
        let (status, execution) = try await inFlight.value
        #expect(status == 200)
        #expect(execution == "filled", "the in-flight order finished")
        let log = Self.drain(server, timeout: 15)
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0, "\(log)")
        #expect(log.contains("journal flushed"))
        #expect(log.contains("state snapshot for the stop"), "the next start reads a snapshot of the whole journal")
        // After exit the fill is in the journal: the position is there for the next start.
        let state = try RampartProcess.run(["state", "--db", service.db], environment: service.environment)
        #expect(state.stdout.contains("b1  BTC/USDT  1"), "\(state.stdout)")
    }
}
