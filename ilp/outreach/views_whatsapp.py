"""The WhatsApp Business Cloud API webhook: subscription check (GET) and incoming messages (POST)."""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import whatsapp
from .services.chat import handle_webhook


@csrf_exempt
@login_not_required
@require_http_methods(["GET", "POST"])
def webhook(request):
    # Meta authenticates itself by the verify token (GET) and the body's HMAC signature (POST), not a login.
    if request.method == "GET":
        token = whatsapp.setting("ILP_WHATSAPP_VERIFY_TOKEN")
        if token and request.GET.get("hub.mode") == "subscribe" and request.GET.get("hub.verify_token") == token:
            return HttpResponse(request.GET.get("hub.challenge", ""), content_type="text/plain")
        return HttpResponseForbidden()
    if not whatsapp.signature_ok(request.body, request.headers.get("X-Hub-Signature-256", "")):
        return HttpResponseForbidden()
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "JSON tidak valid"}, status=400)
    return JsonResponse({"handled": handle_webhook(payload=payload)})
