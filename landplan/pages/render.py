"""HTML pages from the package's Jinja2 templates, with autoescaping on: names from the data or a
scenario always show as text."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

_ENVIRONMENT = Environment(
    loader=PackageLoader("landplan.pages", "templates"),
    autoescape=select_autoescape(["j2", "html"]),
)


def render_page(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context`` (mark trusted HTML with Markup)."""
    return _ENVIRONMENT.get_template(template).render(**context)
