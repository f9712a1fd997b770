/// Why a key could not be loaded or a credential could not be stored, read or deleted.
public enum VaultError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither key variable is set.
    case keyNotConfigured(fileVariable: String, hexVariable: String)
    /// Both key variables are set; Rampart will not guess which one is meant.
    case keyAmbiguous(fileVariable: String, hexVariable: String)
    /// The key file could not be opened, read, or is not a regular file.
    case keyFileUnreadable(variable: String, path: String, reason: String)
    /// The key file grants permissions to its group or to other users.
    case keyFileTooOpen(variable: String, path: String, mode: UInt32)
    /// The key file does not hold exactly 32 bytes.
    case keyFileWrongLength(variable: String, path: String, length: Int)
    /// The hex key is not 64 hex characters.
    case keyHexInvalid(variable: String, reason: String)
    /// Raw key bytes given in code are not 32 bytes.
    case keyWrongLength(Int)
    /// A venue name is empty, too long, or has characters outside `A-Z a-z 0-9 . _ -`.
    case invalidVenue(String)
    /// An API key or secret is empty or contains a line break.
    case invalidValue(field: String, reason: String)
    /// No credentials are stored for the venue.
    case notFound(venue: String)
    /// A stored field failed authentication: wrong master key, or the row was tampered with or moved.
    case decryptionFailed(venue: String, field: String)
    /// The cipher or the random generator failed.
    case cryptoFailure(String)
    /// The audit entry for the change could not be written (the change was rolled back).
    case audit(AuditError)
    /// SQLite failed.
    case database(String)

    public var description: String {
        switch self {
        case .keyNotConfigured(let file, let hex):
            "no key configured: set \(file) (path to a file of 32 random bytes, mode 0600 or 0400) or \(hex) (64 hex characters)"
        case .keyAmbiguous(let file, let hex):
            "both \(file) and \(hex) are set; set exactly one"
        case .keyFileUnreadable(let variable, let path, let reason):
            "cannot read the key file \(path) (from \(variable)): \(reason)"
        case .keyFileTooOpen(let variable, let path, let mode):
            "the key file \(path) (from \(variable)) has mode \(String(mode, radix: 8)); other users must have no access: chmod 600 \(path)"
        case .keyFileWrongLength(let variable, let path, let length):
            "the key file \(path) (from \(variable)) holds \(length) bytes; it must hold exactly 32 raw random bytes (e.g. head -c 32 /dev/urandom)"
        case .keyHexInvalid(let variable, let reason):
            "\(variable) \(reason)"
        case .keyWrongLength(let length):
            "a key must be 32 bytes, got \(length)"
        case .invalidVenue(let venue):
            "invalid venue name \"\(venue)\": use 1-64 characters from A-Z a-z 0-9 . _ -"
        case .invalidValue(let field, let reason):
            "invalid \(field): \(reason)"
        case .notFound(let venue):
            "no credentials stored for venue \(venue)"
        case .decryptionFailed(let venue, let field):
            "cannot decrypt the \(field) of venue \(venue): wrong master key, or the stored row was altered"
        case .cryptoFailure(let reason):
            "encryption failed: \(reason)"
        case .audit(let error):
            "the change was not made because it could not be audited: \(error)"
        case .database(let reason):
            "database error: \(reason)"
        }
    }
}
