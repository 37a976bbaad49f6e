"""questions.yml: the questions to ask the care team, grouped by topic, kept once.

A page shows a topic as its "Questions to ask your care team" checklist
({{ questions("tests") }}); the questions handout and the "my questions" builder show the
questions marked `handout: true`, grouped by topic; option sheets use the option catalogue's
own questions (decision-tree.yml)."""
from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from .claims import md_text
from .loading import Id, Name, Text, index_by_id, read_yaml, validate

FILE = "questions.yml"
MAX_TOPICS = 100  # the real file has 14


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    text: Text = Field(description="The question, in the reader's words, ending with '?'.")
    handout: StrictBool = Field(default=False, description="true: also on the one-page questions handout.")


class Topic(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True, str_strip_whitespace=True)
    id: Id = Field(description="Stable id; a page calls questions(\"id\").")
    title: Name = Field(description="Heading on the questions handout, e.g. 'Tests and results'.")
    questions: list[Item] = Field(min_length=5, max_length=10, description="5-10 questions.")


class QuestionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    topics: list[Topic] = Field(min_length=1, max_length=MAX_TOPICS, description="Question lists, one per topic.")


def load_questions(path: Path) -> dict[str, Topic]:
    data = validate(QuestionsFile, read_yaml(path), FILE, "topics")
    return index_by_id(data.topics, FILE, "topic")


def render_checklist(topic: Topic) -> str:
    return "\n".join(f"- [ ] {md_text(q.text)}" for q in topic.questions) + "\n"


def handout_topics(topics: dict[str, Topic]) -> list[tuple[Topic, list[Item]]]:
    return [(t, [q for q in t.questions if q.handout]) for t in topics.values() if any(q.handout for q in t.questions)]
