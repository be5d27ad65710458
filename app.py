"""nlmobility: router and frame (page config, navigation, global filters, language)."""

from __future__ import annotations

from nlmobility.ui import frame

frame.run()
