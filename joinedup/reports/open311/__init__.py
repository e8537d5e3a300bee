"""Open311 GeoReport v2 at /open311/v2/: civic apps (FixMyStreet and others) list our categories as
services, post reports as service requests with an API key, and follow them by reference or token.

`selectors` decides what an app may read (never reporters' details, never hate incidents, generalised
locations for sensitive categories), `services` takes reports in and manages client keys, `serializers`
writes the documents as XML or JSON, and `views` only translate HTTP to those calls.
"""
