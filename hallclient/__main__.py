from hallclient.cli import main

raise SystemExit(main())
