import Hummingbird
import NIOCore

/// Hummingbird's basic request context plus the connection the request came on, so the auth throttle can tell
/// client addresses apart (`BasicRequestContext` keeps no trace of it).
struct RampartRequestContext: RequestContext {
    /// Logger, endpoint path and route parameters, as in `BasicRequestContext`.
    var coreContext: CoreRequestContextStorage
    /// The connection; its peer address is read only when the throttle needs it.
    let channel: any Channel

    /// The context of a request arriving on `source.channel`.
    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }

    /// The peer's address as the throttle keys it (`local` for a Unix socket).
    var clientAddress: ClientAddress { ClientAddress(channel.remoteAddress) }
}
