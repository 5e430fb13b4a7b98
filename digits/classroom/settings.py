"""The teacher's Practice settings for the whole class, as stored: JSON, checked on the way back."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields

from digits.lesson.formation import Convention
from digits.lesson.games import GameConfig
from digits.lesson.teacher import TeacherSettings

SETTINGS_CHARS = 4096  # the JSON is about 300 characters; anything longer was not written by us


@dataclass(frozen=True)
class ClassSettings:
    """What every tablet's Practice follows: the round's settings, and whether drawings are collected."""

    practice: TeacherSettings = TeacherSettings()
    collect: bool = False  # keep the children's drawings for the class set
    adaptive: bool = True  # each child's round chosen from their own record (lesson/adaptive.py)
    network: str = ""  # the sha256 of the network the teacher offers the tablets ("": none offered)

    def to_json(self) -> str:
        data = {"practice": asdict(self.practice), "collect": self.collect, "adaptive": self.adaptive}
        data["network"] = self.network
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ClassSettings:
        """Settings from their JSON; ValueError (one line) if it is not settings we wrote. A field the
        JSON lacks (written by an older app) keeps its default, one it has that we lack is left out."""
        if not isinstance(text, str) or len(text) > SETTINGS_CHARS:
            raise ValueError("The class's settings are not readable.")
        try:
            data = json.loads(text)
            p = data.get("practice", {})
            given = _known(TeacherSettings, p)
            if "digits" in given:
                given["digits"] = tuple(given["digits"])
            if "convention" in given:
                given["convention"] = Convention(**_known(Convention, given["convention"]))
            if "games" in given:
                games = {k: tuple(v) if isinstance(v, list) else v for k, v in given["games"].items()}
                given["games"] = GameConfig(**_known(GameConfig, games))
            adaptive = bool(data.get("adaptive", True))  # a class started before the switch adapts too
            network = data.get("network", "")
            network = network if isinstance(network, str) and len(network) <= 64 and network.isalnum() else ""
            return cls(TeacherSettings(**given), bool(data.get("collect", False)), adaptive, network)
        except (TypeError, AttributeError, json.JSONDecodeError) as error:
            raise ValueError(f"The class's settings are not readable ({type(error).__name__}).") from None


def _known(kind, given) -> dict:
    """The entries of `given` that are fields of the dataclass `kind`."""
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in dict(given).items() if k in names}
