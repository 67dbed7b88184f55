"""Load a standard from its JSON data file (the shipped example, or a city's own)."""

import json
from pathlib import Path

from django.db import transaction

from .constants import StandardKind
from .models import Standard
from .services.standards import create_items

DATA_DIR = Path(__file__).parent / "data"
EXAMPLE_STANDARD = DATA_DIR / "example-standard.json"
EXAMPLE_REVIEW = DATA_DIR / "example-review.json"


def load_standard_file(path: Path = EXAMPLE_STANDARD) -> Standard:
    """Create the standard version in the file unless it exists already (idempotent)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    with transaction.atomic():
        standard, created = Standard.objects.get_or_create(
            name=data["name"],
            version=data["version"],
            defaults={
                "effective_year": data["effective_year"],
                "bands": data["bands"],
                "is_example": data.get("is_example", False),
                "kind": data.get("kind", StandardKind.GRADING),
            },
        )
        if created:
            create_items(standard, data["items"])
    return standard
