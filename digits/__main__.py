"""python -m digits: the command line."""

import sys

from digits.cli import main

if __name__ == "__main__":
    sys.exit(main())
