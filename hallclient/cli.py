"""Command line: ``hallclient [counter|monitor|display|kiosk|demo|server ...]``.

Imports are late on purpose: ``hallclient --version`` must not pay for Qt, and the server's
dependencies are an optional extra the counter PCs do not install.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from hallclient import __version__

ROLES = {
    "counter": "窗口端: the window clerk's screen — queue calling, intake, ratings, printing (default)",
    "monitor": "大厅监控: the hall manager's live view of queues, windows, alerts and 差评",
    "display": "叫号大屏: the hall's calling display with voice announcements",
    "kiosk": "取号机: applicants take a ticket or check in an appointment",
    "server": "中心服务器: the central server (run | migrate | init-demo); needs the 'server' extra",
    "demo": "a local server with sample data, simulated applicants and a signed-in counter",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hallclient",
        description="hallclient — counter-window software for government service halls (政务服务大厅).",
        epilog="roles:\n" + "\n".join(f"  {name:<8} {text}" for name, text in ROLES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hallclient {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="import every module, open a temporary store, render one widget offscreen; "
        "exit 0 or say what failed",
    )
    parser.add_argument("role", nargs="?", choices=sorted(ROLES), default=None, help="which role to start")
    parser.add_argument(
        "args", nargs=argparse.REMAINDER, help="arguments for the role (see 'hallclient ROLE --help')"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.self_test:
        from hallclient.selftest import run_self_test

        return run_self_test()
    role = ns.role or "counter"
    if role == "server":
        import importlib.util

        # Checked up front: the server imports uvicorn only when it starts serving.
        missing = [m for m in ("fastapi", "uvicorn") if importlib.util.find_spec(m) is None]
        if missing:
            print(
                "hallclient server needs the 'server' extra (pip install 'hallclient[server]'); "
                f"missing: {', '.join(missing)}",
                file=sys.stderr,
            )
            return 2
        from hallclient.server.cli import main as server_main

        return server_main(ns.args)
    from hallclient.app import run_role

    return run_role(role, ns.args)


if __name__ == "__main__":
    raise SystemExit(main())
