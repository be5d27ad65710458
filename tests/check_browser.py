"""Say loudly, before pytest starts, whether the browser tests will run."""

from __future__ import annotations

import os
import sys

from tests.browser_support import browser_unavailable_reason

reason = browser_unavailable_reason()
bar = "=" * 78
if reason is None:
    print(f"{bar}\nBrowser tests: ENABLED (headless Chromium at /usr/bin/chromium)\n{bar}")
elif os.environ.get("NLMOBILITY_REQUIRE_BROWSER"):
    print(f"{bar}\nBrowser tests REQUIRED but unavailable: {reason}\n{bar}", file=sys.stderr)
    sys.exit(1)
else:
    print(
        f"{bar}\nWARNING: browser tests will be SKIPPED: {reason}\n"
        f"Install them with: apt-get install -y chromium chromium-driver\n{bar}"
    )
