import RampartJSON
import RampartRules

/// One symbol the venue lists in `exchangeInfo`, under both its names.
struct VenueListing: Sendable, Hashable {
    /// `BASE/QUOTE`, from the entry's `baseAsset` and `quoteAsset`.
    var symbol: String
    /// The venue's name, such as `BTCUSDT`.
    var venueSymbol: String
    /// Whether the venue's `status` is `TRADING`.
    var trading: Bool
    /// The venue's filters for the symbol.
    var rules: SymbolRules
}

/// The venue's symbol list: `BASE/QUOTE` ↔ venue symbol, and each symbol's filters.
struct MarketCatalog: Sendable {
    /// Listings by `BASE/QUOTE`.
    var listings: [String: VenueListing] = [:]
    /// `BASE/QUOTE` names by venue symbol.
    var symbolsByVenueName: [String: String] = [:]

    /// The filters by `BASE/QUOTE`, as the sink takes them.
    var ruleBook: [String: SymbolRules] { listings.mapValues(\.rules) }
}

/// Something wrong with one entry of an answer: the entry is skipped, the rest is used.
struct EntryProblem: Error, Sendable, Hashable {
    /// What kind of problem.
    var kind: PriceFeedErrorKind
    /// The venue symbol the entry names, when it names one.
    var venueSymbol: String?
    /// Why, for the log.
    var message: String
}

/// A request or answer that gave nothing usable: the venue was unreachable, slow, failed or sent nonsense.
struct MarketDataFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    var kind: PriceFeedErrorKind
    /// Why, for the log and `PriceFeedStatus.lastError`.
    var message: String
    /// The venue's error code, when a non-200 answer carries one.
    var code: Int? = nil

    var description: String { message }
}

/// One sound best bid and ask from `bookTicker`, by venue symbol.
struct BookTop: Sendable, Hashable {
    var venueSymbol: String
    var bid: FixedDecimal
    var ask: FixedDecimal
}

/// Reading Binance public market data: `GET /api/v3/exchangeInfo` and `GET /api/v3/ticker/bookTicker`.
///
/// Every number is decimal text parsed strictly (`FixedDecimal(exactly:)`): more than eight decimals, an exponent
/// or anything malformed is an error, never rounded; numbers never pass through `Double`.
enum BinanceMarketData {
    /// The catalog in an `exchangeInfo` answer, and the entries left out of it.
    ///
    /// The `BASE/QUOTE` name comes from each entry's `baseAsset` and `quoteAsset`, never from cutting the venue
    /// symbol apart. Symbols whose `status` is not `TRADING` stay in the catalog with their filters (the mapping
    /// does not flicker while a market is halted), but the feed does not poll their quotes, so the held quote ages
    /// until it is stale. An entry with a missing name or an unreadable filter is left out (the symbol is then
    /// unknown, and orders that need its quote fail closed) rather than kept with a filter silently unchecked.
    static func catalog(_ body: [UInt8]) throws(MarketDataFailure) -> (MarketCatalog, [EntryProblem]) {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch {
            throw MarketDataFailure(kind: .malformed, message: "exchangeInfo answer is not JSON: \(error)")
        }
        guard let entries = json["symbols"]?.arrayValue else {
            throw MarketDataFailure(
                kind: .malformed,
                message: "exchangeInfo answer has no \"symbols\" array (found \(json["symbols"]?.kind ?? json.kind))"
            )
        }
        var catalog = MarketCatalog()
        var problems: [EntryProblem] = []
        for (index, entry) in entries.enumerated() {
            do throws(EntryProblem) {
                let listing = try listing(entry, index: index)
                if let other = catalog.listings[listing.symbol] {
                    throw EntryProblem(
                        kind: .malformed,
                        venueSymbol: listing.venueSymbol,
                        message: "exchangeInfo lists \(listing.symbol) twice (\(other.venueSymbol) and "
                            + "\(listing.venueSymbol)); keeping \(other.venueSymbol)"
                    )
                }
                guard catalog.symbolsByVenueName[listing.venueSymbol] == nil else {
                    throw EntryProblem(
                        kind: .malformed,
                        venueSymbol: listing.venueSymbol,
                        message: "exchangeInfo lists venue symbol \(listing.venueSymbol) twice; keeping the first"
                    )
                }
                catalog.listings[listing.symbol] = listing
                catalog.symbolsByVenueName[listing.venueSymbol] = listing.symbol
            } catch {
                problems.append(error)
            }
        }
        return (catalog, problems)
    }

    /// One `exchangeInfo` symbol entry as a listing.
    private static func listing(_ entry: JSONValue, index: Int) throws(EntryProblem) -> VenueListing {
        guard let venueSymbol = entry["symbol"]?.stringValue, !venueSymbol.isEmpty else {
            throw EntryProblem(
                kind: .malformed,
                venueSymbol: nil,
                message: "exchangeInfo symbols[\(index)] has no symbol"
            )
        }
        func problem(_ message: String) -> EntryProblem {
            EntryProblem(kind: .malformed, venueSymbol: venueSymbol, message: "exchangeInfo \(venueSymbol): \(message)")
        }
        guard let base = entry["baseAsset"]?.stringValue, let quote = entry["quoteAsset"]?.stringValue,
            isAssetName(base), isAssetName(quote)
        else { throw problem("baseAsset and quoteAsset must be non-empty names without '/'") }
        var rules = SymbolRules(venueSymbol: venueSymbol)
        for filter in entry["filters"]?.arrayValue ?? [] {
            func value(_ key: String) throws(EntryProblem) -> FixedDecimal? {
                guard let field = filter[key] else { return nil }
                guard let number = decimal(field) else {
                    throw problem(
                        "\(filter["filterType"]?.stringValue ?? "filter").\(key) is not a decimal: \(JSONWriter.string(field))"
                    )
                }
                return number
            }
            switch filter["filterType"]?.stringValue {
            case "PRICE_FILTER":
                rules.minPrice = try value("minPrice")
                rules.maxPrice = try value("maxPrice")
                rules.tickSize = try value("tickSize")
            case "LOT_SIZE":
                rules.minQuantity = try value("minQty")
                rules.maxQuantity = try value("maxQty")
                rules.stepSize = try value("stepSize")
            case "MIN_NOTIONAL", "NOTIONAL":
                rules.minNotional = try value("minNotional")
            default:
                continue
            }
        }
        // Through the initialiser again: a zero filter means "not checked" on Binance, so it becomes nil.
        rules = SymbolRules(
            venueSymbol: venueSymbol,
            minQuantity: rules.minQuantity,
            maxQuantity: rules.maxQuantity,
            stepSize: rules.stepSize,
            tickSize: rules.tickSize,
            minPrice: rules.minPrice,
            maxPrice: rules.maxPrice,
            minNotional: rules.minNotional
        )
        return VenueListing(
            symbol: base + "/" + quote,
            venueSymbol: venueSymbol,
            trading: entry["status"]?.stringValue == "TRADING",
            rules: rules
        )
    }

    /// The sound quotes in a `bookTicker` answer (an array of `{symbol, bidPrice, bidQty, askPrice, askQty}`),
    /// and the entries skipped: malformed, not positive, crossed, or naming a symbol not in `asked`.
    static func bookTops(_ body: [UInt8], asked: Set<String>) throws(MarketDataFailure) -> ([BookTop], [EntryProblem]) {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch {
            throw MarketDataFailure(kind: .malformed, message: "bookTicker answer is not JSON: \(error)")
        }
        guard let entries = json.arrayValue else {
            throw MarketDataFailure(kind: .malformed, message: "bookTicker answer is a JSON \(json.kind), not an array")
        }
        var tops: [BookTop] = []
        var seen: Set<String> = []
        var problems: [EntryProblem] = []
        for (index, entry) in entries.enumerated() {
            guard let venueSymbol = entry["symbol"]?.stringValue else {
                problems.append(
                    EntryProblem(kind: .malformed, venueSymbol: nil, message: "bookTicker [\(index)] has no symbol")
                )
                continue
            }
            func problem(_ kind: PriceFeedErrorKind, _ message: String) {
                problems.append(
                    EntryProblem(kind: kind, venueSymbol: venueSymbol, message: "bookTicker \(venueSymbol): \(message)")
                )
            }
            guard asked.contains(venueSymbol) else {
                problem(.unknownSymbol, "the answer names a symbol that was not asked for")
                continue
            }
            guard seen.insert(venueSymbol).inserted else {
                problem(.malformed, "the answer names the symbol twice; the first entry is used")
                continue
            }
            guard let bidField = entry["bidPrice"], let askField = entry["askPrice"] else {
                problem(.malformed, "bidPrice or askPrice is missing")
                continue
            }
            guard let bid = decimal(bidField), let ask = decimal(askField) else {
                problem(
                    .malformed,
                    "bidPrice \(JSONWriter.string(bidField)) or askPrice \(JSONWriter.string(askField)) is not a "
                        + "decimal with at most 8 places"
                )
                continue
            }
            guard bid.isPositive, ask.isPositive else {
                problem(.notPositive, "bid \(bid) and ask \(ask) must both be above zero")
                continue
            }
            guard bid <= ask else {
                problem(.crossed, "crossed book: bid \(bid) is above ask \(ask)")
                continue
            }
            tops.append(BookTop(venueSymbol: venueSymbol, bid: bid, ask: ask))
        }
        return (tops, problems)
    }

    /// The query of a `bookTicker` request for `venueSymbols`: `symbols=` and a URL-encoded JSON array, as
    /// Binance documents it (`symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D`).
    static func bookTickerQuery(_ venueSymbols: [String]) -> String {
        let array = JSONValue.array(venueSymbols.map { .string($0) })
        return "symbols=" + percentEncoded(JSONWriter.string(array))
    }

    /// Binance's `-1121 Invalid symbol.` error code: a symbol asked for is not (or no longer) listed.
    static let invalidSymbolCode = -1121

    /// The `code` of a Binance error body (`{"code": -1121, "msg": "Invalid symbol."}`), if the body is one.
    static func errorCode(_ body: [UInt8]) -> Int? {
        guard let json = try? JSONParser.parse(body), case .number(let code)? = json["code"] else { return nil }
        return Int(code)
    }

    /// A decimal from a JSON string (Binance's form) or number, parsed strictly; nil when it is not one.
    private static func decimal(_ value: JSONValue) -> FixedDecimal? {
        switch value {
        case .string(let text), .number(let text): try? FixedDecimal(exactly: text)
        default: nil
        }
    }

    /// An asset name the `BASE/QUOTE` form can carry: not empty, no `/`.
    private static func isAssetName(_ name: String) -> Bool { !name.isEmpty && !name.utf8.contains(UInt8(ascii: "/")) }

    /// Percent-encodes everything but unreserved characters and `,` (Binance's own examples leave commas bare).
    private static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"), UInt8(ascii: ","):
                output.append(byte)
            default:
                output.append(contentsOf: [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
