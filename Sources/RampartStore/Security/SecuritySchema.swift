import GRDB

/// The security tables: credentials, API tokens, promotions, the audit log.
///
/// Times are INTEGER nanoseconds since the Unix epoch (UTC), as `Timestamp` stores them.
enum SecuritySchema {
    /// Adds the security migrations.
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("security-v1") { db in
            // Venue credentials: both fields sealed with AES-256-GCM, stored as nonce ‖ ciphertext ‖ tag.
            // AUTOINCREMENT so a deleted row's id (bound into the associated data) is never reused.
            try db.execute(
                sql: """
                    CREATE TABLE credentials (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        venue TEXT NOT NULL UNIQUE,
                        api_key BLOB NOT NULL,
                        secret BLOB NOT NULL,
                        created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    )
                    """
            )
            // API tokens: only the SHA-256 of the token is kept.
            try db.execute(
                sql: """
                    CREATE TABLE api_tokens (
                        name TEXT PRIMARY KEY,
                        role TEXT NOT NULL CHECK (role IN ('trader', 'ops', 'admin')),
                        token_hash BLOB NOT NULL UNIQUE,
                        created_at INTEGER NOT NULL
                    )
                    """
            )
            // Promotion to live. `promotions(bot, promoted)` is read at startup to restore live bots.
            try db.execute(
                sql: """
                    CREATE TABLE promotions (
                        bot TEXT PRIMARY KEY,
                        promoted INTEGER NOT NULL DEFAULT 0,
                        promoted_at INTEGER,
                        requested_at INTEGER,
                        request_nonce_hash BLOB,
                        request_expires_at INTEGER,
                        request_used INTEGER NOT NULL DEFAULT 0,
                        request_stats TEXT
                    )
                    """
            )
            // The HMAC-chained audit log and its MAC-protected head (detects a truncated tail).
            try db.execute(
                sql: """
                    CREATE TABLE audit_log (
                        sequence INTEGER PRIMARY KEY,
                        time INTEGER NOT NULL,
                        actor TEXT NOT NULL,
                        action TEXT NOT NULL,
                        details TEXT NOT NULL,
                        mac BLOB NOT NULL
                    )
                    """
            )
            try db.execute(
                sql: """
                    CREATE TABLE audit_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sequence INTEGER NOT NULL,
                        mac BLOB NOT NULL,
                        key_check BLOB NOT NULL,
                        head_mac BLOB NOT NULL
                    )
                    """
            )
        }
        // Trader tokens are scoped to bots and accounts (DESIGN §8). Tokens from before scopes existed keep
        // working with an explicit `*` scope, which `token list` shows; ops and admin stay unscoped (NULL).
        migrator.registerMigration("security-v2-token-scopes") { db in
            try db.execute(sql: "ALTER TABLE api_tokens ADD COLUMN bot_scope TEXT")
            try db.execute(sql: "ALTER TABLE api_tokens ADD COLUMN account_scope TEXT")
            try db.execute(sql: "UPDATE api_tokens SET bot_scope = '*', account_scope = '*' WHERE role = 'trader'")
        }
        // Emergency stops written by `rampart stop`, applied by the service (at start, or within a second).
        migrator.registerMigration("operations-v1-stop-requests") { db in
            try db.execute(
                sql: """
                    CREATE TABLE stop_requests (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        scope TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        requested_at INTEGER NOT NULL,
                        applied_at INTEGER
                    )
                    """
            )
        }
    }
}
