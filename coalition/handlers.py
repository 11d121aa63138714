"""The WSGI handler, with a request that a malformed query string cannot break before Django can answer 400."""

from contextlib import suppress

from django.core.exceptions import SuspiciousOperation
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest


class ReadableWSGIRequest(WSGIRequest):
    """Django's request, made without reading the query string.

    A Content-Type with a charset (`text/plain; charset=utf-8`) makes Django's request set its encoding while it is
    being made, and that setter parses the query string (it asks whether GET is there, and GET is a cached property).
    A query string with more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS then raises TooManyFieldsSent outside every
    middleware, and the server answers 500. Here the request is made all the same; the first read of request.GET
    raises the error again, inside the handler, which answers 400.
    """

    def _set_content_type_params(self, meta):
        # The content type and the encoding are set before the query string is parsed; only that failed.
        with suppress(SuspiciousOperation):
            super()._set_content_type_params(meta)


class OmzienWSGIHandler(WSGIHandler):
    request_class = ReadableWSGIRequest
