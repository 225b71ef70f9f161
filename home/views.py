from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import page_cache

from .figures import key_figures


@require_safe
def home(request):
    # The figures scan every unit, partner and agreement: computed once per data generation and day.
    figures = page_cache.until_next_edit(f"key-figures:{timezone.localdate().isoformat()}", key_figures)
    return render(request, "home/home.html", {"figures": figures})
