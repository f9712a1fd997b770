import GRDB
import GRDBSQLite
import RampartRules

/// Binds a journal row's values by position straight to a cached statement's SQLite handle and runs it.
///
/// A paper order writes two rows; through `StatementArguments` each value became an existential box and a
/// `DatabaseValue`, and each decimal a `String` first. Here an integer is bound as one, and text and decimals are
/// copied by SQLite from the string's or the stack's bytes (`SQLITE_TRANSIENT`).
struct JournalBinding: ~Copyable {
    private let handle: SQLiteStatement
    private var index: CInt = 0

    private init(_ handle: SQLiteStatement) { self.handle = handle }

    /// Has `SQLite` copy a bound text or blob before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Binds `statement`'s parameters in order with `bind` (every one of them) and runs it to completion.
    static func run(_ statement: Statement, in db: Database, _ bind: (inout JournalBinding) -> Void) throws {
        var binding = JournalBinding(statement.sqliteStatement)
        bind(&binding)
        let handle = binding.handle
        precondition(binding.index == sqlite3_bind_parameter_count(handle), "every parameter is bound")
        let code = sqlite3_step(handle)
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    /// Binds the next parameter to an integer.
    mutating func integer(_ value: Int64) {
        index += 1
        sqlite3_bind_int64(handle, index, value)
    }

    /// Binds the next parameter to 1 or 0.
    mutating func integer(_ value: Bool) { integer(value ? 1 : 0) }

    /// Binds the next parameter to the text, or NULL.
    mutating func text(_ value: String?) {
        guard var value else { return null() }
        value.withUTF8 { bytes in text(bytes) }
    }

    /// Binds the next parameter to the decimal's text (`FixedDecimal.description`), or NULL.
    mutating func decimal(_ value: FixedDecimal?) {
        guard let value else { return null() }
        value.withText { bytes in text(bytes) }
    }

    /// Binds the next parameter to NULL.
    private mutating func null() {
        index += 1
        sqlite3_bind_null(handle, index)
    }

    /// Binds the next parameter to UTF-8 `bytes` (an empty text too: SQLite reads a NULL pointer as NULL, so it gets
    /// a real one).
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        index += 1
        let (handle, index) = (self.handle, self.index)
        let empty: StaticString = ""
        let start = bytes.baseAddress ?? empty.utf8Start
        start.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1)) { text in
            _ = sqlite3_bind_text(handle, index, text, CInt(bytes.count), Self.transient)
        }
    }
}
