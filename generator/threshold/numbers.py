"""Reading numbers as editors write them, and writing them as readers expect (powers of ten).

Parsing accepts ``1e24``, ``10^24``, ``3.5x10^24``, ``32768`` and ``32_768``. Formatting gives plain text
(``3.5 × 10^24``), HTML (a superscript with a visually hidden caret, the markup of bare powers in prose, so
copying, search and screen readers get ``3.5 × 10^24``, never "1024") and a machine value (``3.5e+24``).
"""

from __future__ import annotations

import math
import re

from markdown_it.token import Token

from generator.markdown.mathml import _render_power

_POWER = re.compile(r"^\s*(?:([0-9.]+)\s*[x×*]\s*)?10\s*\^\s*([+-]?[0-9.]+)\s*$")

#: Below this many orders of magnitude a number reads better written out (32,768, not 3.3 × 10^4).
PLAIN_BELOW_OOM = 6


def parse_number(text: str) -> float:
    """A finite number from an editor's or user's text; ``ValueError`` with a readable message otherwise."""
    cleaned = text.strip()
    match = _POWER.match(cleaned)
    try:
        if match:
            mantissa = float(match.group(1)) if match.group(1) else 1.0
            value = mantissa * 10 ** float(match.group(2))
        else:
            value = float(cleaned)
    except (ValueError, OverflowError):
        raise ValueError(f"'{text}' is not a number (write e.g. 1e24 or 10^24)") from None
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is not a finite number")
    return value


def _mantissa_exponent(value: float, digits: int) -> tuple[str, int]:
    exponent = math.floor(math.log10(abs(value)))
    mantissa = round(value / 10**exponent, max(digits - 1, 0))
    if abs(mantissa) >= 10:  # 9.96 rounded to 2 figures is 10.0: carry into the exponent
        exponent += 1
        mantissa = round(value / 10**exponent, max(digits - 1, 0))
    text = f"{mantissa:.{max(digits - 1, 0)}f}".rstrip("0").rstrip(".")
    return text, exponent


def _plain(value: float, digits: int) -> str:
    if value == int(value):
        return f"{int(value):,}"
    if abs(value) >= 1:  # keep every integer digit, then as many decimals as the figures allow
        decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
        return f"{value:,.{decimals}f}"
    return f"{value:.{digits}g}"


def format_compute(value: float, digits: int = 2) -> str:
    """Plain text: ``3.5 × 10^24``, ``10^25``, ``32,768``; ``digits`` significant figures."""
    if value == 0 or abs(value) < 10**PLAIN_BELOW_OOM:
        return _plain(value, digits)
    mantissa, exponent = _mantissa_exponent(value, digits)
    return f"10^{exponent}" if mantissa == "1" else f"{mantissa} × 10^{exponent}"


def power_html(exponent: int | str) -> str:
    """``10`` and its exponent as a superscript with a hidden caret, through the prose renderer for powers
    (generator.markdown.mathml), so computed numbers and powers written in prose share one markup."""
    token = Token("power", "", 0)
    token.content = str(exponent)
    return "10" + _render_power(None, [token], 0, None, {})


def format_compute_html(value: float, digits: int = 2) -> str:
    """HTML: ``3.5 × 10<sup class="power">…24</sup>`` (safe: digits and fixed markup only)."""
    if value == 0 or abs(value) < 10**PLAIN_BELOW_OOM:
        return _plain(value, digits)
    mantissa, exponent = _mantissa_exponent(value, digits)
    power = power_html(exponent)
    return power if mantissa == "1" else f"{mantissa} × {power}"


def format_oom(value: float, digits: int = 1) -> str:
    """An order-of-magnitude value: ``39`` for a whole number, else ``26.8`` (``digits`` decimals)."""
    rounded = round(value, digits)
    if abs(rounded - round(rounded)) < 10 ** -(digits + 3):
        return str(int(round(rounded)))
    return f"{rounded:.{digits}f}"


def format_power_of_oom_html(value: float, digits: int = 1) -> str:
    """10 raised to an OOM value, as HTML: ``10<sup class="power">…26.8</sup>`` (copies as ``10^26.8``)."""
    return power_html(format_oom(value, digits))


def machine(value: float) -> str:
    """The exact value for a data attribute or CSV: shortest round-trip repr (``3.5e+24``, ``39.0``)."""
    return repr(float(value))
