public import RampartRules
public import RampartStore

/// Everything `OrderDesk.open` needs: the database, the profile, the keys, and the live venue if any.
public struct DeskConfiguration: Sendable {
    /// The SQLite database (created if missing): journal, tokens, promotions, audit log, credentials.
    public var databasePath: String
    /// The profile to start with.
    public var profile: CompiledProfile
    /// The key of the audit log's hash chain.
    public var auditKey: AuditKey
    /// Where live orders go; nil releases live orders unplaced (and keeps recovered ones held).
    public var venue: VenueConfiguration?
    /// Time between reconciliation passes over pending live orders.
    public var reconcileInterval: Duration
    /// Time between reads of the `promotions` table (so CLI promotions reach a running desk).
    public var promotionSyncInterval: Duration
    /// Where the gate's own quotes and venue filters come from (DESIGN §7); nil: no market data, so orders that
    /// `market_data.require` asks a quote for are denied and the others are priced by the caller.
    public var marketData: PriceFeedOptions?
    /// Time between sweeps of resting paper orders (fills from held quotes, expiries).
    public var restingSweepInterval: Duration
    /// How long a bot-executed order's reservation is held before it is released as `expired` (`--external-ttl`).
    public var externalTTL: Duration = .seconds(3600)
    /// How many client order ids the desk answers repeats of from memory (`.replayed`); a repeat of an older one is
    /// answered from the journal (`.journaled`), as after a restart.
    public var rememberedClientOrderIDs = FirstSubmissions.standardCapacity
    /// Hold an exclusive lock on `<databasePath>.lock` while the desk lives (`rampart serve` does): a second
    /// service, or `rampart restore`, then refuses to touch the database.
    public var lockDatabase = false
    /// The wall clock decisions are stamped with.
    public var clock: @Sendable () -> Timestamp

    /// Creates a configuration.
    public init(
        databasePath: String,
        profile: CompiledProfile,
        auditKey: AuditKey,
        venue: VenueConfiguration? = nil,
        reconcileInterval: Duration = .seconds(10),
        promotionSyncInterval: Duration = .seconds(1),
        marketData: PriceFeedOptions? = nil,
        restingSweepInterval: Duration = .seconds(1),
        clock: @escaping @Sendable () -> Timestamp = Timestamp.now
    ) {
        self.marketData = marketData
        self.restingSweepInterval = restingSweepInterval
        self.databasePath = databasePath
        self.profile = profile
        self.auditKey = auditKey
        self.venue = venue
        self.reconcileInterval = reconcileInterval
        self.promotionSyncInterval = promotionSyncInterval
        self.clock = clock
    }
}

/// A Binance-compatible spot venue for live orders, with the name of its credentials in the vault.
public struct VenueConfiguration: Sendable {
    /// The API root, such as `https://testnet.binance.vision`.
    public var baseURL: String
    /// The credentials' name in the vault (`rampart credentials set --venue NAME`).
    public var credentialsName: String
    /// The master key that opens the vault.
    public var masterKey: MasterKey
    /// How long one venue call may take before its outcome is unknown.
    public var timeout: Duration
    /// Binance's `recvWindow`.
    public var recvWindow: Duration

    /// Creates a venue configuration.
    public init(baseURL: String, credentialsName: String, masterKey: MasterKey, timeout: Duration, recvWindow: Duration)
    {
        self.baseURL = baseURL
        self.credentialsName = credentialsName
        self.masterKey = masterKey
        self.timeout = timeout
        self.recvWindow = recvWindow
    }
}

/// Why a desk could not be opened; nothing is served then.
public enum DeskOpenError: Error, Sendable, CustomStringConvertible {
    /// The database file cannot be opened or migrated.
    case database(path: String, reason: String)
    /// The journal cannot be replayed into a state.
    case recovery(path: String, reason: String)
    /// A venue is configured but its credentials cannot be read from the vault.
    case credentials(name: String, reason: String)

    public var description: String {
        switch self {
        case .database(let path, let reason): "--db \(path): cannot open the database: \(reason)"
        case .recovery(let path, let reason): "--db \(path): cannot rebuild state from the journal: \(reason)"
        case .credentials(let name, let reason):
            "--venue-url is set but the credentials \"\(name)\" cannot be read: \(reason) "
                + "(store them with `rampart credentials set --venue \(name)`)"
        }
    }
}
