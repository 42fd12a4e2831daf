"""Sync in the counter's UI: status-bar widget, details dialog, and the driver on the net lane."""

from hallclient.ui.sync.details_dialog import SyncDetailsDialog
from hallclient.ui.sync.driver import SyncDriver, install_sync
from hallclient.ui.sync.status_widget import SyncStatusWidget

__all__ = ["SyncDetailsDialog", "SyncDriver", "SyncStatusWidget", "install_sync"]
