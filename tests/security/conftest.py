"""The browser tests here run in the same Debian Chromium as tests/e2e."""

from tests.e2e.conftest import axe, browser_type_launch_args

__all__ = ["axe", "browser_type_launch_args"]
