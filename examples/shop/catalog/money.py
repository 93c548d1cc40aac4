"""Money as the shop shows it: whole cents in, "€4.50" out."""

CURRENCY_SYMBOL = "€"


def format_money(cents: int) -> str:
    """``450`` -> ``"€4.50"``, ``123456`` -> ``"€1,234.56"``, ``-99`` -> ``"-€0.99"``."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        # A float or a Decimal here means a price was computed outside cents: a bug to see.
        raise TypeError(f"money takes whole cents (an int), not {type(cents).__name__}")
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{CURRENCY_SYMBOL}{euros:,}.{rest:02d}"
