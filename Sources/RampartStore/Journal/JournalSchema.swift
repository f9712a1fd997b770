internal import GRDB

/// The journal's tables: orders, decisions, fills, trading states, rate-window events.
enum JournalSchema {
    /// Adds the journal's migrations.
    static func register(in migrator: inout DatabaseMigrator) {
        // Filled in by the journal work (issue 4).
    }
}
