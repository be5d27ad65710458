"""Streamlit's own interface words (tooltips, placeholders, upload box) in the user's language.

Streamlit 1.67 gives no parameter for many of the words its components show: the table toolbar
("Download as CSV", "Search", "Fullscreen"), the help icons' "Help for …", the upload box ("Drag
and drop file here", "Limit 200MB per file", "Browse files"), the map's "Zoom In". Where a widget
takes a value (``placeholder``) the pages pass one; the rest are replaced in the page by a small
fixed script with a fixed dictionary (nothing from users or data goes in it), which also watches
for components drawn later.
"""

from __future__ import annotations

import json

import streamlit as st

#: Streamlit's English interface words -> Spanish. Prefix entries end with a space ("Help for ").
SPANISH: dict[str, str] = {
    "Choose an option": "Elija una opción",
    "Choose options": "Elija opciones",
    "No options to select.": "No hay opciones.",
    "No results": "Sin resultados",
    "Download as CSV": "Descargar como CSV",
    "Download as PNG": "Descargar como PNG",
    "Download as SVG": "Descargar como SVG",
    "Search": "Buscar",
    "Fullscreen": "Pantalla completa",
    "Fullscreen: ": "Pantalla completa: ",
    "Close fullscreen": "Salir de pantalla completa",
    "Show/hide columns": "Mostrar u ocultar columnas",
    "Show data": "Ver datos",
    "Copy Vega-Lite spec": "Copiar la especificación Vega-Lite",
    "View source": "Ver el código",
    "View compiled Vega": "Ver Vega compilado",
    "Open in Vega Editor": "Abrir en el editor de Vega",
    "Save as PNG": "Guardar como PNG",
    "Save as SVG": "Guardar como SVG",
    "Copy to clipboard": "Copiar",
    "Copied": "Copiado",
    "Link to heading": "Enlace a esta sección",
    "Collapse sidebar": "Cerrar el menú",
    "Expand sidebar": "Abrir el menú",
    "Sidebar": "Menú",
    "App pages": "Páginas",
    "Open": "Abrir",
    "Close": "Cerrar",
    "Clear all": "Borrar todo",
    "Clear value": "Borrar",
    "Zoom In": "Acercar",
    "Zoom Out": "Alejar",
    "Map": "Mapa",
    "Toggle attribution": "Atribución",
    "Drag and drop file here": "Arrastre y suelte el archivo aquí",
    "Drag and drop files here": "Arrastre y suelte los archivos aquí",
    "Browse files": "Elegir archivo",
    "Upload": "Subir",
    "Delete": "Eliminar",
    "Running...": "Calculando…",
    "Stop": "Detener",
    "Help for ": "Ayuda: ",
    "Limit ": "Límite ",
    " per file": " por archivo",
}

_SCRIPT = """<script>(function(){
var W=%s, P=Object.keys(W).filter(function(k){return k.endsWith(' ')||k.startsWith(' ');});
function tr(s){if(!s)return s;var t=s.trim();if(W.hasOwnProperty(t))return s.replace(t,W[t]);
 var o=s;P.forEach(function(k){if(o.indexOf(k)>=0)o=o.split(k).join(W[k]);});return o;}
var doc=window.parent&&window.parent.document?window.parent.document:document;
function fix(root){
 root.querySelectorAll('[aria-label],[placeholder],[title]').forEach(function(e){
  ['aria-label','placeholder','title'].forEach(function(a){var v=e.getAttribute(a);if(v){var n=tr(v);if(n!==v)e.setAttribute(a,n);}});});
 var w=doc.createTreeWalker(root,NodeFilter.SHOW_TEXT,null);var x;
 while((x=w.nextNode())){var v=x.nodeValue;if(v&&v.trim()){var n=tr(v);if(n!==v)x.nodeValue=n;}}}
if(doc.__nlmChrome){doc.__nlmChrome.disconnect();}
var queued=false;var ob=new MutationObserver(function(){if(queued)return;queued=true;
 (doc.defaultView||window).requestAnimationFrame(function(){queued=false;ob.disconnect();try{fix(doc.body);}finally{ob.observe(doc.body,OPTS);}});});
var OPTS={subtree:true,childList:true,attributes:true,attributeFilter:['aria-label','placeholder','title'],characterData:true};
fix(doc.body);ob.observe(doc.body,OPTS);
doc.__nlmChrome=ob;})();</script>"""

#: On a phone the sidebar covers the page: close it once a page is chosen in it.
_NAV_CLOSE = """<script>(function(){var doc=window.parent&&window.parent.document?window.parent.document:document;
if(doc.__nlmNavClose)return;doc.__nlmNavClose=true;doc.addEventListener('click',function(ev){
 var a=ev.target&&ev.target.closest?ev.target.closest('[data-testid="stSidebarNav"] a'):null;
 var win=doc.defaultView||window;if(!a||win.innerWidth>640)return;
 win.setTimeout(function(){var b=doc.querySelector('[data-testid="stSidebarCollapseButton"] button');if(b)b.click();},300);},true);
})();</script>"""


#: A page table wider than a narrow window scrolls sideways: its scrolling box takes the keyboard focus
#: (tabindex), so the arrow keys scroll it too (WCAG 2.1.1; axe's "scrollable-region-focusable").
_TABLE_KEYS = """<script>(function(){var doc=window.parent&&window.parent.document?window.parent.document:document;
if(doc.__nlmTables)return;var queued=false;
function mark(){queued=false;doc.querySelectorAll('[data-testid="stTable"], [data-testid="stTable"] *').forEach(function(e){
 if(e.scrollWidth>e.clientWidth+1&&getComputedStyle(e).overflowX!=='visible'&&!e.hasAttribute('tabindex'))e.setAttribute('tabindex','0');});}
var win=doc.defaultView||window;
var ob=new MutationObserver(function(){if(queued)return;queued=true;win.requestAnimationFrame(mark);win.setTimeout(mark,800);});
ob.observe(doc.body,{subtree:true,childList:true});win.addEventListener('resize',mark);mark();
doc.__nlmTables=ob;})();</script>"""


_STOP = (
    "<script>(function(){var d=window.parent&&window.parent.document?window.parent.document:document;"
    "if(d.__nlmChrome){d.__nlmChrome.disconnect();d.__nlmChrome=null;}})();</script>"
)


def translate(lang: str) -> None:
    """Put Streamlit's own interface words in Spanish on Spanish pages; on phones, close the sidebar after navigating;
    a page table that scrolls sideways takes the keyboard focus."""
    if lang != "es":
        st.html(_STOP + _NAV_CLOSE + _TABLE_KEYS, unsafe_allow_javascript=True)
        return
    words = json.dumps(SPANISH, ensure_ascii=False).replace("<", "\\u003c")
    st.html(_SCRIPT % words + _NAV_CLOSE + _TABLE_KEYS, unsafe_allow_javascript=True)
