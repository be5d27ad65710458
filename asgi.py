"""The app as `make run`, `make serve` and the browser tests serve it: ``app.py`` (the pages) in Streamlit's
ASGI server, warmed up before it takes its first request (``nlmobility.ui.warm``), with Streamlit's
JavaScript and CSS sent compressed (``nlmobility.ui.compress``).

    streamlit run asgi.py    # what `make run` does
"""

import streamlit as st
from starlette.middleware import Middleware

from nlmobility.ui import warm
from nlmobility.ui.compress import PrecompressedStatic

app = st.App("app.py", lifespan=warm.lifespan, middleware=[Middleware(PrecompressedStatic)])
