#!/usr/bin/env python
"""Django's command-line utility; `joinedup` is the friendlier entry point."""

import sys

from joinedup.cli import main

if __name__ == "__main__":
    sys.exit(main(["manage", *sys.argv[1:]]))
