public import GRDB
public import RampartRules

extension TokenStore {
    /// The admin tokens created before `cutoff`, oldest first; read without the audit key, so production mode can
    /// list them beside a missing key before the service opens.
    public static func adminTokens(
        createdBefore cutoff: Timestamp,
        in database: any DatabaseReader
    ) throws(TokenError) -> [TokenSummary] {
        try TypedDatabase.run(TokenError.database) {
            try database.read { db in
                let sql = """
                    SELECT name, created_at FROM api_tokens WHERE role = ? AND created_at < ? ORDER BY created_at, name
                    """
                return try Row.fetchAll(db, sql: sql, arguments: [Role.admin.rawValue, cutoff.nanoseconds]).map { row in
                    TokenSummary(name: row[0], role: .admin, createdAt: Timestamp(nanoseconds: row[1]))
                }
            }
        }
    }
}
