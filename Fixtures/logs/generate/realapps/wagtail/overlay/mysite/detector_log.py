"""Attach the request URL to the reference detectors' findings.

zeal (ZEAL_RAISE=False) reports each N+1 as a UserWarning ("N+1 detected on
app.Model.field at file:line in function"); this middleware logs every
warning raised during the request, at the moment it is raised, to the
`ql.detectors` logger together with the request's method and URL
(ResourceWarnings from Pillow's temp files are left out). nplusone logs to its
own `nplusone` logger; its lines fall between the begin/end lines written here.
"""
import logging
import threading
import warnings

logger = logging.getLogger("ql.detectors")
_current = threading.local()


def _url():
    return getattr(_current, "url", "<no request>")


def _show(message, category, filename, lineno, file=None, line=None):
    if issubclass(category, ResourceWarning):
        return
    text = str(message)
    if text.startswith("N+1 detected"):
        logger.warning("zeal %s: %s", _url(), text)
    else:
        logger.info("warning %s: %s: %s (%s:%s)", _url(), category.__name__, text, filename, lineno)


def request_url_middleware(get_response):
    def middleware(request):
        _current.url = f"{request.method} {request.get_full_path()}"
        logger.info("begin %s", _current.url)
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show
            response = get_response(request)
        logger.info("end %s -> %s", _current.url, response.status_code)
        _current.url = "<no request>"
        return response

    return middleware
