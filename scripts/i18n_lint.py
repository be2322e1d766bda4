"""Find strings meant for people that are not marked for translation.

Templates: text between tags and the aria-label, title, placeholder and alt attributes, outside
``{% translate %}`` / ``{% blocktranslate %}``, comments, scripts and styles; and literal strings
passed to ``include ... with`` or filters that read as words. Python: literal strings given as
``label``, ``help_text``, ``verbose_name`` and similar arguments, as a model field's verbose name,
as a choice's label, to ``messages.*`` and ``ValidationError``, or raised in a domain error.

Words that are the same in every language (the product name, codes) are allowed. A line with
``i18n: ok`` in a comment is skipped. ``python scripts/i18n_lint.py [paths]`` lists what it finds.
"""

import ast
import re
import sys
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent
SAME_IN_EVERY_LANGUAGE = re.compile(
    r"\b(CHANCE|CSEC|CRAFFT|CRT|NCMEC|DCF|STFC|CSV|PDF|USWDS|CH-\d*|H-\d*|OK|ID|E-mail)\b"
)
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{2,}")
ATTRS = re.compile(r'\b(aria-label|title|placeholder|alt)="([^"\x00]*)"')
ENTITY = re.compile(r"&[#\w]+;")
LITERAL = re.compile(r'\b(\w+)="([^"]*)"')
BLOCK_SKIP = {
    "comment": "endcomment",
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
}
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _sentence_like(text: str) -> bool:
    """A capitalised word or two words with a space: a label or a sentence, not a code."""
    return bool(re.search(r"[A-Z][a-z]|[a-z] [a-z]", text)) and _wordy(text)


def _wordy(text: str) -> bool:
    text = SAME_IN_EVERY_LANGUAGE.sub("", ENTITY.sub(" ", text))
    return bool(WORDS.search(text))


def template_findings(path: Path):
    source = path.read_text()
    source = SCRIPT_OR_STYLE.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    source = HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), source)
    lines = source.splitlines()
    # The page as a reader gets it, with every tag and variable a blank ("\x00") and the
    # translated, commented-out and "i18n: ok" parts left out; then what is between tags.
    text, skip_until = [], None
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            if skip_until:
                skip_until = None if name == skip_until else skip_until
            elif name in BLOCK_SKIP:
                skip_until = BLOCK_SKIP[name]
            elif name == "include" and " with " in token.contents:
                for match in LITERAL.finditer(token.contents.split(" with ", 1)[1]):
                    value = match.group(2)
                    ok = "i18n: ok" in lines[token.lineno - 1]
                    if value and _sentence_like(value) and not ok:
                        yield token.lineno, value
            text.append("\x00")
        elif token.token_type == TokenType.VAR and not skip_until:
            for match in re.finditer(r'\|default:"([^"]*)"', token.contents):
                if _wordy(match.group(1)):
                    yield token.lineno, match.group(1)
            text.append("\x00")
        elif token.token_type == TokenType.TEXT and not skip_until:
            text.append(token.contents)
        else:
            text.append("\n" * token.contents.count("\n"))
    page = "".join(text)
    for match in ATTRS.finditer(page):
        if _wordy(match.group(2)):
            yield page.count("\n", 0, match.start()) + 1, match.group(2)
    position = 0
    for piece in re.split(r"(<[^>]*>)", page):
        line = page.count("\n", 0, position) + 1
        position += len(piece)
        if piece.startswith("<") or "i18n: ok" in lines[min(line, len(lines)) - 1]:
            continue
        for part in piece.split("\x00"):
            if part.strip() and _wordy(part):
                yield line, part.strip()


PEOPLE_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "title",
    "hint",
    "heading",
    "summary",
    "message",
    "subject",
    "body",
    "description",
    "caption",
}
MARKERS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
    "format_lazy",
}
PROGRAMMER_ERRORS = {
    "ValueError",
    "TypeError",
    "KeyError",
    "RuntimeError",
    "AssertionError",
    "ImproperlyConfigured",
    "NotImplementedError",
    "AttributeError",
    "LookupError",
    "IndexError",
    "CommandError",
    "SuspiciousOperation",
    "Http404",
    "PermissionDenied",
    "OSError",
    # An instrument file is wrong: for whoever edits services/instruments, never shown on a page.
    "DefinitionError",
}


def _literal(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    return None


def _name(func) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def python_findings(path: Path):
    source = path.read_text()
    lines = source.splitlines()
    tree = ast.parse(source)

    def report(node):
        text = _literal(node)
        ok = "i18n: ok" in lines[node.lineno - 1]
        if text is not None and _sentence_like(text) and not ok:
            yield node.lineno, text

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in MARKERS:
                continue
            for keyword in node.keywords:
                if keyword.arg in PEOPLE_KEYWORDS:
                    yield from report(keyword.value)
                if keyword.arg == "choices" and isinstance(keyword.value, (ast.List, ast.Tuple)):
                    for choice in keyword.value.elts:
                        if isinstance(choice, ast.Tuple) and len(choice.elts) == 2:
                            yield from report(choice.elts[1])
            if name.endswith("Field") and node.args:
                yield from report(node.args[0])
            receiver = _name(getattr(node.func, "value", None) or node.func)
            to_people = name in {"success", "info", "warning", "error"} and receiver == "messages"
            if to_people and len(node.args) >= 2:
                yield from report(node.args[1])
            if name == "ValidationError" and node.args:
                yield from report(node.args[0])
        elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if (
                _name(node.exc.func) not in PROGRAMMER_ERRORS | {"ValidationError"}
                and node.exc.args
            ):
                yield from report(node.exc.args[0])
        elif isinstance(node, ast.ClassDef) and any(
            _name(base) in {"TextChoices", "IntegerChoices"} for base in node.bases
        ):
            for statement in node.body:
                value = getattr(statement, "value", None)
                pair = isinstance(value, ast.Tuple) and len(value.elts) == 2
                if isinstance(statement, ast.Assign) and pair:
                    yield from report(value.elts[1])


def sources(root=ROOT):
    for path in sorted((root / "templates").rglob("*.html")):
        yield path
    for app in ("cases", "placements", "services", "frontline", "chance"):
        for path in sorted((root / app).rglob("*.py")):
            parts = path.relative_to(root).parts
            if (
                "migrations" in parts
                or "management" in parts
                or path.name in {"settings.py", "demo.py"}
            ):
                continue
            yield path


def findings(paths=None, root=ROOT):
    """{path relative to root: [(line, text), ...]} for every file with a string left unmarked."""
    found = {}
    for path in paths or sources(root):
        check = template_findings if path.suffix == ".html" else python_findings
        hits = list(check(path))
        if hits:
            found[str(path.relative_to(root))] = hits
    return found


if __name__ == "__main__":
    import django
    from django.conf import settings

    settings.configure()
    django.setup()
    paths = [Path(p).resolve() for p in sys.argv[1:]] or None
    total = 0
    for name, hits in findings(paths).items():
        for line, text in hits:
            print(f"{name}:{line}: {text[:90]}")
        total += len(hits)
    print(f"{total} unmarked", file=sys.stderr)
