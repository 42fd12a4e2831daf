"""Start-up shared by the hall's unattended screens: the display, kiosk and monitor roles."""
