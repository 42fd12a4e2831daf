"""Controllers: behaviour and signal wiring of the counter's views (slots ``_on_<source>_<signal>``)."""
