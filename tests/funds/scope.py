"""The funds pages added since the registry's list, each with the test that proves its scope."""

SCOPE_PROVEN = {
    "funds:programme_next": "funds/test_new_year_views: test_only_the_city_reaches_the_new_year_page",
}
