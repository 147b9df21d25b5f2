"""`python -m ilp.growth zscores INPUT.csv OUTPUT.csv`, the same as `ilp growth ...`."""

import sys

from ilp.growth.cli import main

sys.exit(main(sys.argv[1:]))
