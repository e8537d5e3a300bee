"""Run before the test suite: say plainly what is missing, rather than letting tests fail obscurely."""

import os
import shutil
import sys

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def main() -> int:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        required = os.environ.get("JOINEDUP_REQUIRE_BROWSER") == "1"
        print(
            "Chromium is not installed, so the browser and accessibility tests "
            + ("cannot run (JOINEDUP_REQUIRE_BROWSER=1)." if required else "will be skipped."),
            "Install it with:  sudo apt-get install chromium chromium-driver",
            sep="\n",
            file=sys.stderr,
        )
        return 1 if required else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
