"""The mandate rules as templates state them, from units/rules.py (never restated in a template)."""

from django import template

from units import rules

register = template.Library()


@register.simple_tag
def term_rule() -> str:
    """`{% term_rule %}`: the term's length and the renewals allowed, in the active language."""
    return rules.term_rule()
