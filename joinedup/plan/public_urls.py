"""The public page of Public Spaces Protection Orders in force, at /public-spaces-protection-orders/."""

from django.urls import path

from .views import public_pspo

urlpatterns = [path("", public_pspo.pspo_public, name="pspo-public")]
