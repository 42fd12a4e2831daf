"""Case intake services: catalog search, checklist, outcome and case records (DESIGN §5)."""
