SCOPE_PROVEN = {
    "home": "home: test_a_county_officers_home_counts_only_their_county",
}
