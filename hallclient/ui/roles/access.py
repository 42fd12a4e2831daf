"""How the hall's unattended screens reach the server: a registered device token or a user.

Displays and kiosks run for months without anyone signing in, so they use the device token an
administrator registered (``hallclient server register-device``; ``ServerClient(device_token=…)``
sends it as ``X-Device-Token``).
A user sign-in (e.g. the manager) works too, for the monitor and for trying things out.
Shared by the display, kiosk and monitor roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from hallclient.domain.errors import AuthError
from hallclient.queue.client import ServerClient


@dataclass(frozen=True)
class Access:
    """What the role signs in with; a password never goes into the settings file."""

    device_token: str = ""
    username: str = ""
    password: str = ""

    @property
    def usable(self) -> bool:
        return bool(self.device_token or (self.username and self.password))


def connect(client: ServerClient, access: Access) -> str:
    """Blocking (run it on the net lane): sign in as the user, or check the device token.

    Returns the name to show ("manager" or "device"). Raises AuthError when neither works and
    OfflineError when the server cannot be reached.
    """
    if access.username and access.password:
        login = client.login(username=access.username, password=access.password)
        return login.user.display_name
    if access.device_token:
        client.device_token = access.device_token
        client.hall()  # the cheapest request that proves the token
        return "device"
    raise AuthError("没有设备令牌，也没有登录账号。", code="auth")
