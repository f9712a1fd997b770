import Dispatch
import Foundation
import GRDB
import Hummingbird
import RampartDesk
import RampartJSON
import RampartStore
import Testing

@testable import RampartService

/// `POST /v1/orders/check` and `POST /v1/orders` answered ahead of the router (`FastRoutes`): the same answers as the
/// routes, the server's headers, and answers in request order on a connection that pipelines.
@Suite(.serialized) struct FastRoutesTests {
    /// One HTTP/1.1 connection to 127.0.0.1 on blocking POSIX sockets, to send exact bytes (pipelined requests).
    final class Connection {
        private let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        }

        deinit { close(descriptor) }

        /// Sends as much of `bytes` as the connection takes within `seconds`, without blocking on a full buffer;
        /// returns how many bytes were taken. The send buffer is made small first, so what is taken is what the
        /// server read or its socket holds.
        func push(_ bytes: [UInt8], within seconds: Double) -> Int {
            var size: Int32 = 65_536
            setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            defer { _ = fcntl(descriptor, F_SETFL, flags) }
            let deadline = Date().addingTimeInterval(seconds)
            var sent = 0
            while sent < bytes.count && Date() < deadline {
                let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    sent += count
                    continue
                }
                var waiting = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, 50)
            }
            return sent
        }

        func write(_ text: String) {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
                guard count > 0 else { return }
                sent += count
            }
        }

        /// Reads `count` whole answers (head and a `Content-Length` body each); fewer if the connection ends.
        func answers(_ count: Int) -> [(head: String, body: String)] {
            var buffer: [UInt8] = []
            var answers: [(String, String)] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while answers.count < count {
                if let answer = Self.cut(&buffer) {
                    answers.append(answer)
                    continue
                }
                let read = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
                guard read > 0 else { break }
                buffer += chunk[..<read]
            }
            return answers
        }

        /// The first whole answer in `buffer`, removed from it.
        private static func cut(_ buffer: inout [UInt8]) -> (String, String)? {
            let separator = Array("\r\n\r\n".utf8)
            guard
                let end = (0...max(0, buffer.count - 4)).first(where: {
                    buffer.count >= 4 && Array(buffer[$0..<$0 + 4]) == separator
                })
            else { return nil }
            let head = String(decoding: buffer[..<end], as: UTF8.self)
            let length =
                head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            guard buffer.count >= end + 4 + length else { return nil }
            let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
            buffer.removeFirst(end + 4 + length)
            return (head, body)
        }
    }

    static func request(_ method: String, _ path: String, token: String, body: String? = nil) -> String {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        return text + "\r\n" + (body ?? "")
    }

    @Test func pipelinedAnswersKeepTheRequestOrder() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let trader = server.token(.trader)
        let check = Self.request("POST", "/v1/orders/check", token: trader, body: TestServer.order(bot: "fast"))
        func submit(_ id: String) -> String {
            Self.request("POST", "/v1/orders", token: trader, body: TestServer.order(bot: "slow", id: id))
        }
        let connection = try Connection(port: server.port)
        // The router answers the first (the state), the fast routes could answer the others at once: they must
        // wait their turn.
        connection.write(Self.request("GET", "/v1/state", token: server.token(.admin)) + check + submit("p-1"))
        var answers = connection.answers(3)
        #expect(answers.count == 3)
        #expect(answers.first?.body.contains("\"positions\"") == true, "\(answers.first?.body ?? "")")
        #expect(answers.dropFirst().first?.body.contains("\"allowed\":true") == true)
        #expect(answers.last?.body.contains("\"client_order_id\":\"p-1\"") == true)
        // What follows an order on the connection waits for its answer (the order waits for its journal write).
        connection.write(submit("p-2") + check + submit("p-3") + check)
        answers = connection.answers(4)
        #expect(answers.count == 4)
        #expect(answers.map { $0.body.contains("\"client_order_id\":\"p-2\"") } == [true, false, false, false])
        #expect(answers.map { $0.body.contains("\"client_order_id\":\"p-3\"") } == [false, false, true, false])
        #expect(answers.allSatisfy { $0.head.hasPrefix("HTTP/1.1 200") }, "\(answers)")
    }

    /// Which requests the handler takes: its two routes with one `Content-Length` within the limit on a connection
    /// that stays open; everything else goes to the router.
    @Test func takesOnlyItsRoutesWithOneLengthOnAConnectionThatStaysOpen() {
        func route(
            _ fields: HTTPFields,
            path: String = "/v1/orders/check",
            method: HTTPRequest.Method = .post
        )
            -> FastRoutes.Route?
        {
            FastRoutes.route(
                of: HTTPRequest(method: method, scheme: nil, authority: "127.0.0.1", path: path, headerFields: fields)
            )
        }
        #expect(route([.contentLength: "120"]) == .check)
        #expect(route([.contentLength: "120", .connection: "keep-alive"], path: "/v1/orders") == .submit)
        #expect(route([.contentLength: "120"], path: "/v1/orders?x=1") == nil)
        #expect(route([.contentLength: "120"], method: .get) == nil)
        #expect(route([:]) == nil)
        #expect(route([.contentLength: "120", .contentLength: "120"]) == nil)
        #expect(route([.contentLength: "65537"]) == nil)
        #expect(route([.contentLength: "-1"]) == nil)
        #expect(route([.contentLength: "120", .transferEncoding: "chunked"]) == nil)
        #expect(route([.contentLength: "120", .expect: "100-continue"]) == nil)
        #expect(route([.contentLength: "120", .connection: "Close"]) == nil)
        #expect(route([.contentLength: "120", .connection: "keep-alive, close"]) == nil)
        #expect(route([.contentLength: "120", .connection: "keep-alive", .connection: " close "]) == nil)
    }

    /// While an order is decided, a client that pipelines more cannot make the server hold more than one read: the
    /// connection stops reading, so the rest stays in the client's socket. The journal's writer is held busy here
    /// (a write on its database that waits for the test), so the order stays undecided while 64 MB of checks try
    /// to follow it; then the order is answered first, on the same connection.
    @Test func aPipeliningClientCannotMakeTheServerHoldMoreThanARead() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let trader = server.token(.trader)
        let release = DispatchSemaphore(value: 0)
        let held = DispatchSemaphore(value: 0)
        let database = server.server.dependencies.desk.store.database
        Thread.detachNewThread {
            database.writeWithoutTransaction { _ in
                held.signal()
                release.wait()
            }
        }
        held.wait()
        let connection = try Connection(port: server.port)
        connection.write(
            Self.request("POST", "/v1/orders", token: trader, body: TestServer.order(bot: "held", id: "h-1"))
        )
        let check = Array(
            Self.request("POST", "/v1/orders/check", token: trader, body: TestServer.order(bot: "h")).utf8
        )
        var flood: [UInt8] = []
        flood.reserveCapacity(64 * 1_048_576)
        for _ in 0..<(64 * 1_048_576 / check.count) { flood += check }
        let taken = connection.push(flood, within: 3)
        release.signal()
        // Read by the server or left in its socket's buffer: 0.26 MB here (the server stops reading after one
        // read). With reading on, the same test took 24 MB in the 3 seconds (debug build).
        #expect(taken < 4 * 1_048_576, "the connection took \(taken) bytes while the order was decided")
        let answers = connection.answers(1)
        #expect(answers.first?.head.hasPrefix("HTTP/1.1 200") == true)
        #expect(answers.first?.body.contains("\"client_order_id\":\"h-1\"") == true, "\(answers)")
    }

    /// Two `Authorization` fields read as one value joined by ", " (as `HTTPFields` joins them), which is no token:
    /// 401, on the fast path and through the router alike; one field with a good token passes.
    @Test func twoAuthorizationFieldsAreNoToken() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let trader = server.token(.trader)
        let body = TestServer.order(bot: "twice")
        let connection = try Connection(port: server.port)
        for path in ["/v1/orders/check", "/v1/orders/check?via=router"] {
            let single = Self.request("POST", path, token: trader, body: body)
            let doubled = single.replacing(
                "Authorization: Bearer \(trader)\r\n",
                with: "Authorization: Bearer \(trader)\r\nAuthorization: Bearer \(trader)\r\n"
            )
            connection.write(doubled + single)
            let answers = connection.answers(2)
            #expect(answers.count == 2)
            #expect(answers.first?.head.hasPrefix("HTTP/1.1 401") == true, "\(answers)")
            #expect(answers.first?.body.contains("unknown bearer token") == true, "\(answers)")
            #expect(answers.last?.head.hasPrefix("HTTP/1.1 200") == true, "\(answers)")
        }
    }

    @Test func theFastPathAnswersAsTheRouteDoes() async throws {
        let server = try await TestServer.start()
        defer { Task { await server.stop() } }
        let trader = server.token(.trader)
        let connection = try Connection(port: server.port)
        // The same checks and orders, taken here and (with a query string, which this leaves alone) by the router.
        let bodies = [
            TestServer.order(bot: "alike"), #"{"bot":"alike","side":"buy"}"#, "{not json",
            TestServer.order(bot: "alike", quantity: "50"),
        ]
        for body in bodies {
            connection.write(
                Self.request("POST", "/v1/orders/check", token: trader, body: body)
                    + Self.request("POST", "/v1/orders/check?via=router", token: trader, body: body)
            )
            let answers = connection.answers(2)
            #expect(answers.count == 2)
            guard answers.count == 2 else { return }
            func shape(_ answer: (head: String, body: String)) -> [String] {
                let lines = answer.head.split(separator: "\r\n").map { $0.lowercased() }
                let names = lines.dropFirst().map { String($0.prefix { $0 != ":" }) }.sorted()
                let body = answer.body.replacing(/"decided_at":"[^"]*"/, with: "")
                return [String(lines[0])] + names + [body]
            }
            #expect(shape(answers[0]) == shape(answers[1]), "\(answers)")
            #expect(answers[0].head.lowercased().contains("server: rampart") && answers[0].head.contains("GMT"))
        }
        // Orders: each body once here and once through the router, for bots of their own (a paper fill's price
        // has random slippage, so answers are compared by status, header names, keys and `allowed`).
        func outline(_ answer: (head: String, body: String)) -> [String] {
            let lines = answer.head.split(separator: "\r\n").map { $0.lowercased() }
            let names = lines.dropFirst().map { String($0.prefix { $0 != ":" }) }.sorted()
            guard case .object(let members)? = try? JSONParser.parse(answer.body) else { return [] }
            let allowed = members.first { $0.key == "allowed" }.map { "\($0.value)" } ?? "-"
            return [String(lines[0])] + names + members.map(\.key).sorted() + [allowed]
        }
        for (index, template) in [
            TestServer.order(bot: "BOT", id: "ID"), #"{"bot":"BOT","side":"buy"}"#,
            TestServer.order(bot: "BOT", id: "ID", quantity: "50"),
        ].enumerated() {
            func body(_ path: String) -> String {
                template.replacing("BOT", with: "o-\(path)-\(index)").replacing("ID", with: "c-\(path)-\(index)")
            }
            connection.write(
                Self.request("POST", "/v1/orders", token: trader, body: body("here"))
                    + Self.request("POST", "/v1/orders?via=router", token: trader, body: body("router"))
            )
            let answers = connection.answers(2)
            #expect(answers.count == 2)
            guard answers.count == 2 else { return }
            #expect(!outline(answers[0]).isEmpty && outline(answers[0]) == outline(answers[1]), "\(answers)")
        }
        // Without a token: 401 with its challenge, from the fast path too.
        connection.write(
            "POST /v1/orders/check HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
        )
        let refused = connection.answers(1)
        #expect(refused.first?.head.hasPrefix("HTTP/1.1 401") == true)
        #expect(refused.first?.head.lowercased().contains("www-authenticate: bearer") == true)
    }
}

/// The fast path's `Date` header, against Foundation's formatting of the same instants.
@Suite struct HTTPDateTests {
    @Test(arguments: [Int64(0), 784_111_777, 951_782_400, 1_709_164_800, 1_796_083_199, -1, 4_102_444_800])
    func matchesFoundation(seconds: Int64) {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(HTTPDate.text(seconds) == expected)
    }

    @Test func theRFCExample() { #expect(HTTPDate.text(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT") }
}
