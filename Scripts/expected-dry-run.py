#!/usr/bin/env python3
"""Expected dry-run numbers for a freqtrade backtest result, worked out independently of Rampart.

Replays the file's round trips the way docs/dry-run.md describes, with a profile of two rules:
`max_open_trades: N` (an opening entry is denied while the bot holds N open positions) and a symbol deny list.
Money is exact: every value is read as text, rounded half-even to 8 decimals, and every product
(quantity x price, quantity x price x fee ratio) is rounded half-even to 8 decimals once, as Rampart does.

`input` describes the file as a reader sees it: the number of fills, how many values had more than 8 decimals
(starting_balance and each trade's amount, open_rate, fee_open, close_rate, fee_close), the sums of fees and
quantities, and the first and last fill in time order. With --format ccxt the FILE is a CCXT unified trade list
and only `input` is printed (counted over amount, price and fee.cost).

Usage: Scripts/expected-dry-run.py [--max-open-trades 1] [--deny ETH/BTC,XMR/BTC] [--strategy NAME] FILE
       Scripts/expected-dry-run.py --format ccxt FILE
"""

import argparse
import json
from decimal import ROUND_HALF_EVEN, Decimal

EIGHT = Decimal("0.00000001")


def q8(value):
    return Decimal(value).quantize(EIGHT, rounding=ROUND_HALF_EVEN)


def rounded_count(values):
    """How many of `values` have more than 8 decimals."""
    return sum(Decimal(value) != q8(value) for value in values)


def describe(fill, bot):
    time, _, _, _, is_exit, pair, quantity, price, fee = fill
    return {"time_ms": time, "bot": bot, "symbol": pair, "side": "sell" if is_exit else "buy",
            "quantity": str(quantity), "price": str(price), "fee": str(fee)}


def ccxt_input(trades):
    """The reader's view of a CCXT trade list whose fees are in the quote currency."""
    rounded = 0
    fees = quantities = Decimal(0)
    for trade in trades:
        fee = (trade.get("fee") or {}).get("cost") or Decimal(0)
        rounded += rounded_count([trade["amount"], trade["price"], fee])
        fees += q8(fee)
        quantities += q8(trade["amount"])
    return {"fills": len(trades), "rounded_values": rounded, "fees": str(fees), "quantities": str(quantities)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--max-open-trades", type=int, default=1)
    parser.add_argument("--deny", default="ETH/BTC,XMR/BTC")
    parser.add_argument("--strategy", help="the strategy to replay, when the file holds several")
    parser.add_argument("--format", choices=["freqtrade", "ccxt"], default="freqtrade")
    parser.add_argument("file")
    args = parser.parse_args()
    deny = set(filter(None, args.deny.split(",")))
    with open(args.file) as handle:
        document = json.load(handle, parse_float=Decimal, parse_int=Decimal)
    if args.format == "ccxt":
        print(json.dumps({"input": ccxt_input(document)}, indent=2))
        return
    strategies = document["strategy"]
    if args.strategy is None and len(strategies) != 1:
        parser.error(f"the file holds {len(strategies)} strategies: pick one with --strategy")
    strategy = strategies[args.strategy] if args.strategy else next(iter(strategies.values()))
    name = args.strategy or next(iter(strategies))
    balance = q8(strategy["starting_balance"])
    rounded = rounded_count([strategy["starting_balance"]])

    # Fills: (time ms, exit first, input order, trade number, is_exit, pair, quantity, price, fee)
    fills = []
    for number, trade in enumerate(strategy["trades"]):
        quantity = q8(trade["amount"])
        open_rate, close_rate = q8(trade["open_rate"]), q8(trade["close_rate"])
        fee_open = q8(quantity * open_rate * q8(trade["fee_open"]))
        fee_close = q8(quantity * close_rate * q8(trade["fee_close"]))
        rounded += rounded_count([trade[key] for key in ("amount", "open_rate", "fee_open", "close_rate", "fee_close")])
        fills.append((int(trade["open_timestamp"]), 1, 2 * number, number, False, trade["pair"], quantity, open_rate, fee_open))
        fills.append((int(trade["close_timestamp"]), 0, 2 * number + 1, number, True, trade["pair"], quantity, close_rate, fee_close))
    # Input order, as the reader gives the fills: time, then trade, then entry before exit.
    in_order = sorted(fills, key=lambda fill: (fill[0], fill[3], fill[4]))
    described = {
        "fills": len(fills),
        "rounded_values": rounded,
        "fees": str(sum(fill[8] for fill in fills)),
        "quantities": str(sum(fill[6] for fill in fills)),
        "first": describe(in_order[0], name),
        "last": describe(in_order[-1], name),
    }
    # Replay order: equal times give exits first, each in input order.
    fills.sort(key=lambda fill: (fill[0], fill[1], fill[2]))

    def record():
        return {"trades": 0, "wins": 0, "pnl": Decimal(0), "peak": balance, "drawdown": Decimal(0), "at": None}

    def settle(book):
        """Equity is taken once per instant, after all fills of that time."""
        equity = balance + book["pnl"]
        if equity > book["peak"]:
            book["peak"] = equity
        else:
            book["drawdown"] = max(book["drawdown"], ((book["peak"] - equity) / book["peak"]).quantize(EIGHT, ROUND_HALF_EVEN))

    def close(book, pnl, time):
        if book["at"] is not None and book["at"] != time:
            settle(book)
        book["at"] = time
        book["trades"] += 1
        book["wins"] += pnl > 0
        book["pnl"] += pnl

    baseline, gated = record(), record()
    open_cash = {}  # trade number -> cash paid at entry (negative), gated trades only
    base_cash = {}
    denials = {}
    allowed = denied = removed = 0
    first_fill = last_fill = None
    for time, _, _, number, is_exit, pair, quantity, price, fee in fills:
        notional = q8(quantity * price)
        if not is_exit:
            base_cash[number] = -notional - fee
            rules = []
            if pair in deny:
                rules.append("symbols")
            if len(open_cash) >= args.max_open_trades:
                rules.append("max-open-trades")
            if rules:
                denied += 1
                for rule in rules:
                    denials[rule] = denials.get(rule, 0) + 1
            else:
                allowed += 1
                open_cash[number] = -notional - fee
                first_fill = first_fill or time
                last_fill = time
        else:
            close(baseline, base_cash.pop(number) + notional - fee, time)
            if number in open_cash:
                allowed += 1
                close(gated, open_cash.pop(number) + notional - fee, time)
                last_fill = time
            else:
                denied += 1
                removed += 1
    settle(baseline)
    settle(gated)
    days = (Decimal(last_fill - first_fill) / Decimal(86_400_000)).quantize(EIGHT, ROUND_HALF_EVEN)
    print(json.dumps({
        "input": described,
        "orders": len(fills), "allowed": allowed, "denied": denied, "removed": removed,
        "denials_by_rule": dict(sorted(denials.items())),
        "baseline": {k: str(v) for k, v in baseline.items() if k not in ("peak", "at")},
        "gated": {k: str(v) for k, v in gated.items() if k not in ("peak", "at")},
        "gated_paper_days": str(days),
        "gated_profit": str((gated["pnl"] / balance).quantize(EIGHT, ROUND_HALF_EVEN)),
    }, indent=2))


if __name__ == "__main__":
    main()
