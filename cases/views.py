from django.views.decorators.http import require_GET

from .selectors import youth_for
from .youth_page import render_youth_page


@require_GET
def youth_detail(request, pk):
    youth = youth_for(request, pk)
    return render_youth_page(request, youth, tab="overview", template="cases/youth_detail.html")
