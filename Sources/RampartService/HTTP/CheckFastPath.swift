import Hummingbird
import NIOCore
import NIOHTTPTypes
import RampartJSON
import RampartRules

/// Answers `POST /v1/orders/check` on the connection's event loop, in the channel pipeline ahead of Hummingbird's
/// request handling (an `HTTP1Channel` additional handler): the same authorization (`Authorizer`) and the same answer
/// (`RouteHandlers.check`) as the route, without a task, a router lookup or a hop between threads per request.
///
/// Every other request, and a check this path does not take (no `Content-Length` or one over 64 KiB, chunked,
/// `Expect`, `Connection: close`, a query string), passes on to Hummingbird untouched. Answers leave in request
/// order: while a request passed on has not been answered in full, a check behind it passes on too.
final class CheckFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The body size the route accepts (`HandlerInput.json`'s limit).
    static let bodyLimit = 64 * 1024

    private enum State {
        case idle
        /// A request passed on to Hummingbird, until its end.
        case passing
        /// A check taken here, its body so far.
        case reading(HTTPRequest, ByteBuffer)
    }

    private let authorize: Authorizer
    private let handlers: RouteHandlers
    private let serverName: String
    private var state = State.idle
    /// Requests passed on whose answer has not been written in full.
    private var answersOwed = 0
    private var written = false
    /// A graceful shutdown's request to close idle connections, held while a check is read here (Hummingbird's
    /// connection state handler, after this one, would take the connection for idle and close it mid-request).
    private var quiesceHeld = false
    private var date: (second: Int64, text: String) = (.min, "")

    init(dependencies: ServerDependencies, serverName: String) {
        guard let spec = RouteTable.spec(method: "POST", path: "/v1/orders/check") else {
            preconditionFailure("the route table has no check route")
        }
        authorize = Authorizer(spec: spec, dependencies: dependencies)
        handlers = RouteHandlers(dependencies)
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .idle:
            if case .head(let head) = part, answersOwed == 0, Self.takes(head) {
                state = .reading(head, context.channel.allocator.buffer(capacity: 512))
                return
            }
            if case .head = part {
                answersOwed += 1
                state = .passing
            }
            context.fireChannelRead(data)
        case .passing:
            if case .end = part { state = .idle }
            context.fireChannelRead(data)
        case .reading(let head, var body):
            switch part {
            case .body(var chunk):
                state = .idle  // the buffer is uniquely held while it grows
                body.writeBuffer(&chunk)
                state = .reading(head, body)
            case .end:
                state = .idle
                answer(head, body: body, context: context)
            case .head:
                // HTTP/1 framing cannot produce this; refuse the connection rather than guess.
                context.fireErrorCaught(ChannelError.inappropriateOperationForState)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if written {
            written = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent, case .reading = state {
            quiesceHeld = true
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { answersOwed = max(0, answersOwed - 1) }
        context.write(data, promise: promise)
    }

    /// Whether this path takes `head`: the check route with a body of known size within the limit, on a connection
    /// that stays open.
    static func takes(_ head: HTTPRequest) -> Bool {
        guard head.method == .post, head.path == "/v1/orders/check",
            let length = head.headerFields[.contentLength].flatMap(Int.init), length >= 0, length <= bodyLimit
        else { return false }
        let fields = head.headerFields
        return fields[.transferEncoding] == nil && fields[.expect] == nil
            && fields[.connection].map { $0.lowercased() != "close" } ?? true
    }

    private func answer(_ head: HTTPRequest, body: ByteBuffer, context: ChannelHandlerContext) {
        let reply: Reply
        switch authorize.authorize(head.headerFields, from: ClientAddress(context.channel.remoteAddress)) {
        case .failure(let error): reply = .error(error)
        case .success(let caller):
            switch HandlerInput.parse(body) {
            case .success(let json): reply = handlers.check(json, caller: caller)
            case .failure(let error): reply = .error(error)
            }
        }
        var fields = reply.headerFields
        fields[.contentLength] = String(reply.body.count)
        fields[.date] = dateText()
        fields[.server] = serverName
        let response = HTTPResponse(status: HTTPResponse.Status(code: reply.status), headerFields: fields)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: reply.body))), promise: nil)
        context.write(wrapOutboundOut(.end(nil)), promise: nil)
        written = true
        if quiesceHeld {
            // The answer goes out before the connection may close as idle.
            quiesceHeld = false
            written = false
            context.flush()
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    /// The `Date` header for now, formatted once a second.
    private func dateText() -> String {
        let second = Timestamp.now().nanoseconds / 1_000_000_000
        if second != date.second { date = (second, HTTPDate.text(second)) }
        return date.text
    }
}
