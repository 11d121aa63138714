"""Amounts of money as people here write them, in every language of the site: "€ 1.250,00" (a no-break space after
the euro sign, points between the thousands, a comma before the cents). The site's English keeps this Dutch
notation: the amounts are in euro, in a Dutch municipality, and the same as in the letters and the spreadsheets."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import numberformat


def euro(amount: Decimal | int | float | str, places: int = 2) -> str:
    """The amount as "€ 1.250,00", rounded to cents (or to whole euros with `places=0`: "€ 1.250")."""
    value = Decimal(str(amount)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    number = numberformat.format(value, ",", decimal_pos=places, grouping=3, thousand_sep=".", force_grouping=True)
    return f"€\N{NO-BREAK SPACE}{number}"
