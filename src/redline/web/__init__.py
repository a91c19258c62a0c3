"""The analyst web UI (server-rendered pages, mounted under ``/ui`` by the HTTP app)."""

from redline.web.router import create_web_router, web_factories

__all__ = ["create_web_router", "web_factories"]
