"""redline's HTTP API: yente-compatible ``/match`` plus redline's own screening endpoints.

Start it with ``redline serve --host 127.0.0.1 --port 8000 [--workers K]`` after making
a key with ``redline api-key create NAME --role screen|analyst|admin``.

=====================  ==========  ==================================================
endpoint               role        what
=====================  ==========  ==================================================
GET  /healthz, /readyz public      liveness; lists loaded and index built
POST /match/{dataset}  screen      yente request/response (``default`` = all lists)
GET  /entities/{id}    screen      one listed entity (FtM-shaped)
GET  /search/{dataset} screen      name search (yente shape)
GET  /catalog          screen      loaded lists as yente datasets
GET  /algorithms       screen      yente's algorithm names map to redline's matcher
POST /screen/party     screen      one party -> hits with reasons and list versions
GET  /lists            screen      active versions, history, load failures
GET  /lists/{l}/diff   analyst     added / removed / changed between versions
POST /lists/update     admin       load from a folder under ``REDLINE_MIRROR`` only
GET  /docs, /redoc     public      interactive docs, served without a CDN
=====================  ==========  ==================================================

Errors are RFC 9457 ``application/problem+json``. Limits and switches: ``config``.
Screeners add endpoints with ``create_app(extra_routers=[...])`` or a module listed
in ``app.OPTIONAL_ROUTERS``; their routes depend on ``security.require(role)`` and run
library calls through ``routes_yente.worker_of(request).run(fn)``.
"""

from redline.api.app import create_app
from redline.api.config import ApiConfig

__all__ = ["ApiConfig", "create_app"]
