"""Stage 4, render: records and the graph through Jinja into HTML pages; sanitising; how-to-cite blocks."""
