"""Parser stub: replaced by the real parser."""
from ..load import Source
from ..model import Document


def parse(source: Source) -> Document:
    raise NotImplementedError("sg_note")
