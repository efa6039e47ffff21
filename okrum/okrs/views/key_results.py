"""Key result pages: add, show, edit and delete one, and check in on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from okrum.core.errors import DomainError, Invalid
from okrum.core.forms import add_errors
from okrum.core.htmx import is_htmx
from okrum.okrs import forms, progress, queries, services
from okrum.okrs.models import CycleState, KeyResult, Objective
from okrum.okrs.templatetags.okrs import percent
from okrum.okrs.views._common import _abilities
from okrum.tenancy import queries as tenancy
from okrum.tenancy.access import org_of


@require_http_methods(["GET", "POST"])
def new_key_result(request: HttpRequest, org_slug: str, objective_id: int) -> HttpResponse:
    org, membership = org_of(request)
    obj = queries.objective(org, objective_id)
    form = forms.KeyResultForm(request.POST or None, members=tenancy.members(org))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                kr = services.add_key_result(objective=obj, by=membership, spec=form.spec())
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Key result “{kr.title}” added.")
            return redirect("okrs:edit_objective", org_slug=org.slug, objective_id=obj.pk)
    context = {
        "objective": obj,
        "form": form,
        "may_edit_this": bool(_abilities(org, membership, obj.cycle, [obj])["may_edit"]),
        "closed": obj.cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/new_key_result.html", context, status=422 if form.errors else 200)


def key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, _ = org_of(request)
    kr = queries.key_result(org, key_result_id)
    return _key_result_page(request, kr, forms.CheckInForm(auto_id="check-in-%s"))


def _key_result_page(
    request: HttpRequest, kr: KeyResult, form: forms.CheckInForm, status: int = 200
) -> HttpResponse:
    org, membership = org_of(request)
    objective = kr.objective
    abilities = _abilities(org, membership, objective.cycle, [objective])
    context = {
        "kr": kr,
        "objective": objective,
        "cycle": objective.cycle,
        "expected": progress.expected(objective),
        "check_ins": queries.check_ins(kr),
        "form": form,
        "may_check_in_this": kr.pk in abilities["may_check_in"],
        "may_edit_this": objective.pk in abilities["may_edit"],
        "check_ins_open": abilities["check_ins_open"],
    }
    return render(request, "okrs/key_result.html", context, status=status)


@require_http_methods(["GET", "POST"])
def edit_key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, membership = org_of(request)
    kr = queries.key_result(org, key_result_id)
    form = forms.KeyResultEditForm(
        request.POST or None, members=tenancy.members(org), initial=forms.key_result_initial(kr)
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.update_key_result(
                    kr=kr, by=membership, spec=form.spec(), reason=form.cleaned_data["reason"]
                )
        except DomainError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Key result saved.")
            return redirect("okrs:key_result", org_slug=org.slug, key_result_id=kr.pk)
    running = kr.objective.cycle.state != CycleState.PLANNING
    if not running:
        del form.fields["reason"]
    context = {
        "kr": kr,
        "objective": kr.objective,
        "form": form,
        "running": running,
        "may_edit_this": bool(
            _abilities(org, membership, kr.objective.cycle, [kr.objective])["may_edit"]
        ),
        "closed": kr.objective.cycle.state == CycleState.CLOSED,
    }
    return render(request, "okrs/edit_key_result.html", context, status=422 if form.errors else 200)


@require_POST
def delete_key_result(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    org, membership = org_of(request)
    kr = queries.key_result(org, key_result_id)
    objective_id, title = kr.objective_id, kr.title
    try:
        with transaction.atomic():
            services.delete_key_result(kr=kr, by=membership)
    except DomainError as exc:
        messages.error(request, exc.detail)
        return redirect("okrs:edit_key_result", org_slug=org.slug, key_result_id=key_result_id)
    messages.success(request, f"Key result “{title}” deleted.")
    return redirect("okrs:edit_objective", org_slug=org.slug, objective_id=objective_id)


@require_POST
def check_in(request: HttpRequest, org_slug: str, key_result_id: int) -> HttpResponse:
    """A new value; from the tree (htmx) the answer is the key result's updated row."""
    org, membership = org_of(request)
    kr = queries.key_result(org, key_result_id)
    form = forms.CheckInForm(request.POST, auto_id="check-in-%s")
    status, refused = 422, ""
    if form.is_valid():
        try:
            with transaction.atomic():
                kr = queries.key_result_for_update(org, kr.pk)
                services.record_check_in(key_result=kr, by=membership, **form.cleaned_data)
        except DomainError as exc:
            add_errors(form, exc)
            # Invalid input shows on the form; any other refusal has no form field to sit on.
            status, refused = exc.status, "" if isinstance(exc, Invalid) else exc.detail
        else:
            return _checked_in(request, kr)
    if is_htmx(request):
        return _row(request, kr, check_in_form=form, refused=refused, status=status)
    return _key_result_page(request, kr, form, status=status)


def _checked_in(request: HttpRequest, kr: KeyResult) -> HttpResponse:
    org, _ = org_of(request)
    if not is_htmx(request):
        messages.success(request, f"Checked in: {kr.title} is at {percent(kr.progress)}.")
        return redirect("okrs:key_result", org_slug=org.slug, key_result_id=kr.pk)
    # The objective and its ancestors moved too: their progress comes along out of band.
    chain = []
    node: Objective | None = kr.objective
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent if node.parent_id else None
    return _row(request, kr, saved=f"Check-in saved: now at {percent(kr.progress)}.", chain=chain)


def _row(request: HttpRequest, kr: KeyResult, status: int = 200, **extra: Any) -> HttpResponse:
    org, membership = org_of(request)
    abilities = _abilities(org, membership, kr.objective.cycle, [kr.objective])
    context = {"kr": kr, **abilities, **extra}
    return render(request, "okrs/_check_in_answer.html", context, status=status)
