"""The extension point for other modules' records: register a contributor, and the outbox sends its resources.

A contributor names one FHIR resource type, which of a finished visit's records become such
resources, and how one record is built. The lab (ServiceRequest, Specimen, DiagnosticReport) and the
pharmacy (Medication, MedicationRequest, MedicationDispense) register theirs in their AppConfig.ready():

    from ilp.satusehat.contributors import Contributor, Planned, register
    register(Contributor(
        resource_type="ServiceRequest",
        plan=lambda visit: [Planned(order.pk) for order in visit.lab_orders.all()],
        build=build_service_request,   # (local_id, context) -> dict
    ))

- `plan(visit)` runs inside the visit's closing transaction (`outbox.enqueue_visit`), so it reads
  only; it returns `Planned(local_id, after=(resource_type, local_id))` for a resource that refers
  to another one (a DiagnosticReport after its Specimen); without `after`, after the Encounter.
- `build(local_id, context)` runs in the worker at send time, from the records as they are then;
  it returns the resource as a dict (Decimals kept), with `identifier[0]` under
  `mapping.system_id(resource_type, context.org_id)` (`mapping.local_identifier` gives the value).
  The worker validates it with the same validator before sending; `mapping.MappingError(reason)`
  refuses it with a reason a nurse can act on (a dead letter, resent after the correction).
- `context.reference(resource_type, local_id)` is "Type/<server id>" of a resource already accepted
  (what `after` guarantees; a reference to another row not yet accepted is retried, not refused);
  `context.encounter` is the visit's Encounter reference.
- `kept(visits)` (optional) names the records of those visits that stay local, and why, as
  (visit id, reason) pairs: a drug without a KFA code, an observation in our own local code. The
  status page shows them, so nobody waits for what will never be sent. A few queries for any
  number of visits (the page lists a whole day).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

ALREADY = "A SATUSEHAT contributor for %s is already registered."


@dataclass(frozen=True)
class Planned:
    local_id: int
    after: tuple[str, int] | None = None  # (resource type, local id) that must be accepted first


@dataclass(frozen=True)
class Context:
    org_id: str
    resolver: object  # mapping.Resolver: patient(patient) and practitioner(user) -> IHS number
    encounter: str    # "Encounter/<server id>"
    reference: Callable[[str, int], str]


@dataclass(frozen=True)
class Contributor:
    resource_type: str
    plan: Callable[[object], Iterable[Planned]]
    build: Callable[[int, Context], dict]
    kept: Callable[[object], Iterable[tuple[int, str]]] | None = None


_registry: dict[str, Contributor] = {}


def register(contributor: Contributor) -> None:
    """Add a resource type to what a finished visit sends; one contributor per type."""
    if contributor.resource_type in ("Encounter", *_registry):
        raise ValueError(ALREADY % contributor.resource_type)
    _registry[contributor.resource_type] = contributor


def unregister(resource_type: str) -> None:
    """Take a contributor out again (its app is being unloaded, or a test is done with it)."""
    _registry.pop(resource_type, None)


def contributors() -> list[Contributor]:
    """In registration order: the built-in Observation and Condition first (see apps.py)."""
    return list(_registry.values())


def get(resource_type: str) -> Contributor:
    return _registry[resource_type]


def kept_of(visits) -> dict[int, list[str]]:
    """Per visit id, what stays local and why (every contributor's `kept`), for a queryset of visits."""
    found: dict[int, list[str]] = {}
    for contributor in _registry.values():
        for visit_id, reason in contributor.kept(visits) if contributor.kept else ():
            reasons = found.setdefault(visit_id, [])
            if reason not in reasons:
                reasons.append(reason)
    return found
