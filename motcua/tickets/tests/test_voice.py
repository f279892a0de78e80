"""Spoken calls: a WAV with espeak-ng where installed; the board goes silent without it."""

import shutil

import pytest

from motcua.tickets import voice


def test_the_call_reads_letters_then_each_digit():
    assert voice.spoken_text("A0123", 5) == "Mời số A, không, một, hai, ba, đến quầy số 5"


def test_without_espeak_ng_there_is_no_voice(monkeypatch):
    monkeypatch.setattr("motcua.tickets.voice.shutil.which", lambda name: None)

    assert not voice.has_voice()
    with pytest.raises(voice.VoiceUnavailableError, match="chưa cài espeak-ng"):
        voice.announcement_wav("A0001", 5)


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (make browser installs it); the board is silent here",
)
def test_espeak_ng_makes_a_wav_of_the_call():
    wav = voice.announcement_wav("B0042", 3)

    assert wav[:4] == b"RIFF"
    assert wav[8:12] == b"WAVE"
    # The sizes are filled in (espeak-ng writes a file, not a pipe) and it lasts over a second.
    assert int.from_bytes(wav[4:8], "little") == len(wav) - 8
    assert len(wav) > 22050
