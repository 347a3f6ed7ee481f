"""``python -m planpub.cli``: the same as the ``planpub`` command."""

from planpub.cli import main

raise SystemExit(main())
