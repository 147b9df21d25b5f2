"""The one bridge from a diagnosis to a surveillance case (docs/decisions/0010-surveillance.md).

The clinical app writes diagnoses in several places (the klaster room, the API, the simulator, imports);
a receiver catches them all without the clinical app knowing surveillance exists. It holds no rule:
it hands the saved diagnosis to the service, inside the writer's transaction.
"""


def condition_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        from .services import record_case_from_diagnosis

        record_case_from_diagnosis(condition=instance)
