"""`make bench`: run every benchmark and print its figures."""

import importlib
import sys

BENCHES = ["growth", "search", "flow"]

if __name__ == "__main__":
    for name in sys.argv[1:] or BENCHES:
        print(f"== bench.{name} ==", flush=True)
        importlib.import_module(f"bench.{name}").main([])
