import RampartCrypto
public import RampartRules

/// One row of the audit log.
public struct AuditEntry: Sendable, Hashable {
    /// Position in the chain, from 1 with no gaps.
    public var sequence: Int64
    /// When the action happened.
    public var time: Timestamp
    /// Who did it: `cli:<user>`, `token:<name>`, `system`.
    public var actor: String
    /// What was done: `credentials.set`, `token.create`, `promotion.confirm`, `halt`, …
    public var action: String
    /// Free-form details (never secrets).
    public var details: String

    /// Creates an entry.
    public init(sequence: Int64, time: Timestamp, actor: String, action: String, details: String) {
        self.sequence = sequence
        self.time = time
        self.actor = actor
        self.action = action
        self.details = details
    }
}

/// The audit chain's byte encodings and MACs.
enum AuditChain {
    /// The MAC that precedes the first row.
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// The canonical bytes of a row: a version label, then each field big-endian or length-prefixed UTF-8.
    static func encode(sequence: Int64, time: Int64, actor: String, action: String, details: String) -> [UInt8] {
        var bytes = Array("rampart-audit-row-v1".utf8)
        append(UInt64(bitPattern: sequence), to: &bytes)
        append(UInt64(bitPattern: time), to: &bytes)
        for text in [actor, action, details] {
            let utf8 = Array(text.utf8)
            append(UInt64(utf8.count), to: &bytes)
            bytes += utf8
        }
        return bytes
    }

    /// `HMAC(key, previous ‖ encode(row))`.
    static func mac(
        key: [UInt8],
        previous: [UInt8],
        sequence: Int64,
        time: Int64,
        actor: String,
        action: String,
        details: String
    ) -> [UInt8] {
        let message = previous + encode(sequence: sequence, time: time, actor: actor, action: action, details: details)
        return HMACSHA256.authenticationCode(for: message, key: key)
    }

    /// The MAC over the head record (last sequence and its MAC), so a cut-off tail is noticed.
    static func headMAC(key: [UInt8], sequence: Int64, mac: [UInt8]) -> [UInt8] {
        var message = Array("rampart-audit-head-v1".utf8)
        append(UInt64(bitPattern: sequence), to: &message)
        return HMACSHA256.authenticationCode(for: message + mac, key: key)
    }

    /// A value that shows which key wrote the log without revealing it.
    static func keyCheck(key: [UInt8]) -> [UInt8] {
        HMACSHA256.authenticationCode(for: Array("rampart-audit-key-check-v1".utf8), key: key)
    }

    private static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
