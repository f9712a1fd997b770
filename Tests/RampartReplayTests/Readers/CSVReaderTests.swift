import Foundation
import RampartReplay
import RampartRules
import Testing

struct CSVReaderTests {
    static let header = "time,bot,symbol,side,quantity,price,fee\n"
    static let good =
        header + """
            2026-01-05T09:30:00Z,alpha,BTC/USDT,buy,0.5,42000.1,21.00005
            2026-01-05T09:30:00.250Z,beta,ETH/USDT,sell,2,2500,5
            2026-01-05T10:00:00Z,alpha,BTC/USDT,sell,0.5,42100.123456789,0

            """

    @Test func readsEachRowAsOneFill() throws {
        let (info, fills, rounded, bots) = try TestFiles.readAll(try TestFiles.write(Self.good))
        #expect(info.format == .csv)
        #expect(fills.count == 3)
        #expect(bots == ["alpha", "beta"])
        #expect(rounded == 1)  // 42100.123456789 -> 42100.12345679
        let first = fills[0]
        #expect(first.time == Timestamp(iso8601: "2026-01-05T09:30:00Z"))
        #expect(first.bot == "alpha" && first.symbol == "BTC/USDT" && first.side == .buy)
        #expect(first.quantity == (try FixedDecimal(exactly: "0.5")))
        #expect(first.price == (try FixedDecimal(exactly: "42000.1")))
        #expect(first.fee == (try FixedDecimal(exactly: "21.00005")))
        #expect(first.location == .line(2))
        #expect(fills[1].time.nanoseconds == first.time.nanoseconds + 250_000_000)
        #expect(fills[2].price == (try FixedDecimal(exactly: "42100.12345679")))
        #expect(fills[2].location == .line(4))
    }

    /// Times on the first and the last day a timestamp reaches are read (the day cache used to trap there: the
    /// first day starts before `Int64.min`, the last ends after `Int64.max`); a time past the last is refused.
    @Test func readsTimesAtTheEdgesOfTheRange() throws {
        let edges =
            Self.header + """
                1677-09-21T00:12:44Z,alpha,BTC/USDT,buy,0.5,42000,0
                1677-09-21T00:12:45.5Z,alpha,BTC/USDT,sell,0.5,42000,0
                2262-04-11T23:00:00Z,alpha,BTC/USDT,buy,0.5,42000,0
                2262-04-11T23:47:16Z,alpha,BTC/USDT,sell,0.5,42000,0

                """
        let fills = try TestFiles.readAll(try TestFiles.write(edges)).fills
        #expect(
            fills.map(\.time.nanoseconds.description) == [
                "-9223372036000000000", "-9223372034500000000", "9223369200000000000", "9223372036000000000",
            ]
        )
        let past = edges + "2262-04-11T23:59:59Z,alpha,BTC/USDT,buy,0.5,42000,0\n"
        let error = try TestFiles.csvError(past) ?? ""
        #expect(error.hasPrefix("FILE:6: error: field 'time'"), "\(error)")
    }

    @Test func acceptsEpochMillisecondsCRLFAndQuotedClientIDs() throws {
        let text =
            "time,bot,symbol,side,quantity,price,fee,client_order_id\r\n"
            + "1767605400000,\"bot, one\",BTC/USDT,buy,1,100,0.1,\"id \"\"7\"\"\"\r\n"
            + "1767605400001,b2,BTC/USDT,sell,1,101,0.1,\r\n"
        let fills = try TestFiles.readAll(try TestFiles.write(text)).fills
        #expect(fills.count == 2)
        #expect(fills[0].time == Timestamp(iso8601: "2026-01-05T09:30:00Z"))
        #expect(fills[0].bot == "bot, one")
        #expect(fills[0].clientOrderID == "id \"7\"")
        #expect(fills[1].clientOrderID == nil)
        #expect(fills[1].time.nanoseconds == fills[0].time.nanoseconds + 1_000_000)
    }

    @Test func botOptionKeepsOnlyThatBot() throws {
        let path = try TestFiles.write(Self.good)
        let (info, fills, _, bots) = try TestFiles.readAll(path, bot: "alpha")
        #expect(info.bots == ["alpha"])
        #expect(fills.map(\.location) == [.line(2), .line(4)])
        #expect(bots == ["alpha", "beta"])
        #expect(
            try TestFiles.csvError(Self.good, bot: "gamma")
                == "FILE: error: field 'bot': no rows for bot 'gamma'; the file has bots 'alpha', 'beta'"
        )
    }

    @Test func readsRowsAcrossChunkBoundaries() throws {
        var text = Self.header
        for index in 0..<40_000 {
            text += "\(1_767_605_400_000 + index),bot\(index % 7),S\(index % 13)/USDT,buy,1.5,100.25,0.01\n"
        }
        let (_, fills, _, bots) = try TestFiles.readAll(try TestFiles.write(text))
        #expect(fills.count == 40_000)
        #expect(bots.count == 7)
        #expect(fills.last?.symbol == "S\(39_999 % 13)/USDT")
        #expect(fills.last?.location == .line(40_001))
    }

    static let row = "2026-01-05T09:30:00Z,alpha,BTC/USDT,buy,0.5,42000,1"

    @Test(arguments: [
        (
            row.replacingOccurrences(of: ",1", with: ""),
            "FILE:2: error: field 'fee': missing field: the row has 6 fields, the header 7"
        ),
        (row + ",x", "FILE:2: error: extra field: the row has more than the header's 7 fields"),
        (
            row.replacingOccurrences(of: "0.5", with: "0.5x"),
            "FILE:2: error: field 'quantity': '0.5x' is not a number: unexpected character at offset 3"
        ),
        (row.replacingOccurrences(of: "0.5", with: ""), "FILE:2: error: field 'quantity': is empty"),
        (
            row.replacingOccurrences(of: "0.5", with: "-0.5"),
            "FILE:2: error: field 'quantity': must be greater than zero, found -0.5"
        ),
        (
            row.replacingOccurrences(of: "42000", with: "0"),
            "FILE:2: error: field 'price': must be greater than zero, found 0"
        ),
        (
            row.replacingOccurrences(of: ",1", with: ",-0.01"),
            "FILE:2: error: field 'fee': must not be negative, found -0.01"
        ),
        (
            row.replacingOccurrences(of: "09:30:00Z", with: "09:30:00+02:00"),
            "FILE:2: error: field 'time': '2026-01-05T09:30:00+02:00' is neither ISO 8601 UTC (2026-01-05T09:30:00Z) nor epoch milliseconds"
        ),
        (
            row.replacingOccurrences(of: "buy", with: "long"),
            "FILE:2: error: field 'side': expected 'buy' or 'sell', found 'long'"
        ),
        (
            row.replacingOccurrences(of: "BTC/USDT", with: "BTCUSDT"),
            "FILE:2: error: field 'symbol': unknown symbol format 'BTCUSDT'; expected BASE/QUOTE made of letters, digits, '.', '_' and '-'"
        ),
        (
            row.replacingOccurrences(of: "BTC/USDT", with: "BTC/USDT:USDT"),
            "FILE:2: error: field 'symbol': unknown symbol format 'BTC/USDT:USDT'; expected BASE/QUOTE made of letters, digits, '.', '_' and '-'"
        ),
        (
            row.replacingOccurrences(of: "alpha", with: "\"alpha"),
            "FILE:2: error: field 'bot': unterminated quoted field (line breaks inside quotes are not supported)"
        ),
        (
            row + "\n" + row.replacingOccurrences(of: "09:30", with: "09:29"),
            "FILE:3: error: field 'time': time goes backwards: 2026-01-05T09:29:00Z is before 2026-01-05T09:30:00Z on line 2"
        ),
    ])
    func badRowsNameTheLineAndField(rowText: String, expected: String) throws {
        #expect(try TestFiles.csvError(Self.header + rowText + "\n") == expected)
    }

    /// Rows after the first, whose names are known: the reader's one-pass path takes the plain ones and hands the
    /// rest to the general one; both must read the same values and report the same errors.
    @Test func knownNamesReadTheSameWhateverTheRowLooksLike() throws {
        let text =
            "time,bot,symbol,side,quantity,price,fee,client_order_id\n"
            + "2026-01-05T23:59:59Z,alpha,BTC/USDT,buy,1,100,0,\n"  // introduces the names
            + "2026-01-05T23:59:59.123456789Z,\"alpha\",BTC/USDT,buy,0.000000015,1e2,0,\"id \"\"2\"\"\"\n"
            + "2026-01-05T23:59:59.5Z,alpha,BTC/USDT,sell,00012.50000,100.12345678,0.1,id-1\n"
            + "1767657600000,alpha,\"BTC/USDT\",sell,2,+100,0.123456789,\n"
            + "2026-01-06T00:00:00.25Z,alpha,BTC/USDT,buy,123456789012345678,1,0,id-3\n"
            + "2026-01-06 00:00:01Z,alpha,BTC/USDT,sell,1234567890123456789,1,0,\n"
        let fills = try TestFiles.readAll(try TestFiles.write(text)).fills
        let times = fills.map { $0.time.nanoseconds - fills[0].time.nanoseconds }
        #expect(times == [0, 123_456_789, 500_000_000, 1_000_000_000, 1_250_000_000, 2_000_000_000])
        #expect(fills.map(\.bot) == Array(repeating: "alpha", count: 6))
        #expect(fills.map(\.symbol) == Array(repeating: "BTC/USDT", count: 6))
        #expect(fills.map(\.side) == [.buy, .buy, .sell, .sell, .buy, .sell])
        #expect(
            fills.map(\.quantity.description)
                == ["1", "0.00000002", "12.5", "2", "123456789012345678", "1234567890123456789"]
        )
        #expect(fills.map(\.price.description) == ["100", "100", "100.12345678", "100", "1", "1"])
        #expect(fills.map(\.fee.description) == ["0", "0", "0.1", "0.12345679", "0", "0"])
        #expect(fills.map(\.clientOrderID) == [nil, "id \"2\"", "id-1", nil, "id-3", nil])
        #expect(fills.map(\.location) == (2...7).map { .line($0) })
    }

    @Test func longNamesThatShareTheirFirstSixteenBytesAreDifferentBots() throws {
        let names = ["strategy-alpha-long-1", "strategy-alpha-long-2", "strategy-alpha-lon", "strategy-alpha-l"]
        var text = Self.header
        for index in 0..<40 { text += "\(1_767_605_400_000 + index),\(names[index % 4]),BTC/USDT,buy,1,100,0\n" }
        let (_, fills, _, bots) = try TestFiles.readAll(try TestFiles.write(text))
        #expect(bots == names)
        #expect(fills.map(\.bot) == (0..<40).map { names[$0 % 4] })
    }

    /// `badRowsNameTheLineAndField` one row later, after a good row with the same names.
    @Test(arguments: [
        (row.replacingOccurrences(of: ",1", with: ""), "FILE:3: error: field 'fee': missing field: the row has 6"),
        (row + ",x", "FILE:3: error: extra field: the row has more than the header's 7 fields"),
        (row.replacingOccurrences(of: "0.5", with: "0.5x"), "FILE:3: error: field 'quantity': '0.5x' is not a"),
        (row.replacingOccurrences(of: "0.5", with: ""), "FILE:3: error: field 'quantity': is empty"),
        (row.replacingOccurrences(of: "42000", with: "0"), "FILE:3: error: field 'price': must be greater than zero"),
        (row.replacingOccurrences(of: "buy", with: "long"), "FILE:3: error: field 'side': expected 'buy' or 'sell'"),
        (row.replacingOccurrences(of: "alpha", with: "\"alpha"), "FILE:3: error: field 'bot': unterminated quoted"),
        (
            row.replacingOccurrences(of: "09:30:00Z", with: "09:29:59.999Z"),
            "FILE:3: error: field 'time': time goes backwards: 2026-01-05T09:29:59.999Z is before"
        ),
        (row.replacingOccurrences(of: "09:30:00Z", with: "09:30:00.1234567891Z"), "FILE:3: error: field 'time': '"),
    ])
    func badRowsAfterAGoodOneNameTheLineAndField(rowText: String, expected: String) throws {
        let description = try #require(try TestFiles.csvError(Self.header + Self.row + "\n" + rowText + "\n"))
        #expect(description.hasPrefix(expected), "\(description)")
    }

    @Test(arguments: [
        ("time,bot,symbol,side,quantity,price\n", "FILE:1: error: field 'fee': missing column 'fee'"),
        (
            "time,bot,symbol,side,qty,price,fee\n",
            "FILE:1: error: field 'quantity': missing column 'quantity' (found unknown column 'qty')"
        ),
        (
            "time,bot,symbol,side,quantity,price,fee,client_order_id,note\n",
            "FILE:1: error: field 'note': unknown column 'note'"
        ),
        (
            "bot,time,symbol,side,quantity,price,fee\n",
            "FILE:1: error: field 'bot': column 'bot' is out of place; column 1 must be 'time'"
        ),
        ("", "FILE:1: error: empty file"),
    ])
    func badHeadersNameTheColumn(text: String, expected: String) throws {
        let description = try #require(try TestFiles.csvError(text))
        #expect(description.hasPrefix(expected))
    }
}
