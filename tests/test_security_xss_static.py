"""A wiki full of XSS payloads (tests/fixtures/xss-wiki) builds, and no page it produces can run a script of its
own: every <script> is one of ours, no element has an event handler, no URL has an unsafe scheme, no dangerous
element survives, and every JSON island is inert. (tests/browser/test_security_xss.py loads the pages in chromium.)
Unsafe URLs written as Markdown links are refused by check; here we also show they cannot render if check is skipped.
"""

from __future__ import annotations

import json
import re
import xml.dom.minidom
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build
from generator.markdown.dialect import make_markdown, parse_body, render_body
from generator.problems import Problems
from generator.markdown.safeurls import unsafe_scheme
from generator.render.sanitize import Sanitizer

DANGEROUS_ELEMENTS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "template", "textarea",
                      "select", "portal"}
# Form controls that our own templates put on a page (never from content, whose HTML the sanitiser strips of them).
TEMPLATE_CONTROLS = {"explorer/index.html": {"select"}}  # the explorer's model picker
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background", "data", "cite"}
OUR_SCRIPT = re.compile(r"^(\.\./)*/?static/(vendor/)?[\w.-]+\.js$")  # ours, and the libraries we ship


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self.in_script: dict | None = None
        self.script_text: list[str] = []
        self.depth_in_svg_or_math = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES and value and unsafe_scheme(value, entities=True):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and not re.fullmatch(r"\s*text-align:\s*\w+;?\s*", value):
                self.findings.append(f"<{tag} style={value!r}>")
            if name == "srcdoc":
                self.findings.append(f"<{tag} srcdoc>")
        if tag in DANGEROUS_ELEMENTS:
            self.findings.append(f"<{tag}>")
        if tag == "form" and attributes.get("action", "").startswith(("http:", "https:", "//")):
            self.findings.append(f"<form action={attributes['action']!r}>")  # the templates' search form is local
        if "autofocus" in attributes:
            self.findings.append(f"<{tag} autofocus>")
        if tag == "meta" and "http-equiv" in attributes:
            self.findings.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        if tag == "link" and re.match(r"^(https?:)?//", attributes.get("href") or "") and \
                attributes.get("rel") not in ("canonical", "alternate", "license"):
            self.findings.append(f"<link rel={attributes.get('rel')!r} href={attributes.get('href')!r}>")
        if tag == "style":
            self.findings.append("<style>")
        if tag == "script":
            self.in_script = attributes
            self.script_text = []

    def handle_data(self, data):
        if self.in_script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self.in_script is not None:
            self._judge_script(self.in_script, "".join(self.script_text))
            self.in_script = None

    def _judge_script(self, attributes: dict, text: str) -> None:
        if attributes.get("src"):
            if not OUR_SCRIPT.match(attributes["src"]) or text.strip():
                self.findings.append(f"<script src={attributes['src']!r}>")
        elif attributes.get("type") in ("application/ld+json", "application/json"):
            json.loads(text)  # data, and well-formed
            if "<" in text:
                self.findings.append("a '<' inside a JSON script element")
        elif "__xss" in text or "policywiki-theme" not in text:
            self.findings.append(f"inline <script> {text[:60]!r}")


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("xss") / "site"
    checked = build(FIXTURES / "xss-wiki", TEMPLATES, out)
    assert "xss-payloads" in {a.slug for a in checked.corpus.articles}
    return out


def test_the_xss_wiki_builds_every_page(xss_site):
    assert (xss_site / "wiki" / "xss-payloads" / "index.html").is_file()
    assert len(list(xss_site.rglob("*.html"))) >= 10


def test_no_page_carries_a_script_handler_unsafe_url_or_dangerous_element(xss_site):
    findings = {}
    for page in sorted(xss_site.rglob("*.html")):
        audit = PageAudit()
        audit.feed(page.read_text(encoding="utf-8"))
        audit.close()
        name = str(page.relative_to(xss_site))
        found = [f for f in audit.findings if f.strip("<>") not in TEMPLATE_CONTROLS.get(name, set())]
        if found:
            findings[name] = found
    assert findings == {}


def test_payloads_in_fields_are_shown_as_text(xss_site):
    html = (xss_site / "wiki" / "xss-payloads" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss(&#39;title&#39;)&lt;/script&gt; Payloads" in html  # the title, escaped
    assert "<script>window.__xss" not in html
    assert ">&lt;img src=x onerror=\"window.__xss('wikilink text')\"&gt;</a>" in html  # link text


def test_side_outputs_stay_well_formed_data(xss_site):
    for path in list(xss_site.rglob("*.json")):  # the search index too
        json.loads(path.read_text(encoding="utf-8"))
    for path in list(xss_site.rglob("*.xml")):
        xml.dom.minidom.parse(str(path))  # the feed and sitemap: titles escaped, not markup


@pytest.mark.parametrize("source", [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD4=)",
    "<javascript:alert(1)>",
    "[x](vbscript:msgbox(1))",
    '<a href="&#106;avascript:alert(1)">x</a>',
    "[x][r]\n\n[r]: javascript:alert(1)",
])
def test_an_unsafe_url_is_an_error_and_cannot_render_even_unchecked(source):
    md = make_markdown()
    problems = Problems()
    parse_body(md, source + "\n", "a.md", 7, {"problems": problems})
    assert [p.line for p in problems.items] == [7] and "unsafe URL" in problems.items[0].message
    unchecked = parse_body(md, source + "\n", "a.md", 7, {})
    html = Sanitizer().clean(render_body(md, unchecked, {}))
    assert not re.search(r"(href|src)=\"\s*(javascript|vbscript|data):", html, re.IGNORECASE), html
    assert "&#106;avascript" not in html
