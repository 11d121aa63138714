"""Reading a search page as a visitor sees it: the titles of its result cards, in their order."""

import re
from html import unescape

RESULT_TITLE = re.compile(r'<article class="result"><h3 class="h4 mb-1"><a href="[^"]*">(.*?)</a></h3>')


def result_titles(response) -> list[str]:
    return [unescape(title) for title in RESULT_TITLE.findall(response.content.decode())]
