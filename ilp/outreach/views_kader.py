"""The kader's offline app: its page shell, web manifest and service worker (all from our own files)."""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache

HERE = Path(__file__).resolve().parent
ASSETS = ["outreach/kader-rules.js", "outreach/kader.js", "outreach/kader.css", "outreach/kader-icon.svg"]


def shell_urls() -> list[str]:
    """What the service worker keeps so the app opens with no signal."""
    return [reverse("outreach:kader_app"), reverse("outreach:kader_manifest"), *(static(a) for a in ASSETS)]


@lru_cache(maxsize=1)
def shell_version() -> str:
    """Changes whenever a shell file changes, so phones fetch the new shell once and keep it."""
    digest = hashlib.sha256()
    for path in [HERE / "static" / a for a in ASSETS] + [HERE / "templates/outreach/kader/app.html"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def kader_app(request):
    # The shell carries no token (it is cached for every visit); the API reads the CSRF cookie set here.
    get_token(request)
    return render(request, "outreach/kader/app.html", {})


@login_not_required
def kader_manifest(request):
    manifest = {
        "name": "SIP ILP · Aplikasi Kader", "short_name": "Kader ILP", "lang": "id", "start_url": reverse("outreach:kader_app"),
        "scope": reverse("outreach:kader_app"), "display": "standalone", "background_color": "#f6f7f6",
        "theme_color": "#0b6e4f",
        "icons": [{"src": static("outreach/kader-icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@never_cache
@login_not_required
def kader_sw(request):
    # Served under /kader/ (not /static/) so its scope covers the app; no-cache so updates are seen.
    context = {"version": shell_version(), "shell": json.dumps(shell_urls())}
    return render(request, "outreach/kader/sw.js", context, content_type="text/javascript")
