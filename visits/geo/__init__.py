"""Where families live and how long the visitors travel between them.

``travel`` (the shared contract: points and travel minutes, straight-line or, with ``OSRM_URL``,
by road), ``osrm`` (the optional road-time server), ``geocoding`` (an address to a point, behind
one interface; the government's PDOK Locatieserver in production), ``services`` (the family's
location: found from the address, or pinned by hand), ``tasks`` (geocoding after an import).
"""
