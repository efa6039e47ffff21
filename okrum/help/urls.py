from __future__ import annotations

from django.urls import path

from okrum.help import views

app_name = "help"

urlpatterns: list[object] = [
    path("guide/", views.guide, name="guide"),
    path("guide/images/<str:name>", views.guide_image, name="guide_image"),
    path("glossary/", views.glossary, name="glossary"),
]
