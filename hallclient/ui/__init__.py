"""PySide6 user interface: views per role, controllers, the task runner."""
