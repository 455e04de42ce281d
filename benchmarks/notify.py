"""Benchmark: the cadence check and the notify pipeline on N synthetic incidents (medians).

python benchmarks/notify.py [--incidents 5000] [--runs 5] [--messages 50]

Times `overdue_items` over every incident, making a notify plan (the site's JSON from the
content, its events, the diff with the site an hour earlier, the messages), and delivering
messages one by one through apprise's json:// to a receiver on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import write_site

from statusgen.content.validate import check_site
from statusgen.notify.ledger import Ledger
from statusgen.notify.plan import Delivery, Plan
from statusgen.notify.run import make_plan, send_plan
from statusgen.notify.sites import state_of_content
from statusgen.status.cadence import overdue_items

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
TARGET = """\
      notify:
        - name: bench
          url_env: STATUSGEN_BENCH_URL
"""


class _Ok(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def median(runs: int, work: object) -> float:
    assert callable(work)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--incidents", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--messages", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_site(root, args.incidents)
        config_file = root / "mkdocs.yml"
        config_file.write_text(config_file.read_text("utf-8") + TARGET, "utf-8")
        content = check_site(config_file, NOW).content
        if content is None:
            sys.exit("the synthetic site does not validate")
        policy = content.config.options.cadence
        took = median(args.runs, lambda: overdue_items(content.incidents, NOW, policy))
        print(f"      overdue: median {took * 1000:.1f} ms over {args.runs} runs "
              f"({args.incidents} incidents)")  # fmt: skip
        earlier = state_of_content(content, NOW - timedelta(hours=1))

        def plan() -> None:
            current = state_of_content(content, NOW)
            make_plan(content.config, earlier, current, NOW, timedelta(hours=6))

        took = median(args.runs, plan)
        print(f"  notify plan: median {took:.2f} s over {args.runs} runs "
              f"({args.incidents} incidents)")  # fmt: skip

        server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"json://127.0.0.1:{server.server_address[1]}/bench"
        deliveries = tuple(
            Delivery("bench", "STATUSGEN_BENCH_URL", "message", f"k{n}", NOW, "Title", "Body")
            for n in range(args.messages)
        )
        per_message = []
        for run in range(args.runs):
            ledger = Ledger(root / f"ledger-{run}.json")
            start = time.perf_counter()
            send_plan(
                Plan("Bench", "https://status.bench.example/", timedelta(hours=6), deliveries),
                ledger,
                {"STATUSGEN_BENCH_URL": url},
                NOW,
            )
            per_message.append((time.perf_counter() - start) / args.messages)
        server.shutdown()
        print(f"     delivery: median {statistics.median(per_message) * 1000:.1f} ms per "
              f"message, ledger written after each ({args.messages} messages, "
              f"{args.runs} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
