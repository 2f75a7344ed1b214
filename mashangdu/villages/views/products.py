"""一村一品: the list by township, recording and correcting a product, removing one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mashangdu.core.errors import DomainError
from mashangdu.core.models import User
from mashangdu.core.params import Params, bad, page_number
from mashangdu.villages.forms import ProductForm
from mashangdu.villages.models import FIRST_YEAR, Product, ProductCategory
from mashangdu.villages.scope import (
    is_agriculture_staff,
    may_edit,
    may_enter,
    products_visible_to,
    township_of,
    townships_visible_to,
    villages_visible_to,
)
from mashangdu.villages.services.indicators import latest_year
from mashangdu.villages.services.products import ProductData, product_delete, product_save
from mashangdu.villages.views.common import reader, years_choice


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    """Products by township (`?township=&year=&category=`), with each township's totals."""
    user = reader(request)
    params = Params(request.GET)
    products = products_visible_to(user).prefetch_related("enterprises")
    townships = list(townships_visible_to(user))
    township = params.id("township", "乡镇")
    if township is not None:
        if township not in {t.pk for t in townships}:
            raise bad("township", "没有这个乡镇。", "乡镇")
        products = products.filter(village__parent_id=township)
    year = params.integer("year", "年度", low=FIRST_YEAR, high=latest_year() + 1)
    if year is not None:
        products = products.filter(year=year)
    category = params.choice("category", ProductCategory.values, "类别")
    if category:
        products = products.filter(category=category)
    totals = (
        products.order_by()
        .values("village__parent__name")
        .annotate(count=Count("pk"), income=Sum("income"), households=Sum("households"))
        .order_by("village__parent__name")
    )
    page = Paginator(products, 50).get_page(page_number(params))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "villages/product_list.html",
        {
            "tab": "products",
            "page": page,
            "totals": totals,
            "townships": townships,
            "township": township,
            "year": year,
            "years": years_choice(),
            "category": category,
            "categories": ProductCategory.choices,
            "query": query.urlencode(),
            "may_enter": may_enter(user),
        },
    )


def _form(user: User, data: object = None, **kwargs: object) -> ProductForm:
    villages = villages_visible_to(user).order_by("parent__sort_order", "parent_id", "sort_order", "pk")
    if not is_agriculture_staff(user):
        villages = villages.filter(parent_id=township_of(user))
    return ProductForm(data, villages=villages, **kwargs)


def _save(request: HttpRequest, user: User, form: ProductForm, product: Product | None) -> HttpResponse | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        saved = product_save(data=ProductData(**data), by=user, product=product)
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None
    messages.success(request, f"已保存{saved.village.name}的{saved.name}。")
    return redirect("villages:village", pk=saved.village_id)


@login_required
def product_new(request: HttpRequest) -> HttpResponse:
    user = reader(request)
    if not may_enter(user):
        raise PermissionDenied
    if request.method == "POST":
        form = _form(user, request.POST)
        done = _save(request, user, form, None)
        if done is not None:
            return done
    else:
        form = _form(user, initial={"year": latest_year()})
    return render(
        request, "villages/product_form.html", {"tab": "products", "form": form}, status=400 if form.errors else 200
    )


def _product(user: User, pk: int) -> Product:
    product = products_visible_to(user).filter(pk=pk).first()
    if product is None:
        raise Http404
    return product


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    product = _product(user, pk)
    if not may_edit(user, product.village):
        raise PermissionDenied
    if request.method == "POST":
        form = _form(user, request.POST)
        done = _save(request, user, form, product)
        if done is not None:
            return done
    else:
        initial = {f: getattr(product, f) for f in ProductForm.base_fields if f != "enterprises"}
        initial["enterprises"] = "\n".join(e.uscc for e in product.enterprises.all())
        form = _form(user, initial=initial)
    return render(
        request,
        "villages/product_form.html",
        {"tab": "products", "form": form, "product": product},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def product_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = reader(request)
    product = _product(user, pk)
    if not may_edit(user, product.village):
        raise PermissionDenied
    village = product.village_id
    product_delete(product=product, by=user)
    messages.success(request, "已删除。")
    return redirect("villages:village", pk=village)
