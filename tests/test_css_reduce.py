"""Material's stylesheet reduced to what the built site can use (macros/css_reduce.py, issue 21).

The unit tests check which selectors count; the site tests check the built site links only the
reduced copy. tests/test_css_reduce_screens.py checks in Chromium that no page looks or prints
differently with it."""
from __future__ import annotations

import gzip
import re

import pytest

from conftest import ROOT
from macros import css_reduce as cr


def material_css() -> str:
    folder = next((ROOT / ".venv" / "lib").glob("python3*/site-packages/material/templates/assets/stylesheets"))
    return next(p for p in folder.glob("main.*.min.css") if cr.ORIGINAL_NAME.search(p.name)).read_text(encoding="utf-8")


def vocab(html: str = "", script: str = "") -> cr.Vocabulary:
    v = cr.Vocabulary()
    v.add_html(html)
    if script:
        v.add_script(script)
    return v


class Everything(cr.Vocabulary):
    def has_class(self, name): return True
    def has_id(self, name): return True
    def has_tag(self, name): return True
    def has_attribute(self, *args): return True


def test_with_everything_known_materials_stylesheet_comes_back_as_it_was():
    css = material_css()
    # the only differences: a string's escaped "<" (\3c ) is written as the character, and a
    # line break in a value is one space
    expected = re.sub(r"\s+", " ", re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css.replace("\\3c ", "<")))
    assert cr.reduce_css(css, Everything()) == expected
    assert cr.minify_css(css) == expected


def test_minify_drops_comments_and_white_space_only():
    css = ("/* a.css */\n:root {\n  --x: 1px  2px; /* why */\n}\n\n@media screen and (max-width: 30em) {\n"
           "  .a > p,\n  .b { margin: 0 auto !important; }\n}\n@media(print){p{color:red}}\n"
           "@page { @top-center { content: \"Page \" counter(page); } }\n")
    assert cr.minify_css(css) == (':root{--x: 1px 2px;}@media screen and (max-width: 30em){.a > p,.b{margin: 0 auto !important;}}'
                                  '@media(print){p{color:red}}@page{@top-center { content: "Page " counter(page); }}')


PAGE = ('<html dir="ltr"><body><div class="md-header" id="top"><input type="checkbox" data-md-toggle="drawer">'
        '<p>x</p></div></body></html>')


@pytest.mark.parametrize("rule, kept", [
    (".md-header{a:b}", True),
    (".md-footer{a:b}", False),
    ("#top{a:b}", True),
    ("#bottom{a:b}", False),
    ("p{a:b}", True),
    ("table{a:b}", False),
    ("[dir=ltr] .md-header{a:b}", True),
    ("[dir=rtl] .md-header{a:b}", False),
    ("[type=checkbox]{a:b}", True),
    ("[type=radio]{a:b}", False),
    ("[data-md-toggle=drawer]:checked~p{a:b}", True),
    ("[data-md-toggle=search]{a:b}", False),
    ("[data-md-state]{a:b}", False),
    ("[data-md-toggle^=dr]{a:b}", True),
    (".md-header:not(.md-footer){a:b}", True),
    (".md-header:is(.md-footer,.nope){a:b}", False),
    (".md-header :is(.md-footer,p){a:b}", True),
    (".md-header:where(.nope){a:b}", False),
    ("body:has(.nope){a:b}", False),
    (".md-header:hover::before{a:b}", True),
    ("li:nth-child(2n+1){a:b}", False),
    ("p:nth-child(2n+1){a:b}", True),
    ("*{a:b}", True),
    (":root{--md-x:1}", True),
    ("@media screen{.md-footer{a:b}}", False),
    ("@media screen{@supports (x:y){.md-header{a:b}}}", True),
    ("@font-face{font-family:x}", True),
    ("@keyframes spin{0%{a:b}to{a:c}}", True),
])
def test_which_rules_are_kept(rule, kept):
    assert (cr.reduce_css(rule, vocab(PAGE)) != "") == kept, rule


def test_a_rule_keeps_only_its_selectors_that_count():
    assert cr.reduce_css(".md-footer,.md-header,p{a:b}", vocab(PAGE)) == ".md-header,p{a:b}"


def test_a_rule_with_a_vendor_pseudo_keeps_its_whole_list():
    # A browser that does not know one selector of a list drops the whole rule: the list stays as it was.
    assert cr.reduce_css(".md-footer::-moz-selection,.md-header{a:b}", vocab(PAGE)) == \
        ".md-footer::-moz-selection,.md-header{a:b}"


def test_words_of_scripts_count_as_classes_ids_tags_and_attribute_values():
    script = ('e.classList.add("md-search-result__item");x("li",{class:`md-tag--${t}`});'
              'document.body.setAttribute("data-md-state","lock");el.id="__search"')
    v = vocab(PAGE, script)
    assert cr.reduce_css(".md-search-result__item{a:b}", v)
    assert cr.reduce_css(".md-tag--red{a:b}", v)  # built at run time: the prefix counts
    assert cr.reduce_css("li{a:b}", v)
    assert cr.reduce_css("#__search{a:b}", v)
    assert cr.reduce_css("[data-md-state=lock]{a:b}", v)
    assert not cr.reduce_css("[data-md-state=blur]{a:b}", v)
    assert not cr.reduce_css(".md-search-result__more{a:b}", v)


def test_the_site_stylesheet_is_joined_without_comments_and_a_broken_one_is_named(tmp_path):
    from macros.assets import bundles
    from macros.errors import DataError
    (tmp_path / "a.css").write_text("/* about a */\np {\n  color: black;\n}\n", encoding="utf-8")
    (tmp_path / "b.css").write_text(".x { margin: 0 }\n", encoding="utf-8")
    (css,) = bundles(["a.css", "b.css"], [], tmp_path, None)
    assert css.content == "p{color: black;}.x{margin: 0}"
    (tmp_path / "b.css").write_text(".x { margin: 0 }\n\n.y color: red;\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        bundles(["a.css", "b.css"], [], tmp_path, None)
    assert e.value.file == "docs/b.css" and e.value.line == 3, e.value.message


def test_custom_properties_that_nothing_reads_are_dropped_and_the_rest_keep_their_text():
    css = (":root{--a:1;--b:var(--c);--c:url('data:x;charset=utf-8,<svg/>');--d:2;color:red}"
           ".x{width:var(--a)}@media screen{:root{--e:3}.y{--f:var(--d)}}")
    out = cr.drop_unused_properties(css, set())
    assert out == ":root{--a:1;color:red}.x{width:var(--a)}", "--b, then --c (read only by --b), --d and --f go"
    assert cr.drop_unused_properties(css, {"--b"}) == (  # tinycss2 writes a string in double quotes
        ':root{--a:1;--b:var(--c);--c:url("data:x;charset=utf-8,<svg/>");color:red}.x{width:var(--a)}')
    kept = ":root{--g:1}.z{width:var(--g)}"
    assert cr.drop_unused_properties(kept, set()) == kept, "a property that a rule reads stays"
    assert cr.drop_unused_properties(":root{--h:1}", {"--h"}) == ":root{--h:1}", "one a page or script names stays"


def test_a_property_named_by_a_script_or_page_of_the_site_stays(tmp_path):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "main.0123abcd.min.css").write_text(
        ":root{--read-by-script:1;--in-style:2;--in-site-css:3;--unread:4}.md-header{a:b}", encoding="utf-8")
    (folder / "site.0123456789.css").write_text(".page{width:var(--in-site-css)}", encoding="utf-8")
    scripts = tmp_path / "assets" / "javascripts"
    scripts.mkdir()
    (scripts / "a.js").write_text('getComputedStyle(x).getPropertyValue("--read-by-script")', encoding="utf-8")
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">'
                                         '<div class="md-header page" style="--in-style:5"></div>', encoding="utf-8")
    new = cr.reduce_site(tmp_path)["main.0123abcd.min.css"]
    assert (folder / new).read_text(encoding="utf-8") == ":root{--read-by-script:1;--in-style:2;--in-site-css:3}.md-header{a:b}"


def test_the_reduced_name_follows_the_content():
    assert re.fullmatch(r"main\.[0-9a-f]{8}\.min\.css", cr.reduced_name("a{b:c}"))
    assert cr.reduced_name("a{b:c}") != cr.reduced_name("a{b:d}")


def test_reduce_site_writes_the_copy_and_points_every_page_at_it(tmp_path):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "main.0123abcd.min.css").write_text(".md-header{a:b}.md-footer{a:b}", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    link = '<link rel="stylesheet" href="{}assets/stylesheets/main.0123abcd.min.css">'
    (tmp_path / "index.html").write_text(link.format("") + '<div class="md-header"></div>', encoding="utf-8")
    (tmp_path / "sub" / "index.html").write_text(link.format("../"), encoding="utf-8")
    ((old, new),) = cr.reduce_site(tmp_path).items()
    assert old == "main.0123abcd.min.css" and new != old
    assert (folder / new).read_text(encoding="utf-8") == ".md-header{a:b}"
    assert not (folder / old).exists()
    assert f"../assets/stylesheets/{new}" in (tmp_path / "sub" / "index.html").read_text(encoding="utf-8")
    assert f'"assets/stylesheets/{new}"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_pages_other_than_handouts_link_the_site_stylesheet_without_the_handouts_rules(tmp_path):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "site.0123456789.css").write_text(".page{a:b}.handout-lead{a:b}", encoding="utf-8")
    link = '<link rel="stylesheet" href="assets/stylesheets/site.0123456789.css">'
    (tmp_path / "index.html").write_text(link + '<p class="page"></p>', encoding="utf-8")
    (tmp_path / "h.html").write_text(link + '<div class="handout"><p class="handout-lead"></p></div>', encoding="utf-8")
    ((old, new),) = cr.reduce_site(tmp_path).items()
    assert old == "site.0123456789.css" and re.fullmatch(r"site\.[0-9a-f]{10}\.css", new) and new != old
    assert (folder / new).read_text(encoding="utf-8") == ".page{a:b}"
    assert (folder / old).read_text(encoding="utf-8") == ".page{a:b}.handout-lead{a:b}"
    assert new in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert old in (tmp_path / "h.html").read_text(encoding="utf-8")


def test_kept_page_words_and_reduced_stylesheets_are_what_would_be_made_again(tmp_path):
    from macros import build_cache
    html = '<div class="a" id="x"><span data-k="v"></span></div>'
    css = ".a{x:y}.b{x:y}#x{x:y}[data-k=v]{x:y}[data-k=w]{x:y}"
    made = cr.page_vocabulary(html, folder=tmp_path)
    build_cache._MEMORY.clear()  # the next answers come from the folder
    kept = cr.page_vocabulary(html, folder=tmp_path)
    assert (kept.tags, kept.classes, kept.ids, kept.attributes) == (made.tags, made.classes, made.ids, made.attributes)
    assert kept.classes == {"a"} and kept.attributes["data-k"] == {"v"}
    only_a = cr.kept_reduce_css(css, kept, folder=tmp_path)
    build_cache._MEMORY.clear()
    assert cr.kept_reduce_css(css, kept, folder=tmp_path) == only_a == cr.reduce_css(css, kept)
    # the entry follows what the site holds: a page with class "b" gives another answer
    kept.add(cr.page_vocabulary('<p class="b"></p>', folder=tmp_path))
    assert cr.kept_reduce_css(css, kept, folder=tmp_path) == cr.reduce_css(css, kept) != only_a
    # and a broken entry is made again
    for entry in tmp_path.glob("page-*.json"):
        entry.write_text("{", encoding="utf-8")
    build_cache._MEMORY.clear()
    assert cr.page_vocabulary(html, folder=tmp_path).classes == {"a"}


def _small_site(root):
    folder = root / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    (folder / "main.0123abcd.min.css").write_text(".md-header{a:b}.md-footer{a:b}", encoding="utf-8")
    (folder / "site.0123456789.css").write_text(".page{a:b}.handout-lead{a:b}.js-made{a:b}", encoding="utf-8")
    (root / "assets" / "javascripts").mkdir()
    (root / "assets" / "javascripts" / "a.js").write_text('el.className = "js-made"', encoding="utf-8")
    links = ('<link rel="stylesheet" href="assets/stylesheets/main.0123abcd.min.css">'
             '<link rel="stylesheet" href="assets/stylesheets/site.0123456789.css">')
    (root / "index.html").write_text(links + '<div class="md-header page"></div>', encoding="utf-8")
    (root / "h.html").write_text(links + '<div class="handout"><p class="handout-lead"></p></div>', encoding="utf-8")


def test_the_kept_reduction_is_what_would_be_made_again_and_follows_every_file_it_reads(tmp_path, monkeypatch):
    from macros import build_cache
    site, cache = tmp_path / "site", tmp_path / "cache"
    _small_site(site)

    def inputs():
        pages, scripts, sheets = cr.site_files(site)
        return {p: p.read_bytes() for p in pages}, scripts, sheets

    def reduction():
        pages, scripts, sheets = inputs()
        return cr._reduction(folder, {p: cr.page_text(b) for p, b in pages.items()}, scripts, sheets)
    folder = site / "assets" / "stylesheets"
    made = cr.kept_reduction(site, *inputs(), folder=cache)
    assert made == reduction()
    assert [old for old, _, _ in made["renames"]] == ["main.0123abcd.min.css", "site.0123456789.css"]
    build_cache._MEMORY.clear()  # the next answer comes from the folder, without working it out
    with monkeypatch.context() as m:
        m.setattr(cr, "_reduction", lambda *a: pytest.fail("worked out again, though nothing changed"))
        assert cr.kept_reduction(site, *inputs(), folder=cache) == made
    # a page, a script or a stylesheet that changes gives the answer worked out again
    for path, before, after in [(site / "index.html", 'class="md-header page"', 'class="md-header md-footer page"'),
                                (site / "assets" / "javascripts" / "a.js", "js-made", "js-other"),
                                (folder / "site.0123456789.css", ".page{a:b}", ".page{a:c}")]:
        path.write_text(path.read_text(encoding="utf-8").replace(before, after), encoding="utf-8")
        build_cache._MEMORY.clear()
        again = cr.kept_reduction(site, *inputs(), folder=cache)
        assert again == reduction() != made, path.name
        made = again
    # a broken entry is worked out again
    for entry in cache.glob("site-*.json"):
        entry.write_text("{", encoding="utf-8")
    build_cache._MEMORY.clear()
    assert cr.kept_reduction(site, *inputs(), folder=cache) == made


def test_pages_are_relinked_in_place_to_the_bytes_a_whole_rewrite_gave(tmp_path):
    """_relink_all patches only the new names into each page; every page ends as the text
    rewrite (read_text, str.replace, write_text) left it, carriage returns and handouts included."""
    renames = [("main.0123abcd.min.css", "main.89abcdef.min.css", True),
               ("site.0123456789.css", "site.abcdef0123.css", False)]
    main = '<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
    site = '<link rel="stylesheet" href="../assets/stylesheets/site.0123456789.css">'
    pages = {"both.html": main + site + "<p>é ü</p>" + main,
             "handout.html": main + site + '<div class="handout"><p>x</p></div>',
             "none.html": "<p>no stylesheet</p>",
             "crlf.html": main + "\r\n<p>a</p>\r<p>b</p>",
             "crlf-none.html": "<p>a</p>\r\n"}

    def whole_rewrite(text):  # what _relink_all did before it patched in place
        new_text = text.replace("\r\n", "\n").replace("\r", "\n")
        for old, new, handouts_too in renames:
            if handouts_too or cr.HANDOUT_MARK not in new_text:
                new_text = new_text.replace(f"stylesheets/{old}", f"stylesheets/{new}")
        return new_text.encode("utf-8") if new_text != text.replace("\r\n", "\n").replace("\r", "\n") else text.encode("utf-8")
    for name, text in pages.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    cr._relink_all({tmp_path / n: (tmp_path / n).read_bytes() for n in pages}, renames)
    for name, text in pages.items():
        assert (tmp_path / name).read_bytes() == whole_rewrite(text), name
    assert b"site.0123456789.css" in (tmp_path / "handout.html").read_bytes()
    assert (tmp_path / "both.html").read_bytes().count(b"main.89abcdef.min.css") == 2
    assert cr.relink_patches(b"stylesheets/main.0123abcd.min.css", [("main.0123abcd.min.css", "main.x.min.css", True)]) is None


def test_reduce_site_from_the_kept_reduction_writes_what_it_wrote_the_first_time(tmp_path, monkeypatch):
    for name in ("first", "second"):
        _small_site(tmp_path / name)
    cr.reduce_site(tmp_path / "first")
    monkeypatch.setattr(cr, "_reduction", lambda *a: pytest.fail("worked out again, though nothing changed"))
    cr.reduce_site(tmp_path / "second")  # the plan kept by the first (same files): nothing worked out
    files = lambda root: {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(tmp_path / "first") == files(tmp_path / "second")
    assert not (tmp_path / "second" / "assets" / "stylesheets" / "main.0123abcd.min.css").exists()


# ------------------------------------------------------------------ the built site


def linked_main_css(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/(main\.[0-9a-f]+\.min\.css)"', page)


def test_every_page_links_the_reduced_copy_and_materials_file_is_gone(site_dir):
    names = {p.name for p in (site_dir / "assets" / "stylesheets").glob("main.*.min.css")}
    assert len(names) == 1
    (reduced,) = names
    assert reduced == cr.reduced_name((site_dir / "assets" / "stylesheets" / reduced).read_text(encoding="utf-8"))
    original = material_css()
    assert reduced not in re.findall(r"main\.[0-9a-f]+\.min\.css", "".join(p.name for p in
                                     (ROOT / ".venv" / "lib").glob("python3*/site-packages/material/templates/"
                                                                   "assets/stylesheets/main.*.min.css")))
    pages = [p for p in site_dir.rglob("*.html") if "<link" in p.read_text(encoding="utf-8")
             and "stylesheets/main." in p.read_text(encoding="utf-8")]
    assert pages, "no page links Material's stylesheet"
    assert all(linked_main_css(p.read_text(encoding="utf-8")) == [reduced] for p in pages)
    size = len(gzip.compress((site_dir / "assets" / "stylesheets" / reduced).read_bytes(), 6))
    assert size < 0.8 * len(gzip.compress(original.encode("utf-8"), 6)), size


def linked_site_css(page: str) -> list[str]:
    return re.findall(r'<link rel="stylesheet" href="[^"]*assets/stylesheets/(site\.[0-9a-f]{10}\.css)"', page)


def test_handouts_link_the_whole_site_stylesheet_and_other_pages_the_reduced_one(site_dir):
    texts = {p: p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")}
    texts = {p: t for p, t in texts.items() if "stylesheets/site." in t}
    handouts = {linked_site_css(t)[0] for t in texts.values() if cr.HANDOUT_MARK in t}
    others = {linked_site_css(t)[0] for t in texts.values() if cr.HANDOUT_MARK not in t}
    assert len(handouts) == 1 and len(others) == 1 and handouts != others, (handouts, others)
    folder = site_dir / "assets" / "stylesheets"
    whole, reduced = (folder / handouts.pop()).read_text(encoding="utf-8"), (folder / others.pop()).read_text(encoding="utf-8")
    assert ".handout-identity{" in whole and ".handout-identity{" not in reduced
    assert len(reduced) < len(whole)


def test_site_files_lists_what_the_three_rglobs_listed_in_the_same_order(tmp_path):
    """One walk of the built site instead of an rglob() per kind: the same files, sorted as paths
    ("a/z.html" before "a-b.html", which sorting the names as text would put first)."""
    import macros.css_reduce as cr
    for rel in ["index.html", "a-b.html", "a/z.html", "a/b/c.html", "x.js", "a/y.js", "search/search_index.json",
                "search/worker.js", "other.json", "a/search/not-this.json", "assets/s.css", "s.css", "a/page.htm",
                ".hidden/h.html"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    pages, scripts, sheets = cr.site_files(tmp_path)
    assert pages == sorted(tmp_path.rglob("*.html"))
    assert scripts == sorted([*tmp_path.rglob("*.js"), *tmp_path.glob("search/*.json")])
    assert sheets == sorted(tmp_path.rglob("*.css"))
    assert pages.index(tmp_path / "a/z.html") < pages.index(tmp_path / "a-b.html")
    assert tmp_path / "a/search/not-this.json" not in scripts and tmp_path / "other.json" not in scripts
