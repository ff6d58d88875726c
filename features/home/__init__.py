"""The home page: what the app is for, the path learn -> try -> decide, self-study and workshop use."""
