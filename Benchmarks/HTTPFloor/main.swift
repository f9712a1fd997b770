// Issue 13 target 2's floor: how fast can a server on this stack answer at all? Three servers that do no work
// per request beyond HTTP itself, each answering every request with the fixed body nginx answers in
// `Scripts/load-test` (`FLOOR=1`), on as many event loops as `rampart serve` (one per core):
//   router    a plain Hummingbird 2 app: one POST route that collects the body and answers it;
//   pipeline  Hummingbird's HTTP/1 channel with one handler ahead of the router that answers every request, the way
//             `FastRoutes` answers the check route (NIO's llhttp decoder and the HTTP types codec, no router);
//   nio       SwiftNIO's event loops and sockets with no HTTP decoder: a handler that finds each request's end by
//             its `Content-Length` and writes a prepared answer. Only a measuring instrument: it accepts nothing but
//             the load test's requests, and is not how a server should read HTTP.
// Usage (from the package root): RAMPART_BENCHMARKS=1 swift run -c release HTTPFloor MODE PORT BODY_FILE [LOOPS]
// (LOOPS: event loops, default one per core). It prints `listening` once bound and runs until killed.

import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTPTypes
import NIOPosix
import RampartSystem

let arguments = CommandLine.arguments
guard arguments.count == 4 || arguments.count == 5, let port = Int(arguments[2]),
    ["router", "pipeline", "nio"].contains(arguments[1]),
    case .success(let contents) = FileContents.read(atPath: arguments[3]),
    let loops = arguments.count == 5 ? Int(arguments[4]) : System.coreCount, loops > 0
else {
    print("usage: HTTPFloor router|pipeline|nio PORT BODY_FILE [LOOPS]")
    exit(2)
}
let mode = arguments[1]
let body = contents.bytes

/// Answers every request with `body` once the request's end has arrived; flushes once per read batch.
final class FixedAnswer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    private let body: ByteBuffer
    private var written = false

    init(body: [UInt8]) { self.body = ByteBuffer(bytes: body) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        fields[.contentLength] = String(body.readableBytes)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: .ok, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(body)), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        written = true
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if written {
            written = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }
}

/// Answers each request of the load test (a head ending in an empty line, then `Content-Length` bytes) with a
/// prepared answer, without an HTTP decoder.
final class RawAnswer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: ByteBuffer
    private var pending = ByteBuffer()
    private var written = false

    init(body: [UInt8]) {
        let head =
            "HTTP/1.1 200 OK\r\nServer: floor\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        answer = ByteBuffer(bytes: Array(head.utf8) + body)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        while let length = Self.requestLength(in: pending) {
            pending.moveReaderIndex(forwardBy: length)
            context.write(wrapOutboundOut(answer), promise: nil)
            written = true
        }
        pending.discardReadBytes()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if written {
            written = false
            context.flush()
        }
    }

    /// The length of the first whole request in `buffer` (head, empty line, `Content-Length` bytes), if it is in.
    static func requestLength(in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { bytes -> Int? in
            guard bytes.count >= 4 else { return nil }
            var end = -1
            for index in 3..<bytes.count
            where bytes[index] == 10 && bytes[index - 1] == 13 && bytes[index - 2] == 10 && bytes[index - 3] == 13 {
                end = index + 1
                break
            }
            guard end > 0 else { return nil }
            // The value of the `Content-Length` line, if any (header names compared in lower case).
            var length = 0
            for line in bytes[0..<end].split(separator: 10) {
                let text = String(decoding: line, as: UTF8.self)
                guard text.lowercased().hasPrefix("content-length:") else { continue }
                let digits = text.dropFirst("content-length:".count).filter { $0.isNumber }
                length = Int(digits) ?? 0
            }
            return end + length <= bytes.count ? end + length : nil
        }
    }
}

/// Tells the load test the server is bound: straight to file descriptor 1, unbuffered, when stdout is a file.
@Sendable func announce() {
    let line: StaticString = "listening\n"
    _ = write(1, line.utf8Start, line.utf8CodeUnitCount)
}

NIOSingletons.groupLoopCountSuggestion = loops
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

switch mode {
case "nio":
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.backlog, value: 256)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(RawAnswer(body: body))
            }
        }
        .bind(host: "127.0.0.1", port: port)
        .get()
    announce()
    try await channel.closeFuture.get()
default:
    let router = Router()
    router.post("/v1/orders/check") { request, _ -> Response in
        _ = try await request.body.collect(upTo: 64 * 1024)
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
    let handlers: @Sendable () -> [any RemovableChannelHandler] = {
        mode == "pipeline" ? [FixedAnswer(body: body)] : []
    }
    let application = Application(
        router: router,
        server: .http1(configuration: HTTP1Channel.Configuration(additionalChannelHandlers: handlers())),
        configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port), serverName: "floor"),
        onServerRunning: { _ in announce() }
    )
    try await application.runService()
}
