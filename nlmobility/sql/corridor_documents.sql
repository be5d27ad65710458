-- Documents of one corridor. Params: $corridor_id.
SELECT kind, title, published, url FROM corridor_document WHERE corridor_id = $corridor_id ORDER BY published, title
