"""Amounts in euro as people here write and read them: "€ 12.500,00".

`euro` writes an amount for a message, an e-mail or the decision letter (the templates use the `euro` filter, which
gives the same), in Dutch notation in every language (coalition.formatting); `parse_amount` reads what someone
typed: "12500", "12.500", "12.500,50", "12500,50", "€ 12 500" or "12500.50" (a point followed by one or two digits
is a decimal point).
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from coalition import formatting

CENT = Decimal("0.01")
# Groups of three digits after a point: "12.500" or "1.250.000" is written with points between the thousands.
THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def euro(amount: Decimal | int | None) -> str:
    """The amount as "€ 12.500,00", in every language; "€ 0,00" for None."""
    return formatting.euro(Decimal(amount or 0).quantize(CENT, rounding=ROUND_HALF_UP))


def parse_amount(text: str) -> Decimal | None:
    """The amount typed, rounded to cents; None when it is empty or not an amount."""
    value = re.sub(r"[\s€\N{NO-BREAK SPACE}]", "", text or "").removeprefix("EUR").removesuffix(",-")
    if not value:
        return None
    if "," in value:
        # The comma is the decimal separator; points before it separate thousands.
        whole, _sep, cents = value.rpartition(",")
        value = f"{whole.replace('.', '')}.{cents}"
    elif THOUSANDS.match(value):
        value = value.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d{1,2})?", value):
        return None
    try:
        return Decimal(value).quantize(CENT)
    except InvalidOperation:
        return None
