"""The `joinedup` command for operators: `joinedup demo`, `joinedup serve`, `joinedup import-boundaries`.

Every Django management command is available with dashes or underscores in its name.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    args = argv[1:]
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["joinedup", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
