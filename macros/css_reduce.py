"""Material's stylesheet without the rules no page of this site can use (issue 21: first view).

Material's main.css (137 KB, 22.8 KB compressed) styles every feature Material has; a page here
uses a part of them. After the build has written every page, `reduce_css` keeps each rule whose
selector could match something in the built site or something Material's (or the site's)
scripts insert, and drops the rest; the pages then link the reduced copy under a name made from
its content (`reduced_name`).

What "could match" means here, conservatively (`Vocabulary`):
- a class, an id or a tag name counts when it is in a built page (HTML, any file) or is a word
  anywhere in a script or the search index (`[A-Za-z_][\\w-]*`); a word of a script that ends in
  "-" or "_" (`md-tag--${...}`) counts as a prefix of class names built at run time;
- an attribute selector counts when its attribute is on an element of a built page or is a word
  of a script; with `=` its value must also be that attribute's value in a page or appear in a
  script (any other operator: the attribute is enough);
- :not(...), pseudo-classes and pseudo-elements never remove a selector; :is(), :where(), :has()
  and their vendor forms need one of their selectors to count;
- combinators are not checked (a selector counts when each of its parts could be somewhere).
A rule keeps those of its selectors that count (all of them when one names a vendor-prefixed
pseudo-class or -element, which can make a browser drop the whole list); @media, @supports and
other grouping rules are reduced inside and kept when something is left; @font-face,
@keyframes, @page and every declaration are kept as they are, except custom properties that
nothing reads (`drop_unused_properties`: no var() of the kept rules names them and no other
stylesheet, page or script mentions them).
The parse is tinycss2's (pinned in requirements.txt, installed with WeasyPrint).

A repeat build or a preview's rebuild keeps what a page holds (by the page's HTML) and each reduced
stylesheet (by the stylesheet and everything the pages and scripts hold) in .cache/css-reduce/
(macros/build_cache.py), so only a changed page is read again and a stylesheet is reduced again
only when what the site holds changed; and what the whole reduction writes (kept_reduction), by
every page, script and stylesheet it reads, so a repeat build of unchanged pages only reads them
and writes the result."""
from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from dataclasses import dataclass, field

import selectolax
import tinycss2
import tinycss2.ast
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from macros import build_cache

WORD = re.compile(r"[A-Za-z_][\w-]*")
GROUPING = {"media", "supports", "layer", "container", "document", "-moz-document", "scope", "starting-style"}
ANY_OF = {"is", "where", "matches", "has", "-webkit-any", "-moz-any"}
ORIGINAL_NAME = re.compile(r"main\.[0-9a-f]{8}\.min\.css$")


class CSSError(ValueError):
    """A stylesheet that does not parse (a browser would drop part of it): where and why."""

    def __init__(self, line: int, column: int, message: str):
        self.line, self.column, self.message = line, column, message
        super().__init__(f"line {line}, column {column}: {message}")


@dataclass
class Vocabulary:
    """What the built pages hold and what the scripts may insert."""
    tags: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: dict[str, set[str]] = field(default_factory=dict)  # name -> values in pages
    script_words: set[str] = field(default_factory=set)
    script_prefixes: tuple[str, ...] = ()
    script_text: str = ""

    def add_html(self, html: str) -> None:
        for node in HTMLParser(html).root.traverse(include_text=False):
            tag = node.tag
            if not tag or tag.startswith("-"):
                continue
            self.tags.add(tag.lower())
            for name, value in node.attributes.items():
                self.attributes.setdefault(name.lower(), set()).add(value or "")
                if name.lower() == "class" and value:
                    self.classes.update(value.split())
                elif name.lower() == "id" and value:
                    self.ids.add(value)

    def add_script(self, text: str, words=None) -> None:
        """The words of a script (`words(text)` when given: the same set, kept elsewhere)."""
        words = words(text) if words is not None else set(WORD.findall(text))
        self.script_words |= words
        self.script_prefixes = tuple(sorted(set(self.script_prefixes)
                                            | {w for w in words if w.endswith(("-", "_")) and len(w) > 3}))
        self.script_text += "\n" + text

    def add(self, other: "Vocabulary") -> None:
        """What `other` holds, added to this one."""
        self.tags |= other.tags
        self.classes |= other.classes
        self.ids |= other.ids
        for name, values in other.attributes.items():
            self.attributes.setdefault(name, set()).update(values)
        self.script_words |= other.script_words
        self.script_prefixes = tuple(sorted(set(self.script_prefixes) | set(other.script_prefixes)))
        self.script_text += other.script_text

    def has_class(self, name: str) -> bool:
        return name in self.classes or name in self.script_words or name.startswith(self.script_prefixes)

    def has_id(self, name: str) -> bool:
        return name in self.ids or name in self.script_words

    def has_tag(self, name: str) -> bool:
        return name.lower() in self.tags or name.lower() in self.script_words

    def has_attribute(self, name: str, operator: str | None, value: str | None, ignore_case: bool) -> bool:
        name = name.lower()
        if name not in self.attributes and name not in self.script_words:
            return False
        if operator != "=" or value is None:
            return True
        values = self.attributes.get(name, set())
        if ignore_case:
            return value.lower() in {v.lower() for v in values} or value.lower() in self.script_text.lower()
        return value in values or value in self.script_text


def _split(tokens: list) -> list[list]:
    """A selector list's selectors (split at its top-level commas), without outer whitespace."""
    out, current = [], []
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            out.append(current)
            current = []
        else:
            current.append(token)
    out.append(current)
    trimmed = []
    for part in out:
        while part and part[0].type in ("whitespace", "comment"):
            part = part[1:]
        while part and part[-1].type in ("whitespace", "comment"):
            part = part[:-1]
        if part:
            trimmed.append(part)
    return trimmed


def _attribute(block, vocab: Vocabulary) -> bool:
    tokens = [t for t in block.content if t.type not in ("whitespace", "comment")]
    if not tokens or tokens[0].type != "ident":
        return True  # a namespace or an unusual form: keep
    name = tokens[0].value
    if len(tokens) == 1:
        return vocab.has_attribute(name, None, None, False)
    operator = tokens[1].value if tokens[1].type == "literal" else None
    value = tokens[2].value if len(tokens) > 2 and tokens[2].type in ("ident", "string", "number") else None
    if tokens[2:] and tokens[2].type == "number":
        value = tokens[2].representation
    ignore_case = len(tokens) > 3 and tokens[3].type == "ident" and tokens[3].lower_value == "i"
    return vocab.has_attribute(name, operator, value, ignore_case)


def selector_could_match(tokens: list, vocab: Vocabulary) -> bool:
    """Whether each class, id, tag and attribute of one selector (tinycss2 tokens) could be in the site."""
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.type == "literal" and t.value == ".":
            if i + 1 < n and tokens[i + 1].type == "ident":
                if not vocab.has_class(tokens[i + 1].value):
                    return False
                i += 2
                continue
        elif t.type == "hash":
            if not vocab.has_id(t.value):
                return False
        elif t.type == "[] block":
            if not _attribute(t, vocab):
                return False
        elif t.type == "literal" and t.value == ":":
            # a pseudo-class or (with "::") a pseudo-element: only :is() and its kind are checked
            j = i + 1
            if j < n and tokens[j].type == "literal" and tokens[j].value == ":":
                j += 1
            if j < n and tokens[j].type == "function" and tokens[j].lower_name in ANY_OF:
                if not any(selector_could_match(s, vocab) for s in _split(tokens[j].arguments)):
                    return False
            i = j + 1
            continue
        elif t.type == "ident":
            if not vocab.has_tag(t.value):
                return False
        i += 1
    return True


def _vendor_pseudo(tokens: list) -> bool:
    for a, b in zip(tokens, tokens[1:]):
        if a.type == "literal" and a.value == ":" and b.type in ("ident", "function"):
            name = b.value if b.type == "ident" else b.name
            if name.startswith("-"):
                return True
    return False


def _selector_text(tokens: list) -> str:
    """A selector as text. tinycss2 writes an empty comment between two tokens that touched
    without one (`:nth-child(1n/**/+2)`); in a selector it reads back as the same tokens
    without it, so Material's text comes back as it was."""
    return tinycss2.serialize(tokens).replace("/**/", "")


def _one_space(tokens: list | None) -> list:
    """The tokens with every run of white space as one space (the same CSS), none at the ends."""
    if not tokens:
        return []
    for token in tokens:
        if token.type == "whitespace":
            token.value = " "
        elif token.type in ("() block", "[] block", "{} block"):
            _one_space(token.content)
        elif token.type == "function":
            _one_space(token.arguments)
    start, end = 0, len(tokens)
    while start < end and tokens[start].type == "whitespace":
        start += 1
    while end > start and tokens[end - 1].type == "whitespace":
        end -= 1
    return tokens[start:end]


def _grouped(rule, reduce) -> list[str]:
    """A grouping at-rule (@media, @supports...) with `reduce` applied to the rules inside: [its
    text], or [] when nothing is left inside."""
    inner = reduce(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
    return ["@" + rule.at_keyword + tinycss2.serialize(rule.prelude) + "{" + "".join(inner) + "}"] if inner else []


def _reduce_rules(rules: list, vocab: Vocabulary) -> list[str]:
    out = []
    for rule in rules:
        if getattr(rule, "content", None) is not None:
            rule.content = _one_space(rule.content)
        if rule.type == "at-rule" and rule.prelude:  # "@media" + " screen": the space stays
            lead = [tinycss2.ast.WhitespaceToken(0, 0, " ")] if rule.prelude[0].type == "whitespace" else []
            rest = _one_space(rule.prelude)
            rule.prelude = lead + rest if rest else []
        if rule.type == "qualified-rule":
            selectors = _split(rule.prelude)
            kept = [s for s in selectors if selector_could_match(s, vocab)]
            if not kept:
                continue
            if _vendor_pseudo(rule.prelude):
                kept = selectors
            out.append(",".join(_selector_text(s) for s in kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule":
            if rule.content is not None and rule.lower_at_keyword in GROUPING:
                out.extend(_grouped(rule, lambda rules: _reduce_rules(rules, vocab)))
            else:
                out.append(rule.serialize())
        elif rule.type == "error":
            raise CSSError(rule.source_line, rule.source_column, rule.message)
        # comments and white space between rules are left out
    return out


def reduce_css(css: str, vocab: Vocabulary) -> str:
    """`css` with only the rules (and selectors) that could match something in `vocab`."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(_reduce_rules(rules, vocab))


CUSTOM_PROPERTY = re.compile(r"--[A-Za-z_][\w-]*")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z_][\w-]*)", re.IGNORECASE)


def _without_properties(tokens: list, unused: set[str]) -> list:
    """A rule's declarations without those that set a custom property in `unused`: each
    declaration is the tokens up to a top-level ";" (a ";" inside url(), a string or a block is
    inside its own token), so every other declaration keeps its text."""
    out, run = [], []
    for token in [*tokens, None]:
        if token is not None and not (token.type == "literal" and token.value == ";"):
            run.append(token)
            continue
        head = [t for t in run if t.type != "whitespace"][:2]
        dropped = (len(head) == 2 and head[0].type == "ident" and head[0].value in unused
                   and head[1].type == "literal" and head[1].value == ":")
        if not dropped and run:
            out.extend(run)
            if token is not None:
                out.append(token)
        run = []
    while out and (out[-1].type == "whitespace" or (out[-1].type == "literal" and out[-1].value == ";")):
        out.pop()  # "a:1;" ends as "a:1", as the rule had it, when its last declaration went
    return out


def _drop_properties(rules: list, unused: set[str]) -> list[str]:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            content = _without_properties(rule.content, unused) if rule.content else rule.content
            if content:  # a rule left without declarations does nothing
                out.append(tinycss2.serialize(rule.prelude) + "{" + tinycss2.serialize(content) + "}")
        elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in GROUPING:
            out.extend(_grouped(rule, lambda rules: _drop_properties(rules, unused)))
        else:
            out.append(rule.serialize())
    return out


def drop_unused_properties(css: str, mentioned: set[str]) -> str:
    """`css` (as reduce_css writes it) without the custom properties that nothing reads: a
    property counts as read when a var() of this stylesheet names it (one that is itself kept:
    repeated until nothing more goes) or when its name is in `mentioned` (the names written
    anywhere else: other stylesheets, pages, scripts). Material declares 146, for icons of
    admonition kinds, table sorting, blog posts and more that the reduced stylesheet no longer
    styles: 1.2 KB compressed of data: pictures."""
    while True:
        declared = set()
        for m in re.finditer(r"(?:[{;]\s*)(--[A-Za-z_][\w-]*)\s*:", css):
            declared.add(m.group(1))
        unused = declared - set(VAR_USE.findall(css)) - mentioned
        if not unused:
            return css
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        css = "".join(_drop_properties(rules, unused))


class _Everything(Vocabulary):
    def has_class(self, name: str) -> bool:
        return True

    def has_id(self, name: str) -> bool:
        return True

    def has_tag(self, name: str) -> bool:
        return True

    def has_attribute(self, name: str, operator: str | None, value: str | None, ignore_case: bool) -> bool:
        return True


def minify_css(css: str) -> str:
    """The same stylesheet without comments and extra white space: every rule kept, in order."""
    return reduce_css(css, _Everything())


def reduced_name(css: str) -> str:
    """The reduced stylesheet's file name, from its content (cached for a year by a host)."""
    return f"main.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:8]}.min.css"


CACHE_FOLDER = build_cache.FOLDER / "css-reduce"
_CODE = build_cache.code_digest(__file__)  # this file as loaded: what "could match" means


def _vocabulary_to_bytes(vocab: Vocabulary) -> bytes:
    return json.dumps({"tags": sorted(vocab.tags), "classes": sorted(vocab.classes), "ids": sorted(vocab.ids),
                       "attributes": {k: sorted(v) for k, v in sorted(vocab.attributes.items())}},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _vocabulary_from_bytes(data: bytes) -> Vocabulary:
    d = json.loads(data)
    return Vocabulary(tags=set(d["tags"]), classes=set(d["classes"]), ids=set(d["ids"]),
                      attributes={k: set(v) for k, v in d["attributes"].items()})


def _whole(read):
    def whole(data: bytes) -> bool:
        try:
            read(data)
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return False
        return True
    return whole


def page_vocabulary(html: str, folder: Path | None = CACHE_FOLDER) -> Vocabulary:
    """What one page holds (Vocabulary.add_html), kept by the page's HTML."""
    digest = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
    name = f"page-{build_cache.key(_CODE, selectolax.__version__, digest)}.json"

    read: list[Vocabulary] = []  # the kept file's vocabulary, read once (when it is whole)

    def make() -> bytes:
        one = Vocabulary()
        one.add_html(html)
        return _vocabulary_to_bytes(one)
    data = build_cache.cached(folder, name, make, _whole(lambda b: read.append(_vocabulary_from_bytes(b))))
    return read[0] if read else _vocabulary_from_bytes(data)


def vocabulary_digest(vocab: Vocabulary) -> str:
    """A SHA-256 of everything `vocab` holds (the scripts' words and text too)."""
    h = hashlib.sha256(_vocabulary_to_bytes(vocab))
    h.update(b"\0" + "\n".join(sorted(vocab.script_words)).encode("utf-8"))
    h.update(b"\0" + "\n".join(vocab.script_prefixes).encode("utf-8"))
    h.update(b"\0" + vocab.script_text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _kept_stylesheet(prefix: str, css: str, more: tuple[str, ...], make, folder: Path | None) -> str:
    """make() (a stylesheet made from `css`), kept by this file's code, tinycss2's version, the
    stylesheet and `more` (the digests of whatever else decides it)."""
    name = prefix + build_cache.key(_CODE, tinycss2.__version__,
                                    hashlib.sha256(css.encode("utf-8", "surrogatepass")).hexdigest(), *more) + ".css"
    return build_cache.cached(folder, name, lambda: make().encode("utf-8"),
                              _whole(lambda b: b.decode("utf-8"))).decode("utf-8")


def kept_reduce_css(css: str, vocab: Vocabulary, folder: Path | None = CACHE_FOLDER) -> str:
    """reduce_css(css, vocab), kept by the stylesheet and by what `vocab` holds."""
    return _kept_stylesheet("css-", css, (vocabulary_digest(vocab),), lambda: reduce_css(css, vocab), folder)


def kept_minify_css(css: str, folder: Path | None = CACHE_FOLDER) -> str:
    """minify_css(css), kept by the stylesheet (macros/assets.py joins the site's own stylesheets
    with it in every build). A stylesheet that does not parse raises CSSError and is never kept."""
    return _kept_stylesheet("min-", css, (), lambda: minify_css(css), folder)


HANDOUT_MARK = '<div class="handout">'  # overrides/main.html wraps a handout's content in it
SITE_NAME = re.compile(r"site\.[0-9a-f]{10}\.css$")  # the site's own stylesheet (macros/assets.py)


def site_files(site_dir: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """The built site's pages (*.html), scripts (*.js, and search/*.json) and stylesheets (*.css),
    each list sorted as paths (as sorted(site_dir.rglob(...)) gives them), from one walk of the
    folder: an rglob() per kind read each of its ~260 folders twice, six times in all."""
    pages: list[Path] = []
    scripts: list[Path] = []
    sheets: list[Path] = []
    search = os.path.join(site_dir, "search")
    for folder, _, names in os.walk(site_dir):
        for name in names:
            if name.endswith(".html"):
                pages.append(Path(folder, name))
            elif name.endswith(".js") or (name.endswith(".json") and folder == search):
                scripts.append(Path(folder, name))
            elif name.endswith(".css"):
                sheets.append(Path(folder, name))
    return sorted(pages), sorted(scripts), sorted(sheets)


def _script_words(scripts: list[Path], vocab: Vocabulary) -> None:
    words = Vocabulary()
    for script in scripts:
        words.add_script(script.read_text(encoding="utf-8"), words=script_words)
    vocab.add(words)


def script_words(text: str, folder: Path | None = CACHE_FOLDER) -> set[str]:
    """The words of a script (WORD), kept by the script's text."""
    name = "script-" + build_cache.key(_CODE, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()) + ".json"
    data = build_cache.cached(folder, name, lambda: json.dumps(sorted(set(WORD.findall(text)))).encode("utf-8"),
                              _whole(json.loads))
    return set(json.loads(data))


def page_text(data: bytes) -> str:
    """A built page's bytes as Path.read_text(encoding="utf-8") gives them (universal newlines)."""
    text = data.decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def relink_patches(data: bytes, renames: list[tuple[str, str, bool]]) -> list[tuple[int, bytes]] | None:
    """Where a page (its bytes) names each renamed stylesheet, with the new name to write there:
    [(offset, bytes)], what replacing "stylesheets/<old>" by "stylesheets/<new>" in its text
    changes ((old, new, handouts too); a handout keeps the site's whole stylesheet). The names
    are fingerprints of one length, so the page is patched where it lies instead of written
    again whole. None when a new name is not as long as the old one."""
    handout = HANDOUT_MARK.encode("utf-8") in data
    patches = []
    for old, new, handouts_too in renames:
        if handout and not handouts_too:
            continue
        before, after = f"stylesheets/{old}".encode("utf-8"), f"stylesheets/{new}".encode("utf-8")
        if len(before) != len(after):
            return None
        at = data.find(before)
        while at != -1:
            patches.append((at, after))
            at = data.find(before, at + len(before))
    return patches


def _relink_all(pages: dict[Path, bytes], renames: list[tuple[str, str, bool]]) -> None:
    """Each page (path -> its bytes as written) that links a renamed stylesheet, pointed at the
    new name: patched in place (relink_patches); whole, as text, when a name changes length or
    the page holds a carriage return (read as text it becomes a line feed, as it always was)."""
    for path, data in pages.items():
        patches = relink_patches(data, renames)
        if patches == []:
            continue
        if patches is None or b"\r" in data:
            text = new_text = page_text(data)
            for old, new, handouts_too in renames:
                if handouts_too or HANDOUT_MARK not in text:
                    new_text = new_text.replace(f"stylesheets/{old}", f"stylesheets/{new}")
            if new_text != text:
                path.write_text(new_text, encoding="utf-8")
            continue
        fd = os.open(path, os.O_WRONLY)
        try:
            for at, name in patches:
                os.pwrite(fd, name, at)
        finally:
            os.close(fd)


def site_vocabulary(site_dir: Path) -> Vocabulary:
    """Everything the built site's pages hold, and every word of its scripts and search index."""
    vocab = Vocabulary()
    page_files, script_files, _ = site_files(site_dir)
    for page in page_files:
        vocab.add_html(page.read_text(encoding="utf-8"))
    _script_words(script_files, vocab)
    return vocab


def _mentioned_properties(sheets: list[Path], pages: dict[Path, str], vocab: Vocabulary, skip: set[Path]) -> set[str]:
    """Every custom property name written in the site outside Material's stylesheet: in the other
    stylesheets, in any page (style attributes, <style>, text) and in the scripts."""
    names = set(CUSTOM_PROPERTY.findall(vocab.script_text))
    for text in pages.values():
        names.update(CUSTOM_PROPERTY.findall(text))
    for sheet in sheets:
        if sheet not in skip:
            names.update(CUSTOM_PROPERTY.findall(sheet.read_text(encoding="utf-8")))
    return names


def kept_drop_unused_properties(css: str, mentioned: set[str], folder: Path | None = CACHE_FOLDER) -> str:
    """drop_unused_properties(css, mentioned), kept by the stylesheet and the names."""
    names = hashlib.sha256("\n".join(sorted(mentioned)).encode("utf-8")).hexdigest()
    return _kept_stylesheet("props-", css, (names,), lambda: drop_unused_properties(css, mentioned), folder)


def site_css_name(css: str) -> str:
    """The name of the site's stylesheet reduced for pages that are not handouts."""
    return f"site.{hashlib.sha256(css.encode('utf-8')).hexdigest()[:10]}.css"


def _reduction(folder: Path, pages: dict[Path, str], script_files: list[Path], sheet_files: list[Path]) -> dict:
    """What reduce_site() does to the built site, worked out without writing anything:
    {"write": [[name, css], ...] (in order), "remove": [name, ...], "renames": [[old, new,
    handouts too], ...]}; names are of files in `folder` (assets/stylesheets)."""
    everywhere, not_handouts = Vocabulary(), Vocabulary()
    for text in pages.values():  # each page read once, for both
        one = page_vocabulary(text)
        everywhere.add(one)
        if HANDOUT_MARK not in text:
            not_handouts.add(one)
    scripts = Vocabulary()
    _script_words(script_files, scripts)
    everywhere.add(scripts)
    not_handouts.add(scripts)
    plan: dict = {"write": [], "remove": [], "renames": []}
    here = [p for p in sheet_files if p.parent == folder]  # sorted, as sorted(folder.glob(...))
    originals = [p for p in here if p.name.startswith("main.") and ORIGINAL_NAME.search(p.name)]
    mentioned = _mentioned_properties(sheet_files, pages, everywhere, skip=set(originals))
    for original in originals:
        reduced = kept_drop_unused_properties(kept_reduce_css(original.read_text(encoding="utf-8"), everywhere), mentioned)
        name = reduced_name(reduced)
        plan["write"].append([name, reduced])
        if name != original.name:
            plan["renames"].append([original.name, name, True])
            plan["remove"].append(original.name)
    for own in [p for p in here if p.name.startswith("site.") and SITE_NAME.search(p.name)]:
        css = own.read_text(encoding="utf-8")
        reduced = kept_reduce_css(css, not_handouts)
        if reduced == css:
            continue
        name = site_css_name(reduced)
        plan["write"].append([name, reduced])
        plan["renames"].append([own.name, name, False])
    return plan


def _plan_is_whole(data: bytes) -> bool:
    try:
        plan = json.loads(data)
        return all(isinstance(plan[k], list) for k in ("write", "remove", "renames"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return False


def kept_reduction(site_dir: Path, pages: dict[Path, bytes], script_files: list[Path], sheet_files: list[Path],
                   folder: Path | None = CACHE_FOLDER) -> dict:
    """_reduction() of the built site (`pages`: each page's bytes), kept by everything it reads
    (every page, script and stylesheet, each with its path in the site) and this file's code: a
    repeat build whose pages did not change neither looks into each page again nor joins what
    they hold (about a third of reduce_site's time)."""
    h = hashlib.sha256()
    for path, data in pages.items():
        h.update(b"\0page " + path.relative_to(site_dir).as_posix().encode("utf-8", "surrogatepass") + b"\0")
        h.update(data)
    for kind, files in (b"script", script_files), (b"sheet", sheet_files):
        for path in files:
            h.update(b"\0" + kind + b" " + path.relative_to(site_dir).as_posix().encode("utf-8", "surrogatepass") + b"\0")
            h.update(path.read_bytes())
    name = "site-" + build_cache.key(_CODE, tinycss2.__version__, selectolax.__version__, h.hexdigest()) + ".json"
    make = lambda: json.dumps(_reduction(site_dir / "assets" / "stylesheets",  # noqa: E731
                                         {p: page_text(data) for p, data in pages.items()}, script_files, sheet_files),
                              ensure_ascii=False).encode("utf-8")
    return json.loads(build_cache.cached(folder, name, make, _plan_is_whole))


def reduce_site(site_dir: Path) -> dict[str, str]:
    """Material's main.<hash>.min.css reduced to what the site's pages and scripts can use, every
    page pointed at the copy and Material's file removed; and the site's own stylesheet reduced to
    what the pages other than handouts (and the scripts) can use, linked by those pages (the
    handouts keep the whole file: every rule in its place, one file cached for all of them).
    Returns {old name: new name} of what it wrote."""
    folder = site_dir / "assets" / "stylesheets"
    page_files, script_files, sheet_files = site_files(site_dir)  # read before anything is written
    pages = {p: p.read_bytes() for p in page_files}
    plan = kept_reduction(site_dir, pages, script_files, sheet_files)
    for name, css in plan["write"]:
        (folder / name).write_text(css, encoding="utf-8")
    for name in plan["remove"]:
        (folder / name).unlink()
    renames = [(old, new, handouts_too) for old, new, handouts_too in plan["renames"]]
    _relink_all(pages, renames)  # each page that links a renamed stylesheet patched where it lies
    return {old: new for old, new, _ in renames}
