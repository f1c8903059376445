"""Views of the residents' side: ``pages`` (directory, workroom page), ``door`` (QR code, door
notice), ``submissions`` (a request or a wish from a phone), ``tracking`` (follow it, give
feedback)."""
