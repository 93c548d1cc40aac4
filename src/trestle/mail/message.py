"""Building a message: the standard library's ``email.message.EmailMessage``, checked first.

A subject or an address with a line break would let whoever typed it add headers (a Bcc to
thousands, a forged From): header injection. Such values are refused with
:class:`BadHeaderError`, naming the field, before a message exists.
"""

from __future__ import annotations

import email.message
import email.policy
from collections.abc import Iterable, Mapping, Sequence
from email.headerregistry import Address
from email.utils import formataddr, parseaddr

from trestle.http.exceptions import BadRequest

AddressLike = str | tuple[str, str]
#: RFC 5322's limit on a line of a message, in octets (without the CRLF).
MAX_LINE_OCTETS = 998
#: ``(filename, content, mimetype)``; mimetype "" guesses it from the name.
Attachment = tuple[str, bytes | str, str]


class BadHeaderError(BadRequest, ValueError):
    """A header value (subject, address, extra header) with a line break or a NUL in it.

    A 400 when a view lets it through: such values come from what a visitor typed.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)


class InvalidAddress(BadRequest, ValueError):
    """Something given as an e-mail address that is not one (a 400 when a view lets it through)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def _check(field: str, value: str) -> str:
    if any(c in value for c in "\r\n\x00"):
        raise BadHeaderError(
            f"the {field} contains a line break or NUL, which could add headers to the "
            f"message (header injection): {value!r}"
        )
    return value


def format_address(value: AddressLike, field: str) -> str:
    """One address, ``"ada@example.com"``, ``"Ada <ada@example.com>"`` or a (name, addr) pair."""
    if isinstance(value, tuple):
        name, addr = value
        _check(field, name)
        _check(field, addr)
        text = formataddr((name, addr))
    elif isinstance(value, str):
        text = _check(field, value.strip())
    else:
        raise TypeError(f"the {field} must be a str or a (name, address) pair, not {value!r}")
    name, addr = parseaddr(text)
    if not addr or "@" not in addr or addr.count("@") != 1:
        raise InvalidAddress(f"the {field} {text!r} is not an e-mail address")
    local, _, domain = addr.rpartition("@")
    if not local or not domain:
        raise InvalidAddress(f"the {field} {text!r} is not an e-mail address")
    try:
        # Address validates each part and encodes a non-ASCII display name properly.
        return str(Address(display_name=name, username=local, domain=domain))
    except (ValueError, IndexError) as error:
        raise InvalidAddress(f"the {field} {text!r} is not an e-mail address: {error}") from None


def _is_pair(value: object) -> bool:
    """A ``(name, address)`` pair, as opposed to a tuple of addresses."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(part, str) for part in value)
        and "@" not in value[0]
        and "@" in value[1]
    )


def _addresses(values: AddressLike | Iterable[AddressLike], field: str) -> list[str]:
    if isinstance(values, str) or _is_pair(values):
        values = [values]  # type: ignore[list-item]
    return [format_address(value, field) for value in values]


def _text_encoding(text: str) -> str | None:
    """7bit for ASCII text whose lines fit RFC 5322's limit; None lets ``email`` choose.

    ``email`` picks quoted-printable as soon as a line passes 78 characters, which cuts a
    long link (a password-reset or verification URL) with ``=`` line breaks: unreadable on
    the console backend, and in any client that shows the raw message. 78 is only a
    recommendation; 998 octets is the limit.
    """
    if not text.isascii():
        return None
    lines = text.splitlines()
    return "7bit" if max(map(len, lines), default=0) <= MAX_LINE_OCTETS else None


def make_message(
    subject: str,
    body: str,
    from_email: AddressLike,
    to: AddressLike | Sequence[AddressLike] = (),
    *,
    html: str | None = None,
    cc: AddressLike | Sequence[AddressLike] = (),
    bcc: AddressLike | Sequence[AddressLike] = (),
    reply_to: AddressLike | Sequence[AddressLike] = (),
    headers: Mapping[str, str] | None = None,
    attachments: Iterable[Attachment] = (),
) -> email.message.EmailMessage:
    """A ready-to-send message: text ``body``, an HTML alternative, attachments.

    Bcc recipients are kept in a ``Bcc`` header that backends strip before sending
    (SMTP delivers to them; the other recipients never see it).
    """
    message = email.message.EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = _check("subject", subject)
    message["From"] = format_address(from_email, "sender (from_email)")
    recipients = 0
    for field, values in (("To", to), ("Cc", cc), ("Bcc", bcc), ("Reply-To", reply_to)):
        addresses = _addresses(values, f"{field} address")
        if addresses:
            message[field] = ", ".join(addresses)
            if field != "Reply-To":
                recipients += len(addresses)
    if not recipients:
        raise ValueError("a message needs at least one recipient (to, cc or bcc)")
    import datetime
    from email.utils import format_datetime, make_msgid

    message["Date"] = format_datetime(datetime.datetime.now(datetime.UTC))
    message["Message-ID"] = make_msgid()
    for name, value in (headers or {}).items():
        _check(f"header name {name!r}", name)
        if not name.isascii() or not name.replace("-", "").isalnum():
            raise BadHeaderError(f"{name!r} is not a header name")
        message[name] = _check(f"header {name}", value)
    message.set_content(body, cte=_text_encoding(body))
    if html is not None:
        message.add_alternative(html, subtype="html", cte=_text_encoding(html))
    for filename, content, mimetype in attachments:
        _check("attachment filename", filename)
        if not mimetype:
            import mimetypes

            mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        maintype, _, subtype = mimetype.partition("/")
        if isinstance(content, str):
            message.add_attachment(content, subtype=subtype, filename=filename)
        else:
            message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message
