"""Views: layout only; behaviour lives in hallclient.ui.controllers."""
