"""Spoken calls for the board: a WAV made by espeak-ng (voice `vi`) where it is installed.

The voice is optional: without espeak-ng the board shows the call without sound. Digits of the
ticket are read one by one ("không, không, một, hai"), as callers at Vietnamese counters do, so a
number is never mistaken for a quantity.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Final

from motcua.core.errors import NotFoundError

VOICE: Final = "vi"
WORDS_PER_MINUTE: Final = 140
TIMEOUT_SECONDS: Final = 10
DIGITS: Final = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


class VoiceUnavailableError(NotFoundError):
    """espeak-ng is not installed (or failed): the call is shown without sound."""


def espeak() -> str | None:
    """The espeak-ng program, if installed."""
    return shutil.which("espeak-ng")


def has_voice() -> bool:
    """Whether spoken calls can be made on this server."""
    return espeak() is not None


def spoken_text(label: str, counter_number: int) -> str:
    """`Mời số A, không, một, hai, ba, đến quầy số 5`: letters as letters, digits one by one."""
    letters = "".join(ch for ch in label if not ch.isdigit())
    digits = ", ".join(DIGITS[int(ch)] for ch in label if ch.isdigit())
    number = f"{letters}, {digits}" if letters else digits
    return f"Mời số {number}, đến quầy số {counter_number}"


def announcement_wav(label: str, counter_number: int) -> bytes:
    """The spoken call as a WAV file; raises `VoiceUnavailableError` without espeak-ng."""
    program = espeak()
    if program is None:
        raise VoiceUnavailableError("Máy chủ chưa cài espeak-ng: bảng gọi số hiển thị không tiếng.")
    return _render(program, spoken_text(label, counter_number))


@functools.lru_cache(maxsize=128)
def _render(program: str, text: str) -> bytes:
    # A file rather than --stdout: espeak-ng cannot fill in the WAV sizes on a pipe.
    with tempfile.TemporaryDirectory(prefix="motcua-voice-") as folder:
        target = Path(folder) / "call.wav"
        try:
            subprocess.run(  # noqa: S603 (fixed program and arguments; the text is ours)
                [program, "-v", VOICE, "-s", str(WORDS_PER_MINUTE), "-w", str(target), text],
                check=True,
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
            )
        except (OSError, subprocess.SubprocessError) as error:
            raise VoiceUnavailableError(f"espeak-ng không đọc được lời gọi: {error}") from error
        return target.read_bytes()
