"""Scope tests of the survey pages added after tests/registry/test_views.py's list."""

SCOPE_PROVEN = {
    "surveys:new": "surveys/test_setup_views: test_only_the_city_reaches_the_pages_that_set_a_survey_up",
    "surveys:edit": "surveys/test_setup_views: test_only_the_city_reaches_the_pages_that_set_a_survey_up",
    "surveys:close": "surveys/test_setup_views: test_only_the_city_reaches_the_pages_that_set_a_survey_up",
}
