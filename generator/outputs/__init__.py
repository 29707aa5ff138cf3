"""Side outputs: files written beside the pages (search index, graph, feeds, figures, explorer, tags)."""
