"""The writing side, one module per stage: load → expand → validate → model → render."""
