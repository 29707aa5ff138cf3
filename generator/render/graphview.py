"""Graph view: the wiki's links drawn as SVG at build time, and graph.json for reuse.

- `/graph/`: every article (in a wiki of more than PICTURE_LIMIT, the PICTURE_LIMIT most connected), laid out
  by NetworkX's spring layout with a fixed seed (same content, same picture), nodes linking to their pages,
  edges styled by type and explained in a legend, and the same connections as a list for readers who do not
  use the picture.
- The local graph on each article: its neighbours (one typed edge away, in either direction, from
  `WikiGraph.neighbours`) as a list of links carrying the lines among them, which static/graph.js draws as a
  graph (without graph.json: an article page's cost does not grow with the wiki).
- `graph.json`: articles and references as nodes, every typed edge (related, uses, discusses, links, cites).

Between two articles the picture draws one line, of the most specific type (related > uses > discusses
> links); graph.json keeps them all.

Every article page lists its local graph, so that path reads NetworkX's adjacency dicts directly (its views
cost several times more) and joins strings.
"""

from __future__ import annotations

import json
import posixpath
from functools import lru_cache
from html import escape
from json.encoder import encode_basestring

import networkx as nx
from markupsafe import Markup
from markupsafe import escape as markup_escape

from generator.kinds import KINDS
from generator.link import EDGE_TYPES, WikiGraph
from generator.render.pages import Page, article_path, output_file, relative_url

GRAPH_PATH = "graph/"
SEED = 7
EDGE_PRIORITY = ("related", "uses", "discusses", "links")
EDGE_LABELS = {
    "related": "related concepts (listed in front matter)",
    "uses": "an instrument relies on a concept",
    "discusses": "a topic discusses a concept",
    "links": "a link in the article text",
}
KIND_LABELS = {kind.name: kind.label for kind in KINDS}
_RANK = {edge_type: index for index, edge_type in enumerate(EDGE_PRIORITY)}  # lower: more specific


# A larger wiki's global picture, and its list, show only this many articles: those with the most connections.
# Thousands of labels make no readable picture (at 10,000 articles the page was 30 MB, most of it the list),
# and a spring layout costs O(N²) per iteration (0.4 s at 150 nodes, 1.8 s at 400; NetworkX needs SciPy past
# 500). Every article's page draws its own neighbours, and graph.json keeps every article and edge.
PICTURE_LIMIT = 150


def article_edges(wiki: WikiGraph, nodes: set[str] | None = None) -> dict[tuple[str, str], str]:
    """One edge per unordered pair of articles, typed by the most specific relation between them, sorted.
    Only the edges among `nodes` when given (found through their own outgoing edges: a page's local graph
    must not cost a walk of the whole wiki)."""
    articles, rank, none = wiki.articles, _RANK, len(_RANK)
    # NetworkX's own adjacency dicts (node → neighbour → key → data): its views cost several times more.
    succ = wiki.graph._succ
    targets = articles if nodes is None else {node for node in nodes if node in articles}
    best: dict[tuple[str, str], int] = {}
    for source in targets:
        for target, keyed in succ.get(source, {}).items():
            if target not in targets or target == source:
                continue
            if len(keyed) == 1:  # the usual case: one type of edge between the two
                top = rank.get(next(iter(keyed)), none)
            else:
                top = min([rank[key] for key in keyed if key in rank], default=none)
            pair = (source, target) if source < target else (target, source)
            if top < best.get(pair, none):
                best[pair] = top
    return {pair: EDGE_PRIORITY[top] for pair, top in sorted(best.items())}


def drawn_articles(wiki: WikiGraph) -> list[str]:
    """The articles the global picture shows, in slug order: every one, or in a wiki of more than PICTURE_LIMIT
    the PICTURE_LIMIT connected to the most others (by a drawn edge, in either direction), ties broken by slug.
    Made from the slugs and edges alone: kept in `wiki.edge_memo`."""
    drawn = wiki.edge_memo.get("drawn articles")
    if drawn is None:
        drawn = wiki.edge_memo["drawn articles"] = _most_connected(wiki)
    return drawn


def _most_connected(wiki: WikiGraph) -> list[str]:
    articles = wiki.articles
    if len(articles) <= PICTURE_LIMIT:
        return sorted(articles)
    others: dict[str, set[str]] = {slug: set() for slug in articles}
    drawn_types = _RANK.keys()
    for source, targets in wiki.graph._succ.items():  # NetworkX's adjacency dicts, as in article_edges
        mine = others.get(source)
        if mine is None:  # a reference
            continue
        for target, keyed in targets.items():
            if target in others and target != source and not drawn_types.isdisjoint(keyed):
                mine.add(target)
                others[target].add(source)
    ranked = sorted(articles, key=lambda slug: (-len(others[slug]), slug))
    return sorted(ranked[:PICTURE_LIMIT])


def global_picture(wiki: WikiGraph) -> tuple[dict[str, tuple[float, float]], dict[tuple[str, str], str]]:
    """The global picture: its articles' positions in a unit square and the edges among them (article_edges).
    Spring layout with a fixed seed on sorted input: the same wiki gives the same picture. Made from the slugs
    and edges alone: kept in `wiki.edge_memo`, so a check saved for later builds carries it."""
    picture = wiki.edge_memo.get("global picture")
    if picture is None:
        picture = wiki.edge_memo["global picture"] = _laid_out(wiki)
    return picture


def _laid_out(wiki: WikiGraph) -> tuple[dict[str, tuple[float, float]], dict[tuple[str, str], str]]:
    nodes = drawn_articles(wiki)
    edges = article_edges(wiki, set(nodes) if len(nodes) < len(wiki.articles) else None)
    shape = (tuple(nodes), tuple(edges))
    if _LAST_LAYOUT.get("shape") != shape:
        graph = nx.Graph()
        graph.add_nodes_from(nodes)
        graph.add_edges_from(edges)
        _LAST_LAYOUT.update(shape=shape, positions=_normalise(nx.spring_layout(graph, seed=SEED, iterations=200)))
    return _LAST_LAYOUT["positions"], edges


# The last layout and the nodes and edges it was made from: a process that checks the whole wiki again (serve,
# after an edit its check of edited articles does not take) reuses it while the edges are the same.
_LAST_LAYOUT: dict = {}


def _neighbours(wiki: WikiGraph, slug: str) -> list[str]:
    """wiki.neighbours(slug), from NetworkX's adjacency dicts rather than its views."""
    succ, pred, articles = wiki.graph._succ, wiki.graph._pred, wiki.articles
    if slug not in succ:
        return wiki.neighbours(slug)
    return sorted(n for n in {*succ[slug], *pred[slug]} if n in articles and n != slug)


def _point_text(x: float, y: float, width: int, height: int) -> tuple[str, str, str]:
    margin_x, margin_y = 110, 40
    px, py = round(margin_x + x * (width - 2 * margin_x), 1), round(margin_y + y * (height - 2 * margin_y), 1)
    return f"{px}", f"{py}", f"{round(py - 12, 1)}"


def _normalise(positions: dict) -> dict[str, tuple[float, float]]:
    if not positions:  # a wiki with no articles yet
        return {}
    xs = [float(p[0]) for p in positions.values()]
    ys = [float(p[1]) for p in positions.values()]
    min_x, min_y = min(xs), min(ys)  # once, not once per node (that was quadratic in the number of nodes)
    span_x = (max(xs) - min_x) or 1.0
    span_y = (max(ys) - min_y) or 1.0
    return {node: (round((float(p[0]) - min_x) / span_x, 4), round((float(p[1]) - min_y) / span_y, 4))
            for node, p in sorted(positions.items())}


def graph_svg(wiki: WikiGraph, positions: dict[str, tuple[float, float]], edges: dict[tuple[str, str], str],
              page_path: str, svg_id: str, title: str, description: str, current: str | None = None,
              width: int = 960, height: int = 640) -> Markup:
    """An SVG drawing: typed edges as lines, nodes as links with text labels; title and desc for screen readers."""
    points = {node: _point_text(x, y, width, height) for node, (x, y) in positions.items()}
    return _svg(_node_texts(wiki, points), points, edges, page_path, svg_id, title, description, current, width,
                height)


def _node_texts(wiki: WikiGraph, nodes) -> dict[str, tuple[str, str, str]]:
    """Node → (escaped title, kind, escaped slug), what the SVG prints of each article."""
    articles = wiki.articles
    return {node: (escape(articles[node].title), articles[node].kind, escape(node)) for node in nodes}


def _svg(nodes: dict[str, tuple[str, str, str]], points: dict[str, tuple[str, str, str]],
         edges: dict[tuple[str, str], str], page_path: str, svg_id: str, title: str, description: str,
         current: str | None, width: int, height: int) -> Markup:
    """graph_svg from formatted points (node → x, y, label y), in the order of `points`."""
    parts = [f'<svg class="graph-svg" id="{svg_id}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-labelledby="{svg_id}-title {svg_id}-desc">'
             f'<title id="{svg_id}-title">{escape(title)}</title>'
             f'<desc id="{svg_id}-desc">{escape(description)}</desc><g class="edges">']
    for (source, target), edge_type in edges.items():
        x1, y1, _ = points[source]
        x2, y2, _ = points[target]
        parts.append(f'<line class="edge edge-{edge_type}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"/>')
    parts.append('</g><g class="nodes">')
    href_prefix, own = _href_prefix(page_path)
    for node, (x, y, label_y) in points.items():
        label, kind, data_slug = nodes[node]
        if node == current:
            parts.append(f'<g class="node node-{kind} node-current"><circle class="node-mark" cx="{x}" cy="{y}" r="9"/>'
                         f'<text x="{x}" y="{label_y}" text-anchor="middle">{label}</text></g>')
        else:
            if href_prefix is None or node == own or not _plain_slug(node):
                href = escape(relative_url(page_path, article_path(node)))
            else:  # the same link, from the prefix every article shares on this page (escaping is per character)
                href = f"{href_prefix}{data_slug}/index.html"
            parts.append(f'<a class="node node-{kind}" href="{href}" data-slug="{data_slug}">'
                         f'<circle class="node-mark" cx="{x}" cy="{y}" r="6"/>'
                         f'<text x="{x}" y="{label_y}" text-anchor="middle">{label}</text></a>')
    parts.append("</g></svg>")
    return Markup("".join(parts))


def _href_prefix(page_path: str) -> tuple[str | None, str | None]:
    """What relative_url(page_path, article_path(slug)) puts before "<slug>/index.html" for every slug but
    `own` (the article whose folder holds the page, if any); (None, None) when the page's path is unusual."""
    start = posixpath.dirname(output_file(page_path))
    parts = start.split("/") if start else []
    if start.startswith("/") or {"", ".", ".."} & set(parts):
        return None, None
    if parts and parts[0] == "wiki":
        return "../" * (len(parts) - 1), parts[1] if len(parts) > 1 else None
    return "../" * len(parts) + "wiki/", None


def _plain_slug(slug: str) -> bool:
    return bool(slug) and slug not in (".", "..") and "/" not in slug and "#" not in slug


def local_graph(wiki: WikiGraph, slug: str, page_path: str) -> dict | None:
    """Context for templates/partials/graph.html: the article's neighbours as a list of links, each with its kind,
    its connection to the article and its lines to the others listed (`data-lines`, below), and the edge types
    among them (for the legend). static/graph.js draws the list as the explorable local graph from that alone;
    without a script the list is the local graph. (An SVG per page cost 20 KB and more on a well-connected
    article; fetching graph.json on every article page costs a download and a parse that grow with the wiki.)

    `data-lines` holds each line among the neighbours once, on the end whose slug sorts first, as
    "<other slug>:<type>" separated by spaces (slugs are [a-z0-9-]); absent when it has none."""
    neighbours = _neighbours(wiki, slug)
    if not neighbours:
        return None
    nodes = {slug, *neighbours}
    edges = article_edges(wiki, nodes)
    to_article, lines = {}, {}
    for (a, b), edge_type in edges.items():  # (a, b) sorted: a < b
        if slug in (a, b):
            to_article[a if b == slug else b] = edge_type
        else:
            lines.setdefault(a, []).append(f"{b}:{edge_type}")
    texts = _node_texts(wiki, neighbours)
    href_prefix, own = _href_prefix(page_path)
    items = []
    for node in sorted(neighbours, key=lambda n: (wiki.articles[n].title.casefold(), n)):
        label, kind, data_slug = texts[node]
        if href_prefix is None or node == own or not _plain_slug(node):
            href = escape(relative_url(page_path, article_path(node)))
        else:  # the same link, from the prefix every article shares on this page (escaping is per character)
            href = f"{href_prefix}{data_slug}/index.html"
        edge_type = to_article.get(node, "links")
        mine = lines.get(node)
        data_lines = f' data-lines="{escape(" ".join(mine))}"' if mine else ""
        items.append(f'<li><a href="{href}" data-slug="{data_slug}" data-kind="{kind}" data-type="{edge_type}"'
                     f'{data_lines}>{label}</a> <span class="graph-kind">({kind}, {edge_type})</span></li>')
    count = len(neighbours)
    return {"list": Markup("".join(items)), "count": count, "legend": legend(edges),
            "graph_url": relative_url(page_path, GRAPH_PATH),
            "slug": slug, "title": wiki.title(slug), "kind": wiki.articles[slug].kind}


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
    edges = [{"source": s, "target": t, "type": k} for s, targets in wiki.graph._succ.items()
             for t, keyed in targets.items() for k in keyed if k in EDGE_TYPES]
    edges.sort(key=lambda e: (e["source"], e["target"], e["type"]))
    return {"nodes": nodes, "edges": edges, "edge_types": list(EDGE_TYPES)}


def graph_json_edges(wiki: WikiGraph) -> str:
    """graph.json's edges, encoded: made from the slugs and edges alone, kept in `wiki.edge_memo`."""
    edges = wiki.edge_memo.get("graph.json edges")
    if edges is None:
        edges = wiki.edge_memo["graph.json edges"] = _edges_json(wiki)
    return edges


def fill_edge_memo(wiki: WikiGraph) -> None:
    """Make every view that `wiki.edge_memo` keeps (for a check saved for later builds: saved_check.py)."""
    global_picture(wiki)
    graph_json_edges(wiki)
    wiki.citing("")


def graph_json(wiki: WikiGraph) -> str:
    """graph.json: json.dumps(graph_data(wiki), ensure_ascii=False, indent=1, sort_keys=True), byte for byte,
    written directly: with `indent` the standard library uses its pure-Python encoder (seconds at 10,000
    articles). The edges come from the slugs and edges alone, and are kept in `wiki.edge_memo`; each node's
    text is kept by its fields (`_node_json`): after a title edit, serve encodes one node again."""
    articles = wiki.articles
    nodes = []
    for node, data in sorted(wiki.graph._node.items()):  # NetworkX's node → attributes dict
        if node in articles:
            article = articles[node]
            nodes.append(_node_json(node, (("kind", article.kind), ("title", article.title), ("type", "article"),
                                           ("url", article_path(node)))))
        else:
            key = data.get("key", node.removeprefix("ref:"))
            nodes.append(_node_json(node, (("key", key), ("type", "reference"), ("url", f"references/#ref-{key}"))))
    edges = graph_json_edges(wiki)
    types = [f"  {_json(edge_type)}" for edge_type in EDGE_TYPES]
    return ('{\n "edge_types": ' + _json_array(types) + ',\n "edges": ' + edges + ',\n "nodes": '
            + _json_array(nodes) + "\n}")


@lru_cache(maxsize=1 << 16)
def _node_json(node: str, fields: tuple[tuple[str, str], ...]) -> str:
    return '  {\n   "id": ' + _json(node) + "".join(f',\n   "{field}": {_json(value)}' for field, value in fields) + "\n  }"


def _edges_json(wiki: WikiGraph) -> str:
    encoded: dict[str, str] = {}  # each node's name encoded once, not once per edge end
    types = {edge_type: _json(edge_type) for edge_type in EDGE_TYPES}

    def name(node: str) -> str:
        made = encoded.get(node)
        if made is None:
            made = encoded[node] = _json(node)
        return made

    return _json_array([f'  {{\n   "source": {name(s)},\n   "target": {name(t)},\n   "type": {types[k]}\n  }}'
                        for s, t, k in sorted((s, t, k) for s, targets in wiki.graph._succ.items()
                                              for t, keyed in targets.items() for k in keyed if k in types)])


def _json(value) -> str:
    return encode_basestring(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _json_array(items: list[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n ]" if items else "[]"


def graph_json_file(checked, renderer) -> list[Page]:
    """graph.json: a producer of its own, so that the build can make it alongside the page."""
    return [Page("graph.json", graph_json(renderer.wiki) + "\n")]


def graph_page(checked, renderer) -> list[Page]:
    """The /graph/ page."""
    wiki = renderer.wiki
    positions, edges = global_picture(wiki)
    shown, total = len(positions), len(wiki.articles)
    what = (f"{shown} articles and {len(edges)} connections" if shown == total else
            f"The {shown} most connected of {total:,} articles, and the {len(edges)} connections among them")
    description = (f"{what}. Each article is a labelled point linking to its page; line styles show the type "
                   "of connection (see the legend). The same connections are listed below the picture.")
    context = renderer.base_context(GRAPH_PATH, "Graph", f"How the articles of {renderer.site.title} connect")
    links = {slug: renderer.link(slug, GRAPH_PATH) for slug in positions}  # once per article, not per edge
    # Rows in title order, and in each row the other articles in the same order (edges come sorted by slug
    # pair, so a row's edges come by the other article's slug, which breaks ties between equal titles). Each
    # end is one int, its article's place in that order and its type, so that a row is sorted as plain ints.
    order = sorted(positions, key=lambda slug: (links[slug]["title"].casefold(), slug))
    place = {slug: index for index, slug in enumerate(order)}
    kinds = len(EDGE_PRIORITY)
    ends: list[list[int]] = [[] for _ in order]
    for (a, b), edge_type in edges.items():
        a_place, b_place, type_index = place[a], place[b], _RANK[edge_type]
        ends[a_place].append(b_place * kinds + type_index)
        ends[b_place].append(a_place * kinds + type_index)
    # Each row's connections as one piece of markup (Jinja would cost 25 µs for each of 166,000 at 10,000
    # articles); the escaping is Jinja's own (markupsafe), so the page is the same.
    anchors = [f'<a href="{markup_escape(links[slug]["url"])}">{markup_escape(links[slug]["title"])}</a> '
               '<span class="graph-kind">(' for slug in order]
    types = [f"{markup_escape(edge_type)})</span>" for edge_type in EDGE_PRIORITY]
    rows = [{"link": links[slug],
             "connections": Markup("; ".join([anchors[end // kinds] + types[end % kinds] for end in sorted(row)]))}
            for slug, row in zip(order, ends)]
    title = "Graph of every article" if shown == total else f"Graph of the {shown} most connected articles"
    context.update({
        "svg": graph_svg(wiki, positions, edges, GRAPH_PATH, "global-graph-svg", title, description),
        "legend": legend(edges), "kinds": KIND_LABELS, "rows": rows, "shown": shown, "total": total,
        "json_url": relative_url(GRAPH_PATH, "graph.json"), "edge_labels": EDGE_LABELS,
    })
    return [Page(GRAPH_PATH, renderer.env.get_template("graph.html").render(context))]
