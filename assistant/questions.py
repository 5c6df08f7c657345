"""The question set: its schema (one ``Question`` per item) and its loader, whose errors name the
item and the field. The set itself is data: ``tests/questions.yaml`` (dev split) and
``tests/questions_test.yaml`` (held out), in the repository, not the installed package."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import field_path

DEFAULT_QUESTIONS = Path(__file__).resolve().parent.parent / "tests" / "questions.yaml"  # the dev split
TEST_QUESTIONS = DEFAULT_QUESTIONS.with_name("questions_test.yaml")  # the held-out test split


class Question(BaseModel):
    """One item of the question set (see the schema at the top of tests/questions.yaml)."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    category: str = Field(min_length=1)
    split: Literal["dev", "test"] = "dev"
    question: str = Field(min_length=1)
    history: list[str] = Field(default_factory=list)
    answerable: bool
    frameworks: list[str] = Field(default_factory=list)
    must_contain: list[str | list[str]] = Field(default_factory=list)
    gold: list[str] = Field(default_factory=list)
    expect_note: bool = False
    covered: bool = True
    lead: list[str | list[str]] = Field(default_factory=list)
    must_not_contain: list[str] = Field(default_factory=list)
    known_failure: str | None = None

    @field_validator("must_contain", "lead")
    @classmethod
    def _no_empty_terms(cls, value: list[str | list[str]]) -> list[str | list[str]]:
        for item in value:
            terms = [item] if isinstance(item, str) else item
            if not terms or any(not str(t).strip() for t in terms):
                raise ValueError("every term (and every 'any of' list) must be non-empty")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.answerable and self.covered and not self.gold:
            raise ValueError("an answerable question needs 'gold' phrases (its supporting evidence)")
        if not self.answerable and (self.gold or self.frameworks or self.expect_note):
            raise ValueError("an out-of-scope question (answerable: false) has no gold, frameworks or expect_note")
        return self


class QuestionFileError(ValueError):
    """The question file is missing, not YAML, or an item breaks the schema."""


def load_questions(path: Path | str) -> list[Question]:
    """Read and validate a question file; errors name the item (index and id) and the field."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise QuestionFileError(f"question file {path} does not exist") from e
    except yaml.YAMLError as e:
        raise QuestionFileError(f"{path} is not valid YAML: {e}") from e
    if not isinstance(raw, list) or not raw:
        raise QuestionFileError(f"{path} must hold a non-empty YAML list of questions, got {type(raw).__name__}")
    questions: list[Question] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        label = f"{path}: item {i}" + (f" (id {item.get('id')!r})" if isinstance(item, dict) and "id" in item else "")
        if not isinstance(item, dict):
            raise QuestionFileError(f"{label} is a {type(item).__name__}; expected a mapping")
        try:
            q = Question.model_validate(item)
        except ValidationError as e:
            problems = "; ".join(f"field '{field_path(err['loc'])}': {err['msg']}" for err in e.errors())
            raise QuestionFileError(f"{label}: {problems}") from e
        if q.id in seen:
            raise QuestionFileError(f"{label}: duplicate id {q.id!r}")
        seen.add(q.id)
        questions.append(q)
    return questions
