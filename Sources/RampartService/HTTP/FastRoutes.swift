import Hummingbird
import NIOCore
import NIOHTTPTypes
import RampartJSON
import RampartRules

/// Answers `POST /v1/orders/check` and `POST /v1/orders` in the channel pipeline, ahead of Hummingbird's request
/// handling (an `HTTP1Channel` additional handler): the same authorization (`Authorizer`) and the same answers
/// (`RouteHandlers.check`, `RouteHandlers.submit`) as the routes, without a request context, a router lookup or the
/// async body iterator per request. A check is answered on the connection's event loop as soon as its body is in;
/// an order is started there (without a task, for a paper order) and answered on the event loop when the desk has
/// answered.
///
/// Every other request, and one of these this handler does not take (no `Content-Length` or one over 64 KiB,
/// chunked, `Expect`, `Connection: close`, a query string), passes on to Hummingbird untouched. Answers leave in
/// request order: behind a request passed on and not yet answered, these pass on too; what arrives while an order is
/// decided waits, and once anything waits the connection reads nothing more until the order is answered.
final class FastRoutes: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The body size the routes accept (`HandlerInput.json`'s limit).
    static let bodyLimit = 64 * 1024

    /// The routes this handler answers.
    enum Route { case check, submit }

    private enum State {
        case idle
        /// A request passed on to Hummingbird, until its end.
        case passing
        /// A request taken here, its body so far.
        case reading(Route, HTTPRequest, ByteBuffer)
        /// An order taken here, being decided.
        case deciding

        var isDeciding: Bool {
            if case .deciding = self { return true }
            return false
        }
    }

    private let authorizeCheck: Authorizer
    private let authorizeSubmit: Authorizer
    private let handlers: RouteHandlers
    private let serverName: String
    private var state = State.idle
    /// Requests passed on whose answer has not been written in full.
    private var answersOwed = 0
    /// Parts read while an order is decided, taken in turn once it is answered.
    private var held: [HTTPRequestPart] = []
    /// A `read` asked for while an order is decided, made once it is answered.
    private var readHeld = false
    private var written = false
    /// A graceful shutdown's request to close idle connections, held while a request is taken here (Hummingbird's
    /// connection state handler, after this one, would take the connection for idle and close it mid-request).
    private var quiesceHeld = false
    private var date: (second: Int64, text: String) = (.min, "")
    /// False once the pipeline dropped this handler (the connection closed): an order decided after that is not
    /// answered.
    private var inPipeline = true

    init(dependencies: ServerDependencies, serverName: String) {
        guard let check = RouteTable.spec(method: "POST", path: "/v1/orders/check"),
            let submit = RouteTable.spec(method: "POST", path: "/v1/orders")
        else { preconditionFailure("the route table has no order routes") }
        authorizeCheck = Authorizer(spec: check, dependencies: dependencies)
        authorizeSubmit = Authorizer(spec: submit, dependencies: dependencies)
        handlers = RouteHandlers(dependencies)
        self.serverName = serverName
    }

    func handlerRemoved(context: ChannelHandlerContext) { inPipeline = false }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        take(unwrapInboundIn(data), context: context)
    }

    private func take(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch state {
        case .idle:
            if case .head(let head) = part, answersOwed == 0, let route = Self.route(of: head) {
                state = .reading(route, head, context.channel.allocator.buffer(capacity: 512))
                return
            }
            if case .head = part {
                answersOwed += 1
                state = .passing
            }
            context.fireChannelRead(wrapInboundOut(part))
        case .passing:
            if case .end = part { state = .idle }
            context.fireChannelRead(wrapInboundOut(part))
        case .reading(let route, let head, var body):
            switch part {
            case .body(var chunk):
                state = .idle  // the buffer is uniquely held while it grows
                body.writeBuffer(&chunk)
                state = .reading(route, head, body)
            case .end:
                state = .idle
                answer(route, head, body: body, context: context)
            case .head:
                // HTTP/1 framing cannot produce this; refuse the connection rather than guess.
                context.fireErrorCaught(ChannelError.inappropriateOperationForState)
            }
        case .deciding:
            held.append(part)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfWritten(context)
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        // Reading goes on while an order is decided (a client that waits for each answer sends nothing meanwhile,
        // and stopping and restarting reads costs two `epoll_ctl` calls per order); once something read waits behind
        // the order, reading stops until it is answered, so a pipelining client cannot make it hold more than a read.
        guard !(state.isDeciding && !held.isEmpty) else {
            readHeld = true
            return
        }
        context.read()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ChannelShouldQuiesceEvent {
            switch state {
            case .reading, .deciding:
                quiesceHeld = true
                return
            case .idle, .passing: break
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { answersOwed = max(0, answersOwed - 1) }
        context.write(data, promise: promise)
    }

    /// The route this handler takes `head` for: one of its routes with a body of known size within the limit, on a
    /// connection that stays open.
    static func route(of head: HTTPRequest) -> Route? {
        guard head.method == .post else { return nil }
        let route: Route
        switch head.path {
        case "/v1/orders/check": route = .check
        case "/v1/orders": route = .submit
        default: return nil
        }
        // One pass over the fields, where `fields[name]` would scan them once per name and join the values it finds
        // through generic code (type metadata looked up at run time on every request): one `Content-Length` (two or
        // more would join into a value that is not a number), no `Transfer-Encoding`, no `Expect`, and no `close`
        // among the `Connection` options (the router answers those and closes the connection after).
        var length: Int?
        var lengths = 0
        for field in head.headerFields {
            switch field.name {
            case .contentLength:
                lengths += 1
                length = Int(field.value)
            case .transferEncoding, .expect: return nil
            case .connection:
                let options = field.value.lowercased().split(separator: ",")
                if options.contains(where: { $0.filter { $0 != " " && $0 != "\t" } == "close" }) { return nil }
            default: continue
            }
        }
        guard lengths == 1, let length, length >= 0, length <= bodyLimit else { return nil }
        return route
    }

    private func answer(_ route: Route, _ head: HTTPRequest, body: ByteBuffer, context: ChannelHandlerContext) {
        let authorize = route == .check ? authorizeCheck : authorizeSubmit
        let caller: Caller
        let json: JSONValue
        switch authorize.authorize(head.headerFields, from: ClientAddress(context.channel.remoteAddress)) {
        case .failure(let error): return send(.error(error), context: context)
        case .success(let authorized): caller = authorized
        }
        switch HandlerInput.parse(body) {
        case .failure(let error): return send(.error(error), context: context)
        case .success(let value): json = value
        }
        guard route == .submit else { return send(handlers.check(json, caller: caller), context: context) }
        state = .deciding
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        handlers.submit(json, caller: caller) { reply in
            // Made and written on the connection's event loop (for a paper order this is called on the journal
            // writer's drain, which must not encode answers).
            loop.execute {
                let (routes, context) = bound.value
                routes.decided(reply(), context: context)
            }
        }
    }

    /// Answers the order being decided, then takes what was read meanwhile and reads on.
    private func decided(_ reply: Reply, context: ChannelHandlerContext) {
        guard inPipeline else { return }
        state = .idle
        send(reply, context: context)
        flushIfWritten(context)
        if !held.isEmpty {
            while !held.isEmpty, !state.isDeciding { take(held.removeFirst(), context: context) }
            // What was passed on reaches Hummingbird's connection handler at a read's end.
            context.fireChannelReadComplete()
        }
        flushIfWritten(context)
        if readHeld, !state.isDeciding {
            readHeld = false
            context.read()
        }
    }

    /// Writes `reply` with the headers the server adds to every answer (`Content-Length`, `Date`, `Server`).
    private func send(_ reply: Reply, context: ChannelHandlerContext) {
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
            flushIfWritten(context)
            context.fireUserInboundEventTriggered(ChannelShouldQuiesceEvent())
        }
    }

    private func flushIfWritten(_ context: ChannelHandlerContext) {
        guard written else { return }
        written = false
        context.flush()
    }

    /// The `Date` header for now, formatted once a second.
    private func dateText() -> String {
        let second = Timestamp.now().nanoseconds / 1_000_000_000
        if second != date.second { date = (second, HTTPDate.text(second)) }
        return date.text
    }
}
