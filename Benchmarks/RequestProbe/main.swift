// The JSON and token work of one check request without the server, so callgrind can count its instructions (the
// service itself does not run under valgrind here, see docs/performance.md): digest the bearer token (as
// `TokenAuthority` does before its cache lookup), parse `Scripts/load-test`'s order body, read the order from it, and
// write an answer of the check route's shape.
//   RAMPART_BENCHMARKS=1 swift build -c release --product RequestProbe
//   valgrind --tool=callgrind RequestProbe 0; valgrind --tool=callgrind RequestProbe 100000
// The difference of the two totals divided by 100,000 is the instructions per request.

import RampartCrypto
import RampartJSON
import RampartRules

let count = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 100_000 : 100_000
let body = Array(
    #"{"bot":"load-7","account":"acct-7","symbol":"BTC/USDT","side":"buy","type":"limit","quantity":"0.00100","price":"60000","reference_price":"60000"}"#
        .utf8
)
let answer = JSONValue.object([
    JSONMember("allowed", .bool(true)),
    JSONMember("decision", .string("allowed")),
    JSONMember("profile_hash", .string("sha256:2f1c0a64b7d5e3f9a8c6b4d2e0f1a3c5b7d9e2f4a6c8b0d1e3f5a7c9b2d4e6f8")),
    JSONMember("time", .string("2026-11-30T21:10:00.123456789Z")),
    JSONMember("symbol", .string("BTC/USDT")),
    JSONMember("effect", .string("opening")),
    JSONMember("price_source", .string("caller")),
    JSONMember("reference_price", .number("60000")),
    JSONMember("violations", .array([])),
    JSONMember("warnings", .array([])),
])

let token = Array("rmp_2f1c0a64b7d5e3f9a8c6b4d2e0f1a3c5b7d9e2f4a6c8b0d1".utf8)

@inline(never) func request() -> Int {
    let digest = SHA256Digest.hash(token)
    guard digest.count == 32, let json = try? JSONParser.parse(body), let order = try? OrderRequest(json: json) else {
        return 0
    }
    return JSONWriter.bytes(answer).count + (order.order.quantity.isPositive ? 1 : 0)
}

var total = 0
for _ in 0..<count { total &+= request() }
print("requests=\(count) bytes=\(total)")
