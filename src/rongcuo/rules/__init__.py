"""The rules engine: pure Python, no Django.

A rule pack (one per regulation) states each clause with its article, item, exact text, role and
condition over the shared fact vocabulary; `assess` applies a pack to one case with a trace,
`batch` applies it to columns of cases, `compare` sets packs side by side.
"""
