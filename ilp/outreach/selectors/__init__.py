"""Reads for outreach, always inside the user's scope (a kader: her own Posyandu and its desa only)."""

from .dashboard import *  # noqa: F403
from .home import *  # noqa: F403
from .posyandu import *  # noqa: F403
