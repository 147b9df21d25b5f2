from django import template

register = template.Library()


@register.filter
def step_for(attendance, meja: str):
    """The attendee's step at one table (from the prefetched steps), or None."""
    return next((s for s in attendance.steps.all() if s.meja == meja), None)
