"""Entry script of the frozen bundle.

It lives outside the package on purpose: PyInstaller puts the entry script's folder on the search
path, and from inside ``hallclient/`` the ``queue`` package would shadow the standard library's.
"""

from hallclient.cli import main

raise SystemExit(main())
