-- Transit stations for the map (EPSG:4326).
SELECT s.station_id, s.line_id, s.name, s.seq, l.color, ST_X(s.geom) AS lon, ST_Y(s.geom) AS lat
FROM transit_station s JOIN transit_line l USING (line_id) ORDER BY s.line_id, s.seq
