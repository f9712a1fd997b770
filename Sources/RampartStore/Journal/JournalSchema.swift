import GRDB

/// The journal's tables: orders with their decisions, fills, releases, resting paper orders, trading states.
///
/// Money is exact decimal TEXT (`FixedDecimal.description`), times are INTEGER nanoseconds since the epoch.
/// One sequence numbers every journal row (orders, fills, releases), so the journal has one total order; a resting
/// row (`journal_resting`) is keyed by its order's sequence and takes none of its own.
/// Positions, daily P&L and rate windows are derived by replaying it (see `JournalRecovery`).
enum JournalSchema {
    /// Adds the journal's migrations.
    static func register(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("journal-v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal_orders (
                        sequence INTEGER PRIMARY KEY,
                        time INTEGER NOT NULL,
                        bot TEXT NOT NULL,
                        account TEXT NOT NULL,
                        symbol TEXT NOT NULL,
                        side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
                        type TEXT NOT NULL CHECK (type IN ('market', 'limit')),
                        quantity TEXT NOT NULL,
                        price TEXT,
                        reference_price TEXT,
                        mode TEXT NOT NULL CHECK (mode IN ('paper', 'live')),
                        client_order_id TEXT,
                        stop_loss TEXT,
                        take_profit TEXT,
                        allowed INTEGER NOT NULL CHECK (allowed IN (0, 1)),
                        profile_hash TEXT NOT NULL,
                        rule_ids TEXT NOT NULL,
                        effect TEXT
                    );
                    CREATE INDEX journal_orders_time ON journal_orders (time);
                    CREATE TABLE journal_fills (
                        sequence INTEGER PRIMARY KEY,
                        order_sequence INTEGER NOT NULL UNIQUE REFERENCES journal_orders (sequence),
                        time INTEGER NOT NULL,
                        quantity TEXT NOT NULL,
                        price TEXT NOT NULL,
                        fee TEXT NOT NULL,
                        realized_pnl TEXT NOT NULL
                    );
                    CREATE TABLE journal_releases (
                        sequence INTEGER PRIMARY KEY,
                        order_sequence INTEGER NOT NULL UNIQUE REFERENCES journal_orders (sequence),
                        time INTEGER NOT NULL,
                        reason TEXT NOT NULL
                    );
                    CREATE TABLE trading_states (
                        scope TEXT PRIMARY KEY,
                        state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
                        until INTEGER,
                        reason TEXT,
                        set_at INTEGER NOT NULL
                    );
                    """
            )
        }
        // Lets a restarted service answer a repeated client order id with the decision it journaled.
        migrator.registerMigration("journal-v2-client-order-id") { db in
            try db.execute(sql: "CREATE INDEX journal_orders_client_order_id ON journal_orders (client_order_id)")
        }
        // The gate's own reference prices (DESIGN §7): where each decision's and fill's price came from, the price the
        // decision judged the order at, and the paper limit orders resting until a quote crosses them. Fills journaled
        // before this migration were priced from the caller's numbers, so `caller` is their truthful default.
        migrator.registerMigration("journal-v3-market-prices") { db in
            try db.execute(
                sql: """
                    ALTER TABLE journal_orders ADD COLUMN price_source TEXT
                        CHECK (price_source IN ('market', 'caller'));
                    ALTER TABLE journal_orders ADD COLUMN market_price TEXT;
                    ALTER TABLE journal_fills ADD COLUMN price_source TEXT NOT NULL DEFAULT 'caller'
                        CHECK (price_source IN ('market', 'caller'));
                    CREATE TABLE journal_resting (
                        order_sequence INTEGER PRIMARY KEY REFERENCES journal_orders (sequence),
                        since INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL
                    );
                    """
            )
        }
        // A repeated client order id gets its first answer in full after a restart: the decision's violations and
        // warnings as they were reported (`JournalFindings`). Decisions journaled before keep only their rule ids.
        migrator.registerMigration("journal-v4-findings") { db in
            try db.execute(sql: "ALTER TABLE journal_orders ADD COLUMN findings TEXT")
        }
        // Bot-executed orders (`execution: external`): several fills per order (each with the bot's `fill_id`, unique
        // per order, and how its price compared with the market), and the reservations bots hold until they report
        // fills or release them. SQLite cannot drop the one-fill-per-order constraint, so the table is rebuilt.
        // `realized_pnl` may be NULL: fills are booked in memory after their write, in journal order, and recovery
        // derives P&L by replaying them (rows written before keep theirs).
        migrator.registerMigration("journal-v5-external") { db in
            try db.execute(
                sql: """
                    CREATE TABLE journal_fills_v5 (
                        sequence INTEGER PRIMARY KEY,
                        order_sequence INTEGER NOT NULL REFERENCES journal_orders (sequence),
                        time INTEGER NOT NULL,
                        quantity TEXT NOT NULL,
                        price TEXT NOT NULL,
                        fee TEXT NOT NULL,
                        realized_pnl TEXT,
                        price_source TEXT NOT NULL DEFAULT 'caller' CHECK (price_source IN ('market', 'caller')),
                        fill_id TEXT,
                        price_check TEXT CHECK (price_check IN ('ok', 'off_market', 'unchecked'))
                    );
                    INSERT INTO journal_fills_v5 (sequence, order_sequence, time, quantity, price, fee, realized_pnl,
                        price_source)
                    SELECT sequence, order_sequence, time, quantity, price, fee, realized_pnl, price_source
                    FROM journal_fills;
                    DROP TABLE journal_fills;
                    ALTER TABLE journal_fills_v5 RENAME TO journal_fills;
                    CREATE INDEX journal_fills_order ON journal_fills (order_sequence);
                    CREATE UNIQUE INDEX journal_fills_fill_id ON journal_fills (order_sequence, fill_id)
                        WHERE fill_id IS NOT NULL;
                    CREATE TABLE journal_external (
                        order_sequence INTEGER PRIMARY KEY REFERENCES journal_orders (sequence),
                        expires_at INTEGER NOT NULL
                    );
                    """
            )
        }
        // Snapshots of the fill-made state (`StateSnapshots`): recovery starts from the newest sound one and books only
        // the fills after `sequence`.
        migrator.registerMigration("journal-v6-snapshots") { db in
            try db.execute(
                sql: """
                    CREATE TABLE state_snapshots (
                        sequence INTEGER PRIMARY KEY,
                        taken_at INTEGER NOT NULL,
                        fills INTEGER NOT NULL,
                        payload BLOB NOT NULL,
                        checksum TEXT NOT NULL
                    );
                    """
            )
        }
        // Snapshots of the journal's fold (`StateSnapshots`, payload `rampart-state 2`) can be large (rate windows):
        // written in parts of at most `SnapshotPolicy.partSize` bytes, each in its own transaction, the head row
        // (`parts` = how many, checksum over all of them) last, so no write holds the journal back for long.
        migrator.registerMigration("journal-v7-snapshot-parts") { db in
            try db.execute(
                sql: """
                    ALTER TABLE state_snapshots ADD COLUMN parts INTEGER NOT NULL DEFAULT 0;
                    CREATE TABLE state_snapshot_parts (
                        sequence INTEGER NOT NULL,
                        part INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        PRIMARY KEY (sequence, part)
                    );
                    """
            )
        }
        // Every paper order writes an order row and a fill row; each index on them is one more B-tree insert and one
        // more WAL page per commit. No query reads orders by time (recovery and the fold read by sequence, the
        // primary key), so that index goes; the client-order-id index keeps only the orders that carry one (a lookup
        // by `client_order_id = ?` implies NOT NULL, so SQLite still uses the partial index: `JournalSchemaTests`).
        migrator.registerMigration("journal-v8-lean-indexes") { db in
            try db.execute(
                sql: """
                    DROP INDEX journal_orders_time;
                    DROP INDEX journal_orders_client_order_id;
                    CREATE INDEX journal_orders_client_order_id ON journal_orders (client_order_id)
                        WHERE client_order_id IS NOT NULL;
                    """
            )
        }
    }
}
