"""A page every browser test visits: its URL, who signs in, and what to do before checking it."""

from dataclasses import dataclass, field

from django.urls import reverse


@dataclass
class Page:
    key: str
    url_name: str
    user: str | None
    args: tuple = ()
    prepare: object = None  # a function(page) run after loading, e.g. to submit a bad form
    kwargs: dict = field(default_factory=dict)

    def url(self) -> str:
        return reverse(self.url_name, args=[a() if callable(a) else a for a in self.args])


def submit_empty(page) -> None:
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").first.click()
