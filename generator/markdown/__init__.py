"""Stage 2, Markdown: the wiki's dialect (wiki links, citations, math, safe URLs) on markdown-it-py."""
