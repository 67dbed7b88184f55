SCOPE_PROVEN = {
    "notifications:inbox": "notifications: test_the_inbox_shows_ones_own_messages_and_marks_them_read",
    "notifications:read": "notifications: test_the_inbox_shows_ones_own_messages_and_marks_them_read",
    "notifications:read_all": "notifications: test_read_all_marks_only_ones_own",
    "notifications:settings": "notifications: test_email_choices_are_saved_per_user",
}
