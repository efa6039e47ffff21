"""HTML forms for signup, sign-in, joining by invitation and API tokens."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from okrum.accounts.models import TokenScope


class SignupForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(label="Work email", max_length=254)
    password = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not a common password, not only digits.",
    )
    organization = forms.CharField(label="Organization name", max_length=120)


class JoinForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=120)
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class TokenForm(forms.Form):
    name = forms.CharField(label="Name", max_length=80, help_text="What will use this token?")
    scope = forms.ChoiceField(label="Scope", choices=TokenScope.choices, initial=TokenScope.READ)
    expires_at = forms.DateTimeField(
        label="Expires (optional)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
