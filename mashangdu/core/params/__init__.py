"""The validated parameter layer (decision 0026): every query and form parameter a view reads goes through
`Params` (single values), a form with the bounded fields of `fields`, or a filterset checked by
`valid_or_400`; ids in URL paths through the `<id:…>` converter. A bad value raises `BadParameter`, a 400
with a Chinese message naming the parameter."""

from mashangdu.core.params.converters import IdConverter
from mashangdu.core.params.fields import BoundedDateField, BoundedIntegerField, FiniteDecimalField
from mashangdu.core.params.query import Params, page_number, valid_or_400
from mashangdu.core.params.values import (
    DATE_RANGE_MESSAGE,
    MAX_DATE,
    MAX_ID,
    MAX_INT,
    MIN_DATE,
    MIN_INT,
    BadParameter,
    bad,
    date_in_range,
    parse_id,
    to_w3c_datetime,
)

__all__ = [
    "DATE_RANGE_MESSAGE",
    "MAX_DATE",
    "MAX_ID",
    "MAX_INT",
    "MIN_DATE",
    "MIN_INT",
    "BadParameter",
    "BoundedDateField",
    "BoundedIntegerField",
    "FiniteDecimalField",
    "IdConverter",
    "Params",
    "bad",
    "date_in_range",
    "page_number",
    "parse_id",
    "to_w3c_datetime",
    "valid_or_400",
]
