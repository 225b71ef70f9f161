"""Template helpers of the partner pages."""

from django import template
from django.utils.html import format_html_join

from core.templatetags.portal import acronym_after, country_name, label
from partners.models import category_table

register = template.Library()

DIRECTORY_ROW = """<tr>
      <td><a href="{url}">{name}</a>{acronym}
        <div class="small text-body-secondary d-md-none">{category}</div></td>
      <td class="d-none d-md-table-cell">{category}</td>
      <td class="d-none d-lg-table-cell">{kind}</td>
      <td>{city}</td>
      <td class="d-none d-sm-table-cell">{country}</td>
    </tr>"""


@register.simple_tag
def directory_rows(partners):
    """`{% directory_rows page_obj.object_list %}`: the directory's table rows, written with
    format_html as Django's admin writes its changelist rows. Looking up each value through
    the template engine took a fifth of the page's time."""
    categories = dict(category_table().values())  # {id: name}
    return format_html_join("\n    ", DIRECTORY_ROW, (directory_row(partner, categories) for partner in partners))


def directory_row(partner, categories: dict[int, str]) -> dict:
    return {
        "url": partner.get_absolute_url(),
        "name": partner.name,
        "acronym": acronym_after(partner.acronym),
        "category": categories.get(partner.category_id, ""),
        "kind": label(partner, "kind"),
        "city": partner.city,
        "country": country_name(partner.country),
    }
