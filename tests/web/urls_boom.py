"""dondoc's URLs and error handlers, plus a page that fails, to see the 500 page for real."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from dondoc.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("hong/", boom), *urlpatterns]
