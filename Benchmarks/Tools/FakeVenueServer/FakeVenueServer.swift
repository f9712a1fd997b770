import Foundation
import RampartFakeVenue

/// `RampartFakeVenueServer [--api-key KEY] [--secret SECRET] [--symbol VENUE:BASE:QUOTE:BID:ASK]…`: the Swift
/// tests' Binance-compatible fake venue (`FakeVenue`) as a program, for tests in other languages (the Python
/// client's ccxt tests). It listens on 127.0.0.1, prints one JSON line
/// `{"url":…,"control":…,"api_key":…,"secret":…}` and serves until its standard input closes (so it never outlives
/// the test that started it with a pipe) or it gets SIGTERM. `control` is `FakeVenueControl`'s API: script the
/// next placements, set quotes, read request counts and orders. BTCUSDT is always listed (bid 99.9, ask 100).
@main
struct FakeVenueServer {
    static func main() async {
        var apiKey = "test-api-key"
        var secret = "test-secret-0123456789"
        var symbols: [[String]] = []
        var arguments = CommandLine.arguments.dropFirst()
        while let flag = arguments.popFirst() {
            guard let value = arguments.popFirst() else { fail("\(flag) needs a value") }
            switch flag {
            case "--api-key": apiKey = value
            case "--secret": secret = value
            case "--symbol":
                let parts = value.split(separator: ":").map(String.init)
                guard parts.count == 5 else { fail("--symbol takes VENUE:BASE:QUOTE:BID:ASK, got '\(value)'") }
                symbols.append(parts)
            default: fail("unknown option \(flag)")
            }
        }
        let venue = FakeVenue(apiKey: apiKey, secret: secret)
        for symbol in symbols {
            venue.market.addSymbol(venue: symbol[0], base: symbol[1], quote: symbol[2])
            venue.market.setQuote(venue: symbol[0], bid: symbol[3], ask: symbol[4])
        }
        let control = FakeVenueControl(venue: venue)
        let url: String
        let controlURL: String
        do {
            url = try await venue.start()
            controlURL = try await control.start()
        } catch {
            fail("could not start: \(error)")
        }
        let line =
            "{\"url\":\"\(url)\",\"control\":\"\(controlURL)\","
            + "\"api_key\":\"\(apiKey)\",\"secret\":\"\(secret)\"}\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                _ = FileHandle.standardInput.readDataToEndOfFile()
                done.resume()
            }
        }
        await control.stop()
        await venue.stop()
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("RampartFakeVenueServer: \(message)\n".utf8))
        exit(2)
    }
}
