/* sqlite3_config is variadic, so Swift cannot call it; this wrapper can. It does not include <sqlite3.h>, which GRDB's
 * own module owns: the option code below is SQLite's stable value (sqlite.org/c3ref/c_config_covering_index_scan). */
int sqlite3_config(int, ...);

/* Turns SQLite's memory statistics off before its first connection opens: with them on, every allocation takes a
 * global lock (and Debian's SQLite, built without lookaside memory, allocates for every row it writes).
 * Returns SQLITE_OK (0), or SQLITE_MISUSE (21) when SQLite was initialized already and keeps them on. */
static inline int rampart_sqlite_configure(void) {
    return sqlite3_config(9 /* SQLITE_CONFIG_MEMSTATUS */, 0);
}
