from django import template

register = template.Library()


@register.filter
def change(value) -> str:
    """A recorded change for people: [old, new] reads "old → new"; blanks read "(blank)"."""

    def show(v) -> str:
        if v in (None, "", []):
            return "(blank)"
        return ", ".join(map(str, v)) if isinstance(v, list) else str(v)

    if isinstance(value, list) and len(value) == 2:
        return f"{show(value[0])} → {show(value[1])}"
    return show(value)
