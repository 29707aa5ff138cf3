"""Stage 1, content: front matter, the schema of what editors write, the only loader, editorial warnings."""
