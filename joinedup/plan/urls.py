"""Plan, funding, register and communications pages, under /plan/."""

from django.urls import path  # noqa: F401 - each area adds its pages below

app_name = "plan"

urlpatterns: list = []
