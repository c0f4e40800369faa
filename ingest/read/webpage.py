"""A saved web page (.html) → its document text: the content block of vbpl.vn and
thuvienphapluat.vn pages (the whole body elsewhere), one line per paragraph, table rows as
'| a | b |' like the .docx reader, without scripts, styles, menus and page chrome."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# id or class (compared in lower case) of the element holding the document on the pages
# offices save: vbpl.vn (toanvancontent, fulltext) and thuvienphapluat.vn (divContentDoc,
# cldivContentDocVn, content1). The first such element of the page is the document.
CONTENT_BLOCKS = frozenset(("toanvancontent", "fulltext", "divcontentdoc", "cldivcontentdocvn", "content1"))
# (not "form": ASP.NET pages such as vbpl.vn's wrap the whole body in one)
_SKIPPED = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside",
            "iframe", "button", "select", "svg", "head", "title"}
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
           "blockquote", "pre", "ul", "ol", "dd", "dt", "hr", "center"}
_SPACE = re.compile(r"[ \t\r\n\f\v\xa0]+")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip: list[str] = []  # open skipped elements (their text is dropped)
        self.block: list[str] | None = None  # open content-block element names, once found
        self.whole: list[str] = []  # the body's text
        self.content: list[str] = []  # the content block's text
        self.cells: list[str] | None = None  # the table row being read

    def _out(self, piece: str) -> None:
        if self.cells is not None:  # inside a table row: paragraphs of a cell join with spaces
            if self.cells:
                self.cells[-1] += " " if piece == "\n" else piece
            return
        self.whole.append(piece)
        if self.block:
            self.content.append(piece)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[0]:  # the same element nested: count it to find the right end
                self.skip.append(tag)
            return
        if tag in _SKIPPED:
            self.skip.append(tag)
            return
        names = {v.lower() for k, v in attrs if k == "id" and v} | {c.lower() for k, v in attrs if k == "class" and v for c in v.split()}
        if self.block is None and names & CONTENT_BLOCKS:
            self.block, self.content = [tag], []
        elif self.block and tag == self.block[0]:
            self.block.append(tag)
        if tag == "tr":
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append("")
        elif tag in _BLOCKS:
            self._out("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
            return
        if tag == "tr" and self.cells is not None:
            row, self.cells = self.cells, None
            self._out("\n| " + " | ".join(_SPACE.sub(" ", c).strip() for c in row) + " |\n")
        elif tag in _BLOCKS and self.cells is None:
            self._out("\n")
        if self.block and tag == self.block[0]:
            self.block.pop()

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._out(_SPACE.sub(" ", data))


def html_text(html: str) -> str:
    """The text of the content block if the page has one, else of the whole page."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.content if parser.content else parser.whole)
    return "".join(line.strip() + "\n" for line in text.split("\n") if line.strip())  # a line per paragraph, like .docx
