spec bad_escape "tab\there"
