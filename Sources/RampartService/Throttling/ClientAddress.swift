import NIOCore

/// Who failed to authenticate, as far as the throttle tells clients apart: an IPv4 address, an IPv6 /64 network
/// (one host commonly holds a whole /64), or `local` for every Unix-socket peer.
struct ClientAddress: Sendable, Hashable, CustomStringConvertible {
    private enum Family: UInt8, Sendable, Hashable {
        case local, ipv4, ipv6
    }

    private let family: Family
    /// The IPv4 address, or the first 64 bits of the IPv6 address, in network byte order.
    private let bits: UInt64

    private init(_ family: Family, _ bits: UInt64) {
        self.family = family
        self.bits = bits
    }

    /// Every Unix-socket peer (they have no address; the socket file's permissions say who may connect), and a
    /// connection whose peer address is not known.
    static let local = ClientAddress(.local, 0)

    /// The address of the peer `address` (`Channel.remoteAddress`); an IPv4-mapped IPv6 address counts as IPv4.
    init(_ address: SocketAddress?) {
        switch address {
        case .v4(let ip):
            // sockaddr_in: family (2 bytes, or length and family), port (2), address (4).
            let address = withUnsafeBytes(of: ip.address) { $0.loadUnaligned(fromByteOffset: 4, as: UInt32.self) }
            self.init(.ipv4, UInt64(address))
        case .v6(let ip):
            // sockaddr_in6: family (2), port (2), flow info (4), address (16).
            let (high, low) = withUnsafeBytes(of: ip.address) { raw in
                (
                    raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                    raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                )
            }
            // ::ffff:a.b.c.d: the first 10 bytes zero, then two 0xff bytes, then the IPv4 address.
            let lowBytes = UInt64(bigEndian: low)
            if high == 0 && lowBytes >> 32 == 0xFFFF {
                self.init(.ipv4, UInt64(UInt32(truncatingIfNeeded: lowBytes).bigEndian))
            } else {
                self.init(.ipv6, high)
            }
        case .unixDomainSocket, nil:
            self = .local
        }
    }

    /// `203.0.113.7`, `2001:db8:0:1::/64`, `local`.
    var description: String {
        switch family {
        case .local:
            return "local"
        case .ipv4:
            let value = UInt32(truncatingIfNeeded: bits).bigEndian
            return (0..<4).map { String((value >> (24 - 8 * $0)) & 0xFF) }.joined(separator: ".")
        case .ipv6:
            let value = UInt64(bigEndian: bits)
            let groups = (0..<4).map { String((value >> (48 - 16 * $0)) & 0xFFFF, radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        }
    }
}
