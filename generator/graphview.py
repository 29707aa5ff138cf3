"""Graph view: the wiki's links drawn as SVG at build time, and graph.json for reuse.

- `/graph/`: every article, laid out by NetworkX's spring layout with a fixed seed (same content, same
  picture), nodes linking to their pages, edges styled by type and explained in a legend, and the same
  connections as a list for readers who do not use the picture.
- The local graph on each article: the article in the middle, its neighbours (one typed edge away, in
  either direction, from `WikiGraph.neighbours`) on a ring around it.
- `graph.json`: articles and references as nodes, every typed edge (related, uses, discusses, links, cites).

Between two articles the picture draws one line, of the most specific type (related > uses > discusses
> links); graph.json keeps them all.
"""

from __future__ import annotations

import json
from html import escape

import networkx as nx
from markupsafe import Markup

from generator.graph import EDGE_TYPES, WikiGraph
from generator.pages import Page, article_path, relative_url

GRAPH_PATH = "graph/"
SEED = 7
EDGE_PRIORITY = ("related", "uses", "discusses", "links")
EDGE_LABELS = {
    "related": "related concepts (listed in front matter)",
    "uses": "an instrument relies on a concept",
    "discusses": "a topic discusses a concept",
    "links": "a link in the article text",
}
KIND_LABELS = {"concept": "Concept", "instrument": "Instrument", "topic": "Topic"}


SPRING_LAYOUT_LIMIT = 400


def article_edges(wiki: WikiGraph, nodes: set[str] | None = None) -> dict[tuple[str, str], str]:
    """One edge per unordered pair of articles, typed by the most specific relation between them."""
    best: dict[tuple[str, str], str] = {}
    # Only the edges among `nodes` when given: a page's local graph must not cost a walk of the whole wiki.
    graph = wiki.graph if nodes is None else wiki.graph.subgraph(nodes)
    for source, target, edge_type in sorted(graph.edges(keys=True)):
        if edge_type not in EDGE_PRIORITY or source not in wiki.articles or target not in wiki.articles:
            continue
        if nodes is not None and (source not in nodes or target not in nodes):
            continue
        pair = (min(source, target), max(source, target))
        if pair[0] == pair[1]:
            continue
        if pair not in best or EDGE_PRIORITY.index(edge_type) < EDGE_PRIORITY.index(best[pair]):
            best[pair] = edge_type
    return dict(sorted(best.items()))


def global_layout(wiki: WikiGraph) -> dict[str, tuple[float, float]]:
    """Spring layout of all articles in a unit square; deterministic (sorted input, fixed seed)."""
    graph = nx.Graph()
    graph.add_nodes_from(sorted(wiki.articles))
    graph.add_edges_from(article_edges(wiki))
    # A spring layout costs O(N²) per iteration (and needs scipy past 500 nodes): large wikis get a circle.
    if graph.number_of_nodes() > SPRING_LAYOUT_LIMIT:
        return _normalise(nx.circular_layout(graph))
    positions = nx.spring_layout(graph, seed=SEED, iterations=200)
    return _normalise(positions)


def local_layout(wiki: WikiGraph, slug: str) -> dict[str, tuple[float, float]]:
    """The article at the centre, its neighbours on a ring (NetworkX shell layout)."""
    neighbours = wiki.neighbours(slug)
    if not neighbours:
        return {slug: (0.5, 0.5)}
    ring = nx.Graph()
    ring.add_nodes_from([slug, *neighbours])
    return _normalise(nx.shell_layout(ring, nlist=[[slug], neighbours]))


def _normalise(positions: dict) -> dict[str, tuple[float, float]]:
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    return {node: (round((float(p[0]) - min(xs)) / span_x, 4), round((float(p[1]) - min(ys)) / span_y, 4))
            for node, p in sorted(positions.items())}


def graph_svg(wiki: WikiGraph, positions: dict[str, tuple[float, float]], edges: dict[tuple[str, str], str],
              page_path: str, svg_id: str, title: str, description: str, current: str | None = None,
              width: int = 960, height: int = 640) -> Markup:
    """An SVG drawing: typed edges as lines, nodes as links with text labels; title and desc for screen readers."""
    margin_x, margin_y = 110, 40

    def point(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return round(margin_x + x * (width - 2 * margin_x), 1), round(margin_y + y * (height - 2 * margin_y), 1)

    parts = [f'<svg class="graph-svg" id="{svg_id}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="{svg_id}-title {svg_id}-desc">',
             f'<title id="{svg_id}-title">{escape(title)}</title>',
             f'<desc id="{svg_id}-desc">{escape(description)}</desc>', '<g class="edges">']
    for (source, target), edge_type in edges.items():
        (x1, y1), (x2, y2) = point(source), point(target)
        parts.append(f'<line class="edge edge-{edge_type}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    parts.append('</g><g class="nodes">')
    for node in positions:
        article = wiki.articles[node]
        x, y = point(node)
        label = escape(article.title)
        shape = (f'<circle class="node-mark" cx="{x}" cy="{y}" r="{9 if node == current else 6}"/>'
                 f'<text x="{x}" y="{round(y - 12, 1)}" text-anchor="middle">{label}</text>')
        classes = f"node node-{article.kind}" + (" node-current" if node == current else "")
        if node == current:
            parts.append(f'<g class="{classes}">{shape}</g>')
        else:
            href = escape(relative_url(page_path, article_path(node)))
            parts.append(f'<a class="{classes}" href="{href}" data-slug="{escape(node)}">{shape}</a>')
    parts.append("</g></svg>")
    return Markup("".join(parts))


def local_graph(wiki: WikiGraph, slug: str, page_path: str) -> dict | None:
    """Context for templates/partials/graph.html: the SVG and the edge types it uses (for the legend)."""
    neighbours = wiki.neighbours(slug)
    if not neighbours:
        return None
    positions = local_layout(wiki, slug)
    edges = article_edges(wiki, set(positions))
    title = wiki.title(slug)
    description = (f"{title} and the {len(neighbours)} article{'s' if len(neighbours) != 1 else ''} "
                   f"one link away: " + ", ".join(wiki.title(n) for n in neighbours) + ".")
    svg = graph_svg(wiki, positions, edges, page_path, "local-graph-svg", f"Local graph of {title}", description,
                    current=slug, width=640, height=420)
    return {"svg": svg, "legend": legend(edges), "graph_url": relative_url(page_path, GRAPH_PATH)}


def legend(edges: dict[tuple[str, str], str]) -> list[dict]:
    used = set(edges.values())
    return [{"type": t, "label": EDGE_LABELS[t]} for t in EDGE_PRIORITY if t in used]


def graph_data(wiki: WikiGraph) -> dict:
    """graph.json: every node (articles and references) and every typed edge, sorted."""
    nodes = []
    for node, data in sorted(wiki.graph.nodes(data=True)):
        if node in wiki.articles:
            article = wiki.articles[node]
            nodes.append({"id": node, "type": "article", "kind": article.kind, "title": article.title,
                          "url": article_path(node)})
        else:
            nodes.append({"id": node, "type": "reference", "key": data.get("key", node.removeprefix("ref:")),
                          "url": f"references/#ref-{data.get('key', node.removeprefix('ref:'))}"})
    edges = [{"source": s, "target": t, "type": k} for s, t, k in sorted(wiki.graph.edges(keys=True))
             if k in EDGE_TYPES]
    return {"nodes": nodes, "edges": edges, "edge_types": list(EDGE_TYPES)}


def graph_pages(checked, renderer) -> list[Page]:
    """The /graph/ page and graph.json."""
    wiki = renderer.wiki
    positions = global_layout(wiki)
    edges = article_edges(wiki)
    description = (f"{len(positions)} articles and {len(edges)} connections. Each article is a labelled point "
                   "linking to its page; line styles show the type of connection (see the legend). "
                   "The same connections are listed below the picture.")
    context = renderer.base_context(GRAPH_PATH, "Graph", f"How the articles of {renderer.site.title} connect")
    rows = []
    by_slug: dict[str, list[tuple[str, str]]] = {}  # one pass over the edges, not one per article
    for (a, b), edge_type in edges.items():
        by_slug.setdefault(a, []).append((b, edge_type))
        by_slug.setdefault(b, []).append((a, edge_type))
    for slug in sorted(wiki.articles, key=lambda s: (wiki.title(s).casefold(), s)):
        connections = [{"link": renderer.link(other, GRAPH_PATH), "type": edge_type}
                       for other, edge_type in by_slug.get(slug, [])]
        rows.append({"link": renderer.link(slug, GRAPH_PATH),
                     "connections": sorted(connections, key=lambda c: c["link"]["title"].casefold())})
    context.update({
        "svg": graph_svg(wiki, positions, edges, GRAPH_PATH, "global-graph-svg", "Graph of every article",
                         description),
        "legend": legend(edges), "kinds": KIND_LABELS, "rows": rows,
        "json_url": relative_url(GRAPH_PATH, "graph.json"), "edge_labels": EDGE_LABELS,
    })
    data = json.dumps(graph_data(wiki), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return [Page(GRAPH_PATH, renderer.env.get_template("graph.html").render(context)), Page("graph.json", data)]
