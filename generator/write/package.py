"""Writing a .docx (a zip package) fast and reproducibly.

The parts a template never changes (styles, theme, settings …) are compressed once and copied
as raw bytes into every document; only the rendered parts are compressed per document. Every
entry carries the same fixed timestamp, so identical input gives identical bytes.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00, the zip epoch
_LEVEL = 6


@dataclass(frozen=True)
class Entry:
    """A compressed zip entry."""

    name: bytes
    data: bytes  # raw deflate stream
    crc: int
    size: int

    @classmethod
    def deflate(cls, name: str, content: bytes) -> Entry:
        compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name.encode("ascii"), data, zlib.crc32(content), len(content))


def write_zip(entries: list[Entry]) -> bytes:
    """The bytes of a zip archive holding ``entries`` in order."""
    out, central = bytearray(), bytearray()
    for e in entries:
        offset = len(out)
        common = struct.pack(
            "<HHHHHIII", 20, 0, 8, _DOS_TIME, _DOS_DATE, e.crc, len(e.data), e.size
        )
        out += b"PK\x03\x04" + common + struct.pack("<HH", len(e.name), 0) + e.name + e.data
        central += (
            b"PK\x01\x02"
            + struct.pack("<H", 20)
            + common
            + struct.pack("<HHHHHII", len(e.name), 0, 0, 0, 0, 0, offset)
            + e.name
        )
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    return bytes(out + central + end)
