"""Pure text functions: scripts, transliteration, tokens, countries. No I/O beyond data files."""
