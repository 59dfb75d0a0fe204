"""Text that XML 1.0 can carry: the XML-based exports (RDF/XML, GraphML, GEXF) share this rule.

XML 1.0 forbids most C0 control characters even as character references, so a title
holding one would make the whole file unreadable. Such characters become U+FFFD; the
other formats keep the text exactly.
"""

from __future__ import annotations

import re

__all__ = ["xml_safe"]

_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 cannot hold replaced by U+FFFD.

    >>> xml_safe("bell\\x07 and tab\\t")
    'bell\\ufffd and tab\\t'
    """
    if text.isprintable():  # no control characters, surrogates or non-characters: nothing to replace
        return text
    return _NOT_XML_CHAR.sub("\ufffd", text)
