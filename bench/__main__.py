"""`make bench`: run every benchmark and print its figures.

Each runs in its own process: several set up Django on a database of their own, and Django is set
up once per process (a second bench in the same process would write into the first one's database).
"""

import subprocess
import sys

BENCHES = ["growth", "search", "flow", "sync", "satusehat", "indicators"]

if __name__ == "__main__":
    failed = []
    for name in sys.argv[1:] or BENCHES:
        print(f"== bench.{name} ==", flush=True)
        if subprocess.run([sys.executable, "-m", f"bench.{name}"]).returncode:
            failed.append(name)
    sys.exit(f"failed: {', '.join(failed)}" if failed else 0)
