"""The teacher's Practice settings for the whole class, as stored: JSON, checked on the way back."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from digits.lesson.formation import Convention
from digits.lesson.games import GameConfig
from digits.lesson.teacher import TeacherSettings

SETTINGS_CHARS = 4096  # the JSON is about 300 characters; anything longer was not written by us


@dataclass(frozen=True)
class ClassSettings:
    """What every tablet's Practice follows: the round's settings, and whether drawings are collected."""

    practice: TeacherSettings = TeacherSettings()
    collect: bool = False  # keep the children's drawings for the class set

    def to_json(self) -> str:
        return json.dumps({"practice": asdict(self.practice), "collect": self.collect}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ClassSettings:
        """Settings from their JSON; ValueError (one line) if it is not settings we wrote."""
        if not isinstance(text, str) or len(text) > SETTINGS_CHARS:
            raise ValueError("The class's settings are not readable.")
        try:
            data = json.loads(text)
            p = dict(data["practice"])
            practice = TeacherSettings(
                digits=tuple(p["digits"]),
                length=int(p["length"]),
                mode=str(p["mode"]),
                language=str(p["language"]),
                convention=Convention(**p["convention"]),
                sound=bool(p["sound"]),
                strict=bool(p["strict"]),
                games=GameConfig(
                    **{k: tuple(v) if isinstance(v, list) else v for k, v in p["games"].items()}
                ),
            )
            return cls(practice, bool(data.get("collect", False)))
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as error:
            raise ValueError(f"The class's settings are not readable ({type(error).__name__}).") from None
