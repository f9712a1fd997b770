import HummingbirdCore
import HummingbirdTLS
import NIOCore
import NIOSSL
import RampartSystem

/// The certificate chain and private key `rampart serve --tls-cert FILE --tls-key FILE` serves HTTPS with, read and
/// checked once at start: a file that cannot be read, holds no PEM certificate or key, or a key that does not belong
/// to the certificate stops the start with an error naming the file.
public struct ServerTLS: Sendable {
    /// The `--tls-cert` file.
    public let certificatePath: String
    /// The `--tls-key` file.
    public let keyPath: String
    /// The server side of TLS (swift-nio-ssl, BoringSSL), TLS 1.2 and later.
    let configuration: TLSConfiguration

    /// Reads the PEM certificate chain at `certificatePath` and the PEM private key at `keyPath`.
    public static func load(
        certificate certificatePath: String,
        key keyPath: String
    ) throws(ServerTLSError) -> ServerTLS {
        let certificates = try read(certificatePath, option: "--tls-cert") { bytes in
            let chain = try NIOSSLCertificate.fromPEMBytes(bytes)
            guard !chain.isEmpty else { throw PEMMissing() }
            return chain
        }
        let key = try read(keyPath, option: "--tls-key") { bytes in
            try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: certificates.map { .certificate($0) },
            privateKey: .privateKey(key)
        )
        configuration.minimumTLSVersion = .tlsv12
        // Building the context is where BoringSSL checks that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ServerTLSError(
                option: "--tls-key",
                path: keyPath,
                reason: "the private key does not match the certificate in \(certificatePath) (\(error))"
            )
        }
        return ServerTLS(certificatePath: certificatePath, keyPath: keyPath, configuration: configuration)
    }

    /// Hummingbird's HTTP/1.1 server, wrapped in TLS when `tls` is given; `handlers` go in each connection's
    /// pipeline after HTTP decoding, ahead of Hummingbird's request handling.
    static func httpServer(
        _ tls: ServerTLS?,
        handlers: @escaping @Sendable () -> [any RemovableChannelHandler]
    ) throws -> HTTPServerBuilder {
        let http = HTTPServerBuilder.http1(
            configuration: HTTP1Channel.Configuration(additionalChannelHandlers: handlers())
        )
        guard let tls else { return http }
        return try .tls(http, tlsConfiguration: tls.configuration)
    }

    /// The file's bytes parsed by `parse`, or an error naming the option, the file and what is wrong with it.
    private static func read<T>(
        _ path: String,
        option: String,
        parse: ([UInt8]) throws -> T
    ) throws(ServerTLSError) -> T {
        let bytes: [UInt8]
        switch FileContents.read(atPath: path) {
        case .success(let contents): bytes = contents.bytes
        case .failure(let failure): throw ServerTLSError(option: option, path: path, reason: failure.reason)
        }
        do {
            return try parse(bytes)
        } catch {
            let what = option == "--tls-cert" ? "a PEM certificate" : "a PEM private key"
            throw ServerTLSError(option: option, path: path, reason: "not \(what) (\(error))")
        }
    }

    /// A PEM file with no certificate in it.
    private struct PEMMissing: Error, CustomStringConvertible {
        var description: String { "no BEGIN CERTIFICATE block" }
    }
}

/// A `--tls-cert` or `--tls-key` file that cannot serve HTTPS; nothing is served.
public struct ServerTLSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `--tls-cert` or `--tls-key`.
    public var option: String
    /// The file given.
    public var path: String
    /// What is wrong with it.
    public var reason: String

    public var description: String { "\(option) \(path): \(reason)" }
}
