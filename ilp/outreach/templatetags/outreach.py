from django import template

register = template.Library()


@register.filter
def step_for(attendance, meja: str):
    """The attendee's step at one table (from the prefetched steps), or None."""
    return next((s for s in attendance.steps.all() if s.meja == meja), None)


@register.filter
def summary(record) -> str:
    """A package record's values in words, with the definition's labels and units ("Berat badan 8.0 kg")."""
    from ilp.packages.engine.loader import registry

    package = registry().get(record.package_id)
    if package is None:
        return ""
    parts = []
    for field in package.fields:
        value = record.values.get(field.id)
        if value in (None, ""):
            continue
        if isinstance(value, bool):
            value = "Ya" if value else "Tidak"
        parts.append(f"{field.label} {value}{' ' + field.unit if field.unit else ''}")
    return " · ".join(parts)
