"""Renderers: one per output, all from the same journey dict; none of them computes advice."""
