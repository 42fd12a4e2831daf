"""叫号大屏: the hall's calling display (latest call, recent calls, waiting counts, voice)."""
