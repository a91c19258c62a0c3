"""The case workflow: every alert becomes a case; every step is checked and audited.

Rules enforced here rather than in the UI: a comment is mandatory, the approver must be
a different person from the decider (four-eyes, per risk), concurrent decisions on one
case conflict instead of overwriting, and a false-positive decision suppresses the
same customer/listed-entry pair only until that listed entry changes.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
from importlib import resources
from typing import Any

import yaml

from redline.errors import ConflictError, QueryError, RedlineError, StoreError
from redline.model import Hit
from redline.store.audit import AuditLog
from redline.store.cases import Case, CaseStore
from redline.store.db import Database
from redline.store.lists import ListStore


class PermissionDenied(RedlineError):
    """The user's role does not allow this action."""


@functools.cache
def case_config() -> dict[str, Any]:
    return dict(yaml.safe_load(resources.files("redline.cases").joinpath("config.yaml").read_text("utf-8")))


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
    except ValueError:
        return False
    candidate = hash_password(password, bytes.fromhex(salt)).split("$")[2]
    return hmac.compare_digest(candidate, digest)


class CaseService:
    def __init__(self, db: Database, lists: ListStore | None = None) -> None:
        self.db = db
        self.store = CaseStore(db)
        self.audit = AuditLog(db)
        self.lists = lists
        self.cfg = case_config()

    # -- users and permissions ---------------------------------------------------------
    def create_user(self, username: str, password: str, role: str, actor: str = "admin") -> None:
        if role not in self.cfg["roles"]:
            raise QueryError(f"unknown role {role!r}; use one of {sorted(self.cfg['roles'])}")
        if len(password) < 8:
            raise QueryError("password must have at least 8 characters")
        with self.db.transaction(exclusive=True):
            if self.store.user(username):
                raise StoreError(f"user {username!r} exists")
            self.store.add_user(username, hash_password(password), role)
            self.audit.append(actor, "user.created", "user", username, {}, {"role": role})

    def authenticate(self, username: str, password: str) -> str | None:
        """The user's role if the password is right, else None (same time either way)."""
        found = self.store.user(username)
        stored = found[0] if found else hash_password("x" * 12)
        ok = check_password(password, stored)
        return found[1] if found and ok else None

    def role_of(self, username: str) -> str | None:
        found = self.store.user(username)
        return found[1] if found else None

    def require(self, username: str, permission: str, role: str | None = None) -> str:
        role = role or self.role_of(username)
        if role is None or permission not in self.cfg["roles"].get(role, []):
            raise PermissionDenied(f"user {username!r} ({role or 'unknown'}) may not {permission}")
        return role

    # -- alerts ----------------------------------------------------------------------
    def risk_of(self, hits: list[dict[str, Any]]) -> str:
        top = max((h.get("score", 0.0) for h in hits), default=0.0)
        id_match = any(r.get("feature") == "identifier" and r.get("score", 0) > 0
                       for h in hits for r in h.get("reasons", []))
        if id_match or top >= self.cfg["risk"]["high_score"]:
            return "high"
        return "medium" if top >= self.cfg["risk"]["medium_score"] else "low"

    def _entry_hash(self, entity_id: str, version: str | None = None) -> str:
        if self.lists is None:
            return ""
        entity = self.lists.get_entity(entity_id, version)
        return entity.content_hash() if entity else ""

    def split_suppressed(self, input_key: str, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
        """(kept, suppressed): a good-guy entry holds only while the listed entry is unchanged."""
        suppressed = self.store.good_guys(input_key)
        kept, dropped = [], []
        for hit in hits:
            hashes = suppressed.get(hit.entity_id)
            if hashes and self._entry_hash(hit.entity_id, hit.list_version) in hashes:
                dropped.append(hit)
            else:
                kept.append(hit)
        return kept, dropped

    def add_good_guy(self, input_key: str, entity_id: str, user: str, comment: str) -> None:
        """A user-maintained false positive: this customer is not that listed entry (as it reads now)."""
        self.require(user, "decide")
        if not comment.strip():
            raise QueryError("a comment is mandatory for a good-guy entry")
        entry_hash = self._entry_hash(entity_id)
        if not entry_hash:
            raise StoreError(f"no active listed entry {entity_id!r}")
        with self.db.transaction(exclusive=True):
            self.store.add_good_guy(input_key, entity_id, entry_hash, "manual", user)
            self.audit.append(user, "goodguy.added", "input", input_key, {},
                              {"entity_id": entity_id, "entry_hash": entry_hash, "comment": comment})

    def open_alert(self, source: str, input_key: str, input: dict[str, Any], hits: list[Hit],
                   list_versions: dict[str, str], actor: str = "system") -> Case | None:
        """Turn screening hits into a case (or add them to the open one); None if all suppressed."""
        kept, _ = self.split_suppressed(input_key, hits)
        if not kept:
            if hits:
                self.audit.append(actor, "alert.suppressed", "input", input_key, list_versions,
                                  {"source": source, "entities": [h.entity_id for h in hits]})
            return None
        hit_dicts = [h.to_dict() for h in kept]
        with self.db.transaction(exclusive=True):
            case = self.store.find_open(source, input_key)
            if case is None:
                case = self.store.insert(source, input_key, input, hit_dicts, list_versions, self.risk_of(hit_dicts))
                self.audit.append(actor, "case.opened", "case", case.id, list_versions,
                                  {"source": source, "input_key": input_key, "input": input, "hits": hit_dicts})
            else:
                case = self.store.update(case, case.version, hits=hit_dicts, list_versions=list_versions,
                                         risk=self.risk_of(hit_dicts))
                self.audit.append(actor, "case.updated", "case", case.id, list_versions, {"hits": hit_dicts})
        return case

    def open_case(self, source: str, input_key: str, input: dict[str, Any], hits: list[dict[str, Any]],
                  list_versions: dict[str, str], risk: str, actor: str = "system") -> Case:
        """A case for findings that are not list hits (a payment held for a territory)."""
        with self.db.transaction(exclusive=True):
            case = self.store.insert(source, input_key, input, hits, list_versions, risk)
            self.audit.append(actor, "case.opened", "case", case.id, list_versions,
                              {"source": source, "input_key": input_key, "input": input, "hits": hits})
        return case

    # -- decisions ---------------------------------------------------------------------
    def decide(self, case_id: str, user: str, decision: str, comment: str, expected_version: int,
               role: str | None = None) -> Case:
        self.require(user, "decide", role)
        if decision not in self.cfg["decisions"]:
            raise QueryError(f"decision must be one of {self.cfg['decisions']}")
        if not comment.strip():
            raise QueryError("a comment is mandatory for every decision")
        with self.db.transaction(exclusive=True):
            case = self.store.get(case_id)
            if case.version != expected_version:
                raise ConflictError(f"case {case_id} was changed (now version {case.version}, state {case.state}); "
                                    "reload it before deciding")
            if case.state not in ("open", "needs_info"):
                raise ConflictError(f"case {case_id} is {case.state}; only open cases can be decided")
            needs_second = self.cfg["four_eyes"].get(case.risk, True) and decision != "needs_info"
            state = "needs_info" if decision == "needs_info" else ("decided" if needs_second else "closed")
            case = self.store.update(case, expected_version, state=state, decision=decision, decided_by=user,
                                     decided_at=_now(), decision_comment=comment)
            self.audit.append(user, "case.decided", "case", case.id, case.list_versions,
                              {"decision": decision, "comment": comment, "state": state, "four_eyes": needs_second})
            if state == "closed" and decision == "false_positive":
                self._whitelist(case, user)
        return case

    def approve(self, case_id: str, user: str, comment: str, expected_version: int, approve: bool = True,
                role: str | None = None) -> Case:
        self.require(user, "approve", role)
        if not comment.strip():
            raise QueryError("a comment is mandatory for every approval or rejection")
        with self.db.transaction(exclusive=True):
            case = self.store.get(case_id)
            if case.version != expected_version:
                raise ConflictError(f"case {case_id} was changed (now version {case.version}); reload it")
            if case.state != "decided":
                raise ConflictError(f"case {case_id} is {case.state}; only decided cases await approval")
            if case.decided_by == user:
                raise PermissionDenied("four-eyes: the approver must be a different person from the decider")
            if approve:
                case = self.store.update(case, expected_version, state="closed", approved_by=user,
                                         approved_at=_now(), approval_comment=comment)
                if case.decision == "false_positive":
                    self._whitelist(case, user)
            else:
                case = self.store.update(case, expected_version, state="open", decision=None, decided_by=None,
                                         decided_at=None, approval_comment=comment)
            self.audit.append(user, "case.approved" if approve else "case.rejected", "case", case.id,
                              case.list_versions, {"comment": comment, "decision": case.decision})
        return case

    def _whitelist(self, case: Case, user: str) -> None:
        for hit in case.hits:
            entry_hash = self._entry_hash(hit["entity_id"], hit.get("list_version"))
            self.store.add_good_guy(case.input_key, hit["entity_id"], entry_hash, case.id, user)
            self.audit.append(user, "goodguy.added", "input", case.input_key, case.list_versions,
                              {"entity_id": hit["entity_id"], "entry_hash": entry_hash, "case": case.id})

    def reopen_changed(self, entity_ids: set[str], list_versions: dict[str, str], actor: str = "system") -> list[Case]:
        """Reopen closed cases whose listed entries changed or were removed."""
        reopened = []
        for case in self.store.list(state="closed", limit=100000):
            touched = sorted({h["entity_id"] for h in case.hits} & entity_ids)
            if not touched:
                continue
            with self.db.transaction(exclusive=True):
                case = self.store.update(case, case.version, state="open", list_versions=list_versions)
                self.audit.append(actor, "case.reopened", "case", case.id, list_versions,
                                  {"changed_entries": touched})
            reopened.append(case)
        return reopened


def _now() -> str:
    from redline.store.cases import now

    return now()
