"""Members' own data: a template, reading CSV/Excel, validation with a row-by-row report, and imports with undo.

template -> read (bytes to rows, encodings, file-level limits) -> validate (row problems, preview) -> apply
(one transaction, undo) -> values (the read path that merges members' values into the observations).
"""
