"""大厅监控: the hall manager's live view of queues, windows, alerts, today's figures and 差评."""
