"""HTML pages from the package's Jinja2 templates, with autoescaping on: names from the data or a
scenario always show as text."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from landplan.i18n import gettext, ngettext, spoken

_ENVIRONMENT = Environment(
    loader=PackageLoader("landplan.pages", "templates"),
    autoescape=select_autoescape(["j2", "html"]),
    extensions=["jinja2.ext.i18n"],
)
# The texts of the templates in the language of the moment (the command's --lang, a workbench's
# request's), as the workbench's are.
_ENVIRONMENT.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
_ENVIRONMENT.policies["ext.i18n.trimmed"] = True


def render_page(template: str, **context: Any) -> str:
    """Render ``templates/<template>`` with ``context`` (mark trusted HTML with Markup), in the
    language of the moment (its ``html_lang``: the page's ``lang`` attribute)."""
    lang = spoken()
    html_lang = "zh-CN" if lang == "zh" else lang
    return _ENVIRONMENT.get_template(template).render(html_lang=html_lang, **context)
