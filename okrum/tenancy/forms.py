"""HTML forms of the tenancy pages."""

from __future__ import annotations

from django import forms

from okrum.tenancy.roles import Role


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email", max_length=254)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class OrganizationForm(forms.Form):
    name = forms.CharField(label="Organization name", max_length=120)
