"""Kubernetes resource quantities, parsed and printed exactly as apimachinery's `resource.Quantity`.

The grammar (quantity.go): an optional sign, digits with an optional fraction, then a suffix that is
a binary SI suffix (``Ki Mi Gi Ti Pi Ei``: powers of 1024), a decimal SI suffix (``n u m "" k M G T P
E``: powers of 1000, so ``m`` is a thousandth, even on memory), or a decimal exponent (``e3``, ``E-6``).
Parsing keeps three formats apart (BinarySI, DecimalSI, DecimalExponent) because the canonical form
is printed in the format the value was written in:

- values are exact decimals; anything finer than a nano (10^-9) is rounded *up* to the next nano,
  because "if you want some resources, you should get some";
- BinarySI values are capped at 2^63-1, and a BinarySI value that is not a whole number of bytes, or
  is below 1024, is printed as DecimalSI;
- DecimalSI/DecimalExponent: trailing zeros move into the exponent, which is then lowered to a
  multiple of 3 and written as a suffix (``1500m``, ``2``, ``12k``) or as ``e<exp>``; past ``E`` or
  below ``n`` DecimalSI falls back to exponent notation;
- BinarySI: factors of 1024 move into the suffix (``1.5Gi`` -> ``1536Mi``);
- when the fast parser sees a string that is already "in canonical form" it keeps the string as
  typed (``+5Mi`` stays ``+5Mi``); `canonical` reproduces that too.

The kubelet reads quantities with `Value()` (bytes, rounded up) and `MilliValue()` (millicores,
rounded up): ``1.5m`` of CPU is stored as ``1500u`` and used as 2m; ``512m`` of memory is 0.512
bytes and becomes 1 byte.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

MAX_INT64 = 2**63 - 1
MAX_INT32 = 2**31 - 1
NANO = -9
# Longer strings are refused before parsing: Python's int() limits digit strings, and no real
# resource amount is this long.
MAX_QUANTITY_LENGTH = 100

SPLIT_RE_STRING = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
ERR_FORMAT_WRONG = f"quantities must match the regular expression '{SPLIT_RE_STRING}'"
ERR_NUMERIC = "unable to parse numeric part of quantity"
ERR_SUFFIX = "unable to parse quantity's suffix"

DECIMAL_SUFFIXES = {
    "n": -9,
    "u": -6,
    "m": -3,
    "": 0,
    "k": 3,
    "M": 6,
    "G": 9,
    "T": 12,
    "P": 15,
    "E": 18,
}
DECIMAL_SUFFIX_FOR = {exponent: suffix for suffix, exponent in DECIMAL_SUFFIXES.items()}
BINARY_SUFFIXES = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
BINARY_SUFFIX_FOR = {exponent // 10: suffix for suffix, exponent in BINARY_SUFFIXES.items()}
BINARY_SUFFIX_FOR[0] = ""
SUFFIX_CHARACTERS = set("eEinumkKMGTP")

DECIMAL_SI = "DecimalSI"
BINARY_SI = "BinarySI"
DECIMAL_EXPONENT = "DecimalExponent"


class QuantityError(ValueError):
    """Kubernetes refuses the string; `str()` is apimachinery's own message."""


@dataclass(frozen=True)
class Quantity:
    """An exact value, the format it was written in, and the string to print if kept as typed.

    `mantissa * 10**exponent` is the value (every value is a whole number of nanos, so for any
    parsed quantity `exponent >= -9`); kept as a pair so that ``1e2000000000`` needs no huge number.
    """

    mantissa: int
    exponent: int
    format: str
    kept_string: str | None = None

    @property
    def is_zero(self) -> bool:
        return self.mantissa == 0

    @property
    def is_negative(self) -> bool:
        return self.mantissa < 0

    def exact(self, limit: int = 60) -> Fraction | None:
        """The value as a fraction, or None when it is too large to be any real amount."""
        if self.exponent > limit:
            return None
        return Fraction(self.mantissa) * Fraction(10) ** self.exponent

    def rounded_up(self, scale: int) -> int | None:
        """The value in units of 10**scale, rounded up (Value() is scale 0, MilliValue() -3)."""
        value = self.exact()
        if value is None:
            return None
        return math.ceil(value / Fraction(10) ** scale)

    @property
    def canonical(self) -> str:
        return self.kept_string if self.kept_string is not None else _canonical(self)


def decimal_string(value: Fraction) -> str:
    """An exact decimal for a value with a finite decimal expansion (every parsed quantity has one)."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    digits = ""
    while rest and len(digits) < 30:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits += str(digit)
    return f"{sign}{whole}" + (f".{digits}" if digits else "")


def _split(text: str) -> tuple[bool, str, str, str]:
    """quantity.go's parseQuantityString: (positive, numerator, denominator, suffix)."""
    position, end, positive = 0, len(text), True
    if text[0] in "+-":
        positive = text[0] == "+"
        position = 1
    while position < end and text[position] == "0":
        position += 1
    if position >= end:
        return positive, "0", "", ""
    start = position
    while position < end and text[position].isascii() and text[position].isdigit():
        position += 1
    numerator = text[start:position] or "0"
    denominator = ""
    if position < end and text[position] == ".":
        position += 1
        start = position
        while position < end and text[position].isascii() and text[position].isdigit():
            position += 1
        denominator = text[start:position]
    suffix_start = position
    while position < end and text[position] in SUFFIX_CHARACTERS:
        position += 1
    if position < end and text[position] in "+-":
        position += 1
    while position < end and text[position].isascii() and text[position].isdigit():
        position += 1
    if position < end:
        raise QuantityError(ERR_FORMAT_WRONG)
    return positive, numerator, denominator, text[suffix_start:]


def _interpret(suffix: str) -> tuple[int, int, str]:
    """(base, exponent, format) of a suffix, as quantitySuffixer.interpret decides."""
    if suffix in DECIMAL_SUFFIXES:
        return 10, DECIMAL_SUFFIXES[suffix], DECIMAL_SI
    if suffix in BINARY_SUFFIXES:
        return 2, BINARY_SUFFIXES[suffix], BINARY_SI
    if len(suffix) > 1 and suffix[0] in "eE" and re.fullmatch(r"[+-]?[0-9]+", suffix[1:]):
        exponent = int(suffix[1:])
        if -MAX_INT32 <= exponent <= MAX_INT32:
            return 10, exponent, DECIMAL_EXPONENT
    raise QuantityError(ERR_SUFFIX)


def _kept_string(
    text: str, numerator: str, denominator: str, exponent: int, format_: str, base: int
) -> str | None:
    """The typed string, when ParseQuantity's fast path stores it as the canonical form."""
    shifted = numerator + denominator
    if base == 2:
        precision = 15 - len(numerator) - int(exponent * 3 / 10) - 1
        if exponent < 0 or denominator or precision < 0:
            return None
        value = int(shifted)
        if value * 2**exponent > MAX_INT64:
            return None
        return text if exponent % 10 == 0 and value & 0x07 != 0 else None
    precision = 18 - (len(numerator) + len(denominator))
    scale = exponent - len(denominator)
    if precision < 0 or scale < NANO:
        return None
    if scale % 3 == 0 and not shifted.endswith("000") and shifted[0] != "0":
        return text
    return None


def parse_quantity(text: str) -> Quantity:
    """ParseQuantity: the exact value, or QuantityError with apimachinery's message."""
    if text == "":
        raise QuantityError(ERR_FORMAT_WRONG)
    if len(text) > MAX_QUANTITY_LENGTH:
        raise QuantityError(f"longer than {MAX_QUANTITY_LENGTH} characters: not a resource amount")
    if text == "0":
        return Quantity(0, 0, DECIMAL_SI, kept_string="0")
    positive, numerator, denominator, suffix = _split(text)
    base, exponent, format_ = _interpret(suffix)
    sign = 1 if positive else -1
    kept = _kept_string(text, numerator, denominator, exponent, format_, base)
    digits = int(numerator + denominator)
    if base == 10:
        mantissa, power = digits, exponent - len(denominator)
        if power < NANO:
            # Round up (away from zero) to a whole number of nanos.
            shift = NANO - power
            mantissa = 1 if shift > len(str(digits)) + 1 and digits else -(-digits // 10**shift)
            power = NANO
        return Quantity(sign * mantissa, power, format_, kept)
    value = Fraction(digits * 2**exponent, 10 ** len(denominator))
    nanos = math.ceil(value * 10**9)
    value = Fraction(nanos, 10**9)
    if value > MAX_INT64:
        value = Fraction(MAX_INT64)
    if 0 < value < 1:
        format_ = DECIMAL_SI
    return _from_fraction(sign * value, format_, kept)


def _from_fraction(value: Fraction, format_: str, kept: str | None) -> Quantity:
    nanos = value * 10**9
    assert nanos.denominator == 1, "values are whole nanos"
    return Quantity(int(nanos), NANO, format_, kept)


def _decimal_parts(quantity: Quantity) -> tuple[int, int]:
    """AsCanonicalBytes: the mantissa without trailing zeros, exponent lowered to a multiple of 3."""
    mantissa, exponent = quantity.mantissa, quantity.exponent
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    lowered = exponent - exponent % 3
    return mantissa * 10 ** (exponent - lowered), lowered


def _canonical(quantity: Quantity) -> str:
    """Quantity.String() (CanonicalizeBytes) for a parsed value."""
    if quantity.is_zero:
        return "0"
    format_ = quantity.format
    if format_ == BINARY_SI:
        value = quantity.exact()
        if value is None or -1024 < value < 1024 or value.denominator != 1:
            format_ = DECIMAL_SI
        else:
            amount, times = abs(int(value)), 0
            while amount >= 1024 and amount % 1024 == 0:
                amount //= 1024
                times += 1
            if times in BINARY_SUFFIX_FOR:
                sign = "-" if value < 0 else ""
                return f"{sign}{amount}{BINARY_SUFFIX_FOR[times]}"
            format_ = DECIMAL_EXPONENT
    mantissa, exponent = _decimal_parts(quantity)
    if format_ == DECIMAL_SI and exponent in DECIMAL_SUFFIX_FOR:
        return f"{mantissa}{DECIMAL_SUFFIX_FOR[exponent]}"
    return f"{mantissa}e{exponent}" if exponent else str(mantissa)
