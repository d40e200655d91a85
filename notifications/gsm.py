"""How long an SMS is: GSM-7 (160 characters in one message) or UCS-2 (70 characters).

A text made only of GSM 03.38 characters goes as GSM-7, where the characters of the
extension table (``{ } [ ] ~ \\ | ^ €``) count twice; one character outside it (ş, ł, ɣ, any
Arabic or Cyrillic letter) turns the whole message into UCS-2.
"""

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")
GSM7_SINGLE = 160
UCS2_SINGLE = 70


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def units(text: str) -> int:
    """Length as the network counts it: GSM-7 septets, or UTF-16 code units for UCS-2."""
    if is_gsm7(text):
        return sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    return len(text.encode("utf-16-le")) // 2


def single_segment_limit(text: str) -> int:
    return GSM7_SINGLE if is_gsm7(text) else UCS2_SINGLE


def fits_one_segment(text: str) -> bool:
    return units(text) <= single_segment_limit(text)


# In a message of several segments each one carries a header, leaving this much text per segment.
GSM7_PER_PART = 153
UCS2_PER_PART = 67


def segments(text: str) -> int:
    """How many SMS segments the network sends ``text`` as (what the school pays for)."""
    length = units(text)
    single, per_part = (GSM7_SINGLE, GSM7_PER_PART) if is_gsm7(text) else (UCS2_SINGLE, UCS2_PER_PART)
    return 1 if length <= single else -(-length // per_part)


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary (e.g. a school's name in an SMS);
    cut mid-word only when the first word alone is very long."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0]
    return cut if len(cut) >= 6 else text[:limit]
