from __future__ import annotations

from django.urls import path

from okrum.tenancy import views

app_name = "tenancy"

urlpatterns = [
    path("orgs/", views.organizations, name="organizations"),
    path("o/<slug:org_slug>/members/", views.members, name="members"),
    path("o/<slug:org_slug>/members/<int:member_id>/role/", views.change_role, name="change_role"),
    path(
        "o/<slug:org_slug>/members/<int:member_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path(
        "o/<slug:org_slug>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("o/<slug:org_slug>/audit/", views.audit, name="audit"),
    path("o/<slug:org_slug>/settings/", views.settings_page, name="settings"),
]
