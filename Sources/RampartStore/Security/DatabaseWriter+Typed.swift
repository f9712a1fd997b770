import GRDB

/// Runs GRDB work and maps its untyped errors into a component's typed error.
enum TypedDatabase {
    /// Runs `body`, rethrowing an `E` as is and wrapping any other error (SQLite, I/O) with `wrap`.
    static func run<T, E: Error>(_ wrap: (String) -> E, _ body: () throws -> T) throws(E) -> T {
        do {
            return try body()
        } catch let error as E {
            throw error
        } catch {
            throw wrap(String(describing: error))
        }
    }
}
