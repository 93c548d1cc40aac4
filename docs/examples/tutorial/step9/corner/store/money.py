"""Money as the shop shows it."""


def pounds(pence: int) -> str:
    """450 → "£4.50": prices are kept in whole pence, and shown in pounds."""
    return f"£{pence // 100}.{pence % 100:02d}"
