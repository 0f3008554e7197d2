return 40 + 2, "two"
