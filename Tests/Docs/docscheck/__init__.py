"""The docs sample checker (Tests/Docs/check_docs.py): every fenced block in the docs is verified."""
