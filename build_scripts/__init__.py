"""Build pipeline for the Global Health Governance Corpus site.

Stages, in order (see pipeline.py): load -> clean -> parse -> extract -> link -> render -> site.
Each stage is one module; stages pass frozen dataclasses forward and never reach back.
"""
