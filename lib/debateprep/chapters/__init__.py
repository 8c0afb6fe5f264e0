"""What the chapters show: briefing text, tables, charts, citations, and one module a chapter."""
