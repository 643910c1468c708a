"""How the language writes string values (`text_blocks.py`: the `\"\"\"` form), shared by the front
end, which reads and formats them, and by `guardc import` in `aws`, which writes them and sits
below the front end. Imports nothing else from `compiler`."""
