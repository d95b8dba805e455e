"""Reading one XML evidence file safely into plain elements that know their line.

Test reports never need a document type declaration, so one is refused before
anything else is read: no entity can expand (no "billion laughs") and nothing
outside the file is ever fetched. The file must be UTF-8 within the size limit
(:func:`~sdlc.importers.files.read_evidence`); a syntax error is reported at its line and
column (see docs/design.md, "Errors and exit codes").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from ..errors import InputError, Location
from ..limits import DEPTH, NODES
from .files import EvidenceFile


@dataclass(slots=True)
class Element:
    """One XML element: its name (without a namespace), attributes, children, text
    and where its start tag is."""

    tag: str
    attributes: dict[str, str]
    location: Location
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> list[Element]:
        """The child elements named ``tag``."""
        return [child for child in self.children if child.tag == tag]


class _Refused(Exception):
    def __init__(self, message: str, hint: str, where: Location) -> None:
        super().__init__(message)
        self.hint = hint
        self.where = where


def read_xml(file: EvidenceFile) -> Element:
    """The root element of the XML document in ``file``."""
    name = file.name
    parser = expat.ParserCreate()
    stack: list[Element] = []
    root: list[Element] = []
    depth, most = DEPTH.value(), NODES.value()
    count = [0]

    def here() -> Location:
        return Location(name, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(stack) >= depth:
            raise _Refused(
                f"elements are nested more than {depth} deep",
                "raise the limit with SDLC_MAX_DEPTH if the report is genuine",
                here(),
            )
        count[0] += 1
        if count[0] > most:
            raise _Refused(
                f"the file holds more than {most:,} elements",
                "split the report, or raise the limit with SDLC_MAX_NODES",
                here(),
            )
        element = Element(tag.rpartition(":")[2], attributes, here())
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        if stack:
            stack[-1].text += data

    def doctype(*_: object) -> None:
        raise _Refused(
            "the file declares a document type (<!DOCTYPE>); evidence may not, since its "
            "entities could expand without bound or name other files",
            "remove the <!DOCTYPE …> declaration; test reports never need one",
            Location(name, parser.CurrentLineNumber, 1),
        )

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    try:
        parser.Parse(file.text, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code is not None else str(exc)
        raise InputError(
            f"not well-formed XML: {message}",
            location=Location(name, exc.lineno, exc.offset + 1),
            hint="the file must be the whole report as the tool wrote it",
        ) from None
    except _Refused as exc:
        raise InputError(str(exc), location=exc.where, hint=exc.hint) from None
    return root[0]
