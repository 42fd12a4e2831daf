"""Client-side queue services: the HTTP client for the central server and window actions."""
