from django.apps import AppConfig


class SatusehatConfig(AppConfig):
    name = "ilp.satusehat"
    label = "satusehat"
    verbose_name = "SATUSEHAT"

    def ready(self):
        from .contributors import contributors, register
        from .mapping import builtin_contributors

        # Built-ins first, so a visit's own Observations and Conditions keep their place in the queue.
        known = {c.resource_type for c in contributors()}
        for contributor in builtin_contributors():
            if contributor.resource_type not in known:
                register(contributor)
