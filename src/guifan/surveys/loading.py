"""Load a questionnaire and its tallied results from a data file (the demo's seed survey)."""

import json
from pathlib import Path

from guifan.regions.models import Region
from guifan.regions.selectors import region_index

from . import domain, services
from .models import Questionnaire

DATA_DIR = Path(__file__).parent / "data"
SEED_SURVEY = DATA_DIR / "kunming-2022-survey.json"


def survey_templates() -> dict[str, Path]:
    """The questionnaire templates shipped as data (surveys/data/*.json), by file name."""
    return {path.stem: path for path in sorted(DATA_DIR.glob("*.json"))}


def template_draft(name: str) -> domain.QuestionnaireDraft:
    return domain.draft_from_template(json.loads(survey_templates()[name].read_text(encoding="utf-8")))


def load_survey_file(*, by, programme, path: Path = SEED_SURVEY) -> Questionnaire:
    """Create the questionnaire and enter its tallies, unless a questionnaire of that title exists."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    existing = Questionnaire.objects.filter(programme=programme, title=data["title"]).first()
    if existing:
        return existing
    index = region_index()
    surveyed = Region.objects.filter(
        pk__in=[index.resolve(name).county_id for name in data["surveyed_counties"]]
    )
    questionnaire = services.questionnaire_create(
        by=by,
        programme=programme,
        title=data["title"],
        intro=data["intro"],
        preset=data["preset"],
        questions=data["questions"],
        options=[tuple(o) for o in data["options"]],
        surveyed_counties=surveyed,
    )
    keys = [key for key, _ in data["options"]]
    counts = {
        q.id: dict(zip(keys, row, strict=True))
        for q, row in zip(questionnaire.questions.order_by("number"), data["tallies"], strict=True)
    }
    services.tallies_enter(by=by, questionnaire=questionnaire, county=None, counts=counts)
    services.distribution_create(
        by=by, questionnaire=questionnaire, name="演示：共用链接（每屏一题）", one_per_screen=True
    )
    return questionnaire
