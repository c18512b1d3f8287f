"""The Jinja sandbox that evaluates config expressions and the standard sentences: undefined
names are errors, attribute tricks are refused, and huge repetitions are refused too."""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..i18n import _

MAX_TEMPLATE_OUTPUT = 100_000  # characters a config expression may produce


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, also refusing huge repetitions such as ``'a' * 10**9``."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):  # type: ignore[override]
        if operator == "**" and isinstance(right, int) and right > 64:
            raise SecurityError(_("exponent too large"))
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(n, int)
                    and len(seq) * n > MAX_TEMPLATE_OUTPUT
                ):
                    raise SecurityError(_("result too large"))
        return super().call_binop(context, operator, left, right)


SANDBOX = _Sandbox(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


def lower_first(text: str) -> str:
    """The text with its first letter in lower case (a subject inside a sentence)."""
    return text[:1].lower() + text[1:]


SANDBOX.filters["lower_first"] = lower_first


@functools.lru_cache(maxsize=4096)
def compile_template(text: str) -> jinja2.Template:
    """A sandboxed template, compiled once per distinct text (bulk runs repeat them)."""
    return SANDBOX.from_string(text)


def has_markup(text: str) -> bool:
    """Whether ``text`` holds Jinja markup."""
    return "{" in text and any(m in text for m in ("{{", "{%", "{#"))


def render_string(text: str, context: dict[str, Any]) -> str:
    """Render one config string in the sandbox (strings without Jinja markup pass through)."""
    return compile_template(text).render(context) if has_markup(text) else text


def template_problem(exc: Exception) -> str:
    """A user-facing message for an error raised while rendering a config expression."""
    if isinstance(exc, SecurityError):
        return _("expression refused by the sandbox: {detail}").format(detail=exc)
    if isinstance(exc, jinja2.UndefinedError):
        return _("unknown name in expression: {detail}").format(detail=exc.message)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return _(
            "expression syntax error ({detail}): an expression is written {{{{ name }}}}, with "
            "two braces on each side, such as {{{{ year }}}} or {{{{ vars.units }}}}"
        ).format(detail=exc.message)
    return _("expression failed: {detail}").format(detail=exc)
