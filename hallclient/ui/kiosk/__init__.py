"""取号机: applicants take a ticket (or check in an appointment) and the kiosk prints it."""
