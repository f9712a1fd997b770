import GRDB
import GRDBSQLite
import RampartRules

/// Binds a journal row's values by position straight to a cached statement's SQLite handle and runs it.
///
/// A paper order writes two rows; through `StatementArguments` each value became an existential box and a
/// `DatabaseValue`, and each decimal a `String` first. Here an integer is bound as one, and text and decimals are
/// copied into one buffer on the stack that lives until the row is written, and bound from there without a copy
/// (`SQLITE_STATIC`). Debian's SQLite has no lookaside memory: a copied text (`SQLITE_TRANSIENT`) was one `malloc`
/// and `free` per value, 17 per paper order. A text that does not fit the buffer is still copied by SQLite. The
/// bindings are cleared after the run, so no parameter points into the buffer once it is gone.
/// A bind that fails (out of memory, a text too long) fails the row's insert, and so the journal's write.
struct JournalBinding: ~Copyable {
    private let handle: SQLiteStatement
    private var index: CInt = 0
    /// The first bind that did not return `SQLITE_OK`: its parameter and result code.
    private var failure: (parameter: CInt, code: CInt)?
    /// Where bound texts are kept while the row is written, and how much of it they take.
    private let buffer: UnsafeMutableRawBufferPointer
    private var used = 0

    private init(_ handle: SQLiteStatement, buffer: UnsafeMutableRawBufferPointer) {
        self.handle = handle
        self.buffer = buffer
    }

    /// Bytes of text a row keeps on the stack (an order row's texts take about 200).
    static let bufferSize = 2_048

    /// Has `SQLite` copy a bound text or blob before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    /// Binds `statement`'s parameters in order with `bind` (every one of them) and runs it to completion.
    static func run(_ statement: Statement, in db: Database, _ bind: (inout JournalBinding) -> Void) throws {
        try withUnsafeTemporaryAllocation(byteCount: bufferSize, alignment: 1) { buffer in
            let handle = statement.sqliteStatement
            // Whatever happens below, no parameter may keep pointing into `buffer` once this call returns.
            defer { sqlite3_clear_bindings(handle) }
            var binding = JournalBinding(handle, buffer: buffer)
            bind(&binding)
            precondition(binding.index == sqlite3_bind_parameter_count(handle), "every parameter is bound")
            if let (parameter, code) = binding.failure {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code),
                    message: "cannot bind parameter \(parameter): \(String(cString: sqlite3_errstr(code)))",
                    sql: statement.sql
                )
            }
            let code = sqlite3_step(handle)
            let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(handle)
            guard code == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
            }
        }
    }

    /// Binds the next parameter to an integer.
    mutating func integer(_ value: Int64) {
        index += 1
        check(sqlite3_bind_int64(handle, index, value))
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
        check(sqlite3_bind_null(handle, index))
    }

    /// Keeps the first failing bind's code for `run` to throw.
    private mutating func check(_ code: CInt) {
        if code != SQLITE_OK && failure == nil { failure = (index, code) }
    }

    /// Binds the next parameter to UTF-8 `bytes`, kept in the row's buffer when they fit (an empty text too: SQLite
    /// reads a NULL pointer as NULL, so it gets a real one).
    private mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        index += 1
        let (handle, index) = (self.handle, self.index)
        let code: CInt
        if let base = buffer.baseAddress, bytes.count <= buffer.count - used {
            let start = base + used
            if let source = bytes.baseAddress { start.copyMemory(from: source, byteCount: bytes.count) }
            used += bytes.count
            code = sqlite3_bind_text(
                handle,
                index,
                start.bindMemory(to: CChar.self, capacity: bytes.count),
                CInt(bytes.count),
                nil
            )
        } else {
            let empty: StaticString = ""
            let start = bytes.baseAddress ?? empty.utf8Start
            code = start.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1)) { text in
                sqlite3_bind_text(handle, index, text, CInt(bytes.count), Self.transient)
            }
        }
        check(code)
    }
}
