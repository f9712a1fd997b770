import RampartRules

/// Holds a replay to one quote currency: the profile's `account.currency` if set, else the file's, else the first fill's.
struct CurrencyCheck {
    /// The currency every symbol must be quoted in, once known.
    private(set) var currency: String?
    /// Where the currency came from, for messages.
    private var source: String

    /// Starts from the profile's currency and the file's stake currency; they must agree.
    init(profile: CompiledProfile, compare: CompiledProfile?, file: String, fileCurrency: String?) throws(DryRunError) {
        currency = profile.spec.currency?.value
        source = "profile '\(profile.name)' account.currency"
        if let other = compare?.spec.currency?.value {
            if let currency, currency != other {
                throw DryRunError(
                    file: file,
                    message: "profile '\(profile.name)' is in \(currency) but compare profile '\(compare?.name ?? "")' "
                        + "is in \(other); the dry-run does not convert currencies"
                )
            }
            if currency == nil {
                currency = other
                source = "compare profile '\(compare?.name ?? "")' account.currency"
            }
        }
        if let fileCurrency {
            if let currency, currency != fileCurrency {
                throw DryRunError(
                    file: file,
                    message: "the file's stake currency is \(fileCurrency) but \(source) is \(currency); "
                        + "the dry-run does not convert currencies"
                )
            }
            if currency == nil {
                currency = fileCurrency
                source = "the file's stake currency"
            }
        }
    }

    /// Checks the quote currency of a fill's `symbol` (called once per new bot and symbol).
    mutating func check(symbol: String, at location: TradeLocation, file: String) throws(DryRunError) {
        guard let slash = symbol.firstIndex(of: "/") else {
            throw DryRunError(file: file, location: location, message: "symbol '\(symbol)' is not BASE/QUOTE")
        }
        let quote = String(symbol[symbol.index(after: slash)...])
        guard let currency else {
            currency = quote
            source = "the first fill (\(symbol) at \(location))"
            return
        }
        guard quote == currency else {
            throw DryRunError(
                file: file,
                location: location,
                message:
                    "symbol '\(symbol)' is quoted in \(quote), but the replay is in \(currency) (from \(source)); "
                    + "the dry-run does not convert currencies: replay one quote currency at a time"
            )
        }
    }
}
