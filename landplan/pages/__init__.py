"""HTML pages: the report, the comparison page and notebook display."""
