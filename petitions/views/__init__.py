"""Request pages: the lists (``lists``), one request (``requests``), one view per move (``steps``)."""
