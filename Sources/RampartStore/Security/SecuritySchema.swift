internal import GRDB

/// The security tables: credentials, API tokens, promotions, the audit log.
enum SecuritySchema {
    /// Adds the security migrations.
    static func register(in migrator: inout DatabaseMigrator) {
        // Filled in by the security work (issue 4).
    }
}
