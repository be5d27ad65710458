"""``python -m nlmobility.cli``: the ``nlmobility`` command."""

from nlmobility.cli import main

raise SystemExit(main())
