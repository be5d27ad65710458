-- Schema of the nlmobility database. Every column is described in nlmobility/dictionary.py.
-- CRS: geom columns are EPSG:4326 in (lon, lat) order; geom_utm columns are EPSG:32614 metres.
-- DuckDB 1.5.5 does not persist a CRS-typed GEOMETRY(...) column (it reopens as plain GEOMETRY),
-- so the CRS of each column is fixed by name and checked by tests/test_db.py.

CREATE TABLE dataset_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE municipality (
    cvegeo      VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    population  INTEGER,
    is_metro    BOOLEAN NOT NULL,
    approximate BOOLEAN NOT NULL,
    area_km2    DOUBLE NOT NULL,
    geom        GEOMETRY NOT NULL,
    geom_utm    GEOMETRY NOT NULL
);

CREATE TABLE corridor (
    corridor_id  VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,
    cvegeo       VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('planned', 'in_works', 'finished')),
    works_start  DATE,
    works_end    DATE,
    opening_date DATE,
    length_m     DOUBLE NOT NULL,
    budget_mxn   DOUBLE,
    description  VARCHAR,
    approximate  BOOLEAN NOT NULL,
    source       VARCHAR NOT NULL,
    geom         GEOMETRY NOT NULL,
    geom_utm     GEOMETRY NOT NULL,
    progress_pct DOUBLE CHECK (progress_pct BETWEEN 0 AND 100)  -- physical progress of the works; NULL = not published
);

CREATE TABLE corridor_contract (
    contract_ref VARCHAR PRIMARY KEY,
    corridor_id  VARCHAR NOT NULL,
    supplier     VARCHAR NOT NULL,
    concept      VARCHAR NOT NULL,
    amount_mxn   DOUBLE,
    signed_on    DATE,
    url          VARCHAR
);

CREATE TABLE corridor_document (
    document_id VARCHAR PRIMARY KEY,
    corridor_id VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    published   DATE,
    url         VARCHAR NOT NULL
);

CREATE TABLE crash (
    crash_id     BIGINT NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    severity     VARCHAR NOT NULL CHECK (severity IN ('fatal', 'injury', 'damage', 'unknown')),
    killed       INTEGER CHECK (killed >= 0),   -- NULL: not recorded (never 0 for unknown)
    injured      INTEGER CHECK (injured >= 0),  -- NULL: not recorded
    pedestrian   BOOLEAN NOT NULL,
    cyclist      BOOLEAN NOT NULL,
    motorcyclist BOOLEAN NOT NULL,
    crash_type   VARCHAR NOT NULL,
    cause        VARCHAR,
    cvegeo       VARCHAR,
    lon          DOUBLE NOT NULL,
    lat          DOUBLE NOT NULL,
    geom         GEOMETRY NOT NULL,
    geom_utm     GEOMETRY NOT NULL,
    source       VARCHAR NOT NULL,
    time_known   BOOLEAN NOT NULL, -- false: the record gives the date only (occurred_at is that day at 00:00)
    x            DOUBLE NOT NULL,  -- ST_X(geom_utm), UTM 14N metres: cell sums read two numbers, not a geometry
    y            DOUBLE NOT NULL   -- ST_Y(geom_utm)
);

-- Precomputed (issue 11): every crash within the largest offered distance (filters.BUFFER_RANGE, 300 m) of
-- each corridor, with its distance in UTM 14N metres and the columns the indicators filter on. Indicators
-- keep distance_m <= $buffer_m instead of redoing the spatial join on every cache miss (ST_DWithin(a, b, d)
-- is ST_Distance(a, b) <= d). Rebuilt with the data; new crashes are added, and a corridors import rebuilds
-- it, in the import's own transaction (nlmobility/precomputed.py). Sorted by corridor and time.
CREATE TABLE crash_corridor (
    crash_id     BIGINT NOT NULL,
    corridor_id  VARCHAR NOT NULL,
    distance_m   DOUBLE NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    severity     VARCHAR NOT NULL,
    pedestrian   BOOLEAN NOT NULL,
    cyclist      BOOLEAN NOT NULL,
    motorcyclist BOOLEAN NOT NULL,
    lon          DOUBLE NOT NULL,
    lat          DOUBLE NOT NULL,
    cvegeo       VARCHAR
);

-- Derived (issue 28): what maps draw of each corridor, made at import (nlmobility/precomputed.py): the line
-- simplified in UTM 14N (ST_SimplifyPreserveTopology, tolerance_m metres, raised until the copy stays within the
-- display budget), in EPSG:4326 (lon, lat) rounded to 1e-6 degrees. corridor.geom keeps the line exactly as
-- imported (exports, lengths and distances read it); pages never send the exact line to the browser.
CREATE TABLE corridor_display (
    corridor_id  VARCHAR NOT NULL,
    tolerance_m  DOUBLE NOT NULL,
    vertices     INTEGER NOT NULL,
    geom         GEOMETRY NOT NULL
);

-- Precomputed (issue 11): crashes per day x municipality x severity x road users, for the rest-of-metro trend
-- of before/after (all crashes of a day minus those near a corridor, from crash_corridor). Append-only.
CREATE TABLE crash_day_count (
    day          DATE NOT NULL,
    cvegeo       VARCHAR,
    severity     VARCHAR NOT NULL,
    pedestrian   BOOLEAN NOT NULL,
    cyclist      BOOLEAN NOT NULL,
    motorcyclist BOOLEAN NOT NULL,
    n            BIGINT NOT NULL
);

-- Precomputed (issue 11): crashes per month x 400 m cell (UTM 14N) x municipality x severity x road users,
-- for the density map, the monthly trend and the municipal table (sum(n) over the filters). Append-only: an
-- import adds the rows of its new crashes (a cell and month may then have several rows; queries sum them).
CREATE TABLE crash_month_cell (
    month        DATE NOT NULL,
    cx           INTEGER NOT NULL,  -- floor(x / 400)
    cy           INTEGER NOT NULL,  -- floor(y / 400)
    cvegeo       VARCHAR,
    severity     VARCHAR NOT NULL,
    pedestrian   BOOLEAN NOT NULL,
    cyclist      BOOLEAN NOT NULL,
    motorcyclist BOOLEAN NOT NULL,
    n            BIGINT NOT NULL
);

-- Precomputed (issue 11): crashes per calendar year x 100 m cell (UTM 14N) x municipality x severity x road
-- users, for the hotspots (200 m cells) and the high-injury network (100 m cells). Append-only like
-- crash_month_cell.
CREATE TABLE crash_year_cell (
    year         INTEGER NOT NULL,
    cx           BIGINT NOT NULL,   -- floor(x / 100)
    cy           BIGINT NOT NULL,   -- floor(y / 100)
    cvegeo       VARCHAR,
    severity     VARCHAR NOT NULL,
    pedestrian   BOOLEAN NOT NULL,
    cyclist      BOOLEAN NOT NULL,
    motorcyclist BOOLEAN NOT NULL,
    n            BIGINT NOT NULL
);

CREATE TABLE transit_line (
    line_id   VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    mode      VARCHAR NOT NULL CHECK (mode IN ('metro', 'brt')),
    status    VARCHAR NOT NULL CHECK (status IN ('operating', 'under_construction')),
    color     VARCHAR NOT NULL,
    length_m  DOUBLE NOT NULL,
    approximate BOOLEAN NOT NULL,
    geom      GEOMETRY NOT NULL,
    geom_utm  GEOMETRY NOT NULL
);

CREATE TABLE transit_station (
    station_id VARCHAR PRIMARY KEY,
    line_id    VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    geom       GEOMETRY NOT NULL,
    geom_utm   GEOMETRY NOT NULL
);

CREATE TABLE participation_event (
    event_id           VARCHAR PRIMARY KEY,
    event_date         DATE NOT NULL,
    kind               VARCHAR NOT NULL,
    title              VARCHAR NOT NULL,
    corridor_id        VARCHAR,
    cvegeo             VARCHAR NOT NULL,
    place              VARCHAR,
    participants_total INTEGER NOT NULL CHECK (participants_total >= 0),
    women              INTEGER NOT NULL,
    men                INTEGER NOT NULL,
    gender_other       INTEGER NOT NULL,
    children           INTEGER NOT NULL,
    adolescents        INTEGER NOT NULL,
    adults             INTEGER NOT NULL,
    older_adults       INTEGER NOT NULL,
    with_disability    INTEGER NOT NULL,
    geom               GEOMETRY,
    geom_utm           GEOMETRY,
    source             VARCHAR NOT NULL
);

CREATE TABLE participation_comment (
    comment_id   VARCHAR PRIMARY KEY,
    event_id     VARCHAR,
    corridor_id  VARCHAR,
    cvegeo       VARCHAR,
    comment_date DATE NOT NULL,
    topic        VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    reply_text   VARCHAR,
    reply_date   DATE,
    replied_by   VARCHAR,
    geom         GEOMETRY,
    source       VARCHAR NOT NULL
);

CREATE TABLE commitment (
    -- One of the action plan's 8 commitments. NULL = not found in the published sources (shown as unknown).
    commitment_id VARCHAR PRIMARY KEY,  -- the OGP id where published, else NLA-<plan slot>
    plan_slot     VARCHAR NOT NULL UNIQUE CHECK (plan_slot IN ('T1', 'T2', 'S1', 'S2', 'M1', 'M2', 'M3', 'M4')),
    ogp_id        VARCHAR,
    title_es      VARCHAR,
    title_en      VARCHAR,
    scope         VARCHAR NOT NULL CHECK (scope IN ('transversal', 'estatal', 'municipal')),
    jurisdiction  VARCHAR NOT NULL,
    starts_on     DATE,
    ends_on       DATE,
    institutions  VARCHAR,
    url           VARCHAR,
    eoc_url       VARCHAR,
    inception_es  VARCHAR,
    inception_en  VARCHAR,
    summary_es    VARCHAR,
    summary_en    VARCHAR
);

CREATE TABLE milestone (
    milestone_id   VARCHAR PRIMARY KEY,
    commitment_id  VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    title_es       VARCHAR NOT NULL,
    title_en       VARCHAR NOT NULL,
    responsible    VARCHAR NOT NULL,
    planned_start  DATE NOT NULL,
    planned_end    DATE NOT NULL,
    actual_start   DATE,
    actual_end     DATE,
    status         VARCHAR NOT NULL CHECK (status IN ('not_started', 'in_progress', 'stuck', 'finished', 'incomplete', 'unknown')),
    status_since   DATE,  -- NULL while the status is unknown (a new real database, before a milestones import)
    stuck_reason   VARCHAR,
    evidence_url   VARCHAR,
    sample_status  BOOLEAN NOT NULL
);

CREATE TABLE milestone_status_history (
    milestone_id VARCHAR NOT NULL,
    changed_on   DATE NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('not_started', 'in_progress', 'stuck', 'finished', 'incomplete')),
    note         VARCHAR,
    PRIMARY KEY (milestone_id, changed_on, status)
);

CREATE TABLE import_log (
    import_id       INTEGER PRIMARY KEY,
    kind            VARCHAR NOT NULL,
    file_name       VARCHAR NOT NULL,
    checksum_sha256 VARCHAR NOT NULL,
    rows_accepted   BIGINT NOT NULL,
    rows_rejected   BIGINT NOT NULL,
    imported_at     TIMESTAMP NOT NULL,
    imported_by     VARCHAR NOT NULL,
    dataset_version VARCHAR NOT NULL,
    note            VARCHAR
);

CREATE TABLE data_source (
    source      VARCHAR PRIMARY KEY,  -- the value of the rows' source column: 'muestra' or the imported file
    kind        VARCHAR NOT NULL,
    title       VARCHAR NOT NULL,
    licence     VARCHAR NOT NULL,
    is_sample   BOOLEAN NOT NULL,
    imported_at TIMESTAMP NOT NULL
);

CREATE TABLE crash_coverage (
    source    VARCHAR NOT NULL,   -- the crash rows' source ('muestra' or the imported file)
    cvegeo    VARCHAR NOT NULL,   -- a municipality the source covers
    date_from DATE NOT NULL,      -- first day covered
    date_to   DATE NOT NULL,      -- last day covered
    PRIMARY KEY (source, cvegeo)
);

-- Counts of people and vehicles passing a point (cameras, manual counts): the exposure behind
-- crash rates per passage. One row per site and hour (hour NULL: a whole day's total).
CREATE TABLE traffic_count (
    site          VARCHAR NOT NULL,
    count_date    DATE NOT NULL,
    hour          INTEGER CHECK (hour BETWEEN 0 AND 23),  -- NULL: the row is a daily total
    pedestrians   INTEGER CHECK (pedestrians >= 0),        -- NULL: not counted (never 0 for unknown)
    women         INTEGER CHECK (women >= 0),
    men           INTEGER CHECK (men >= 0),
    children      INTEGER CHECK (children >= 0),
    cyclists      INTEGER CHECK (cyclists >= 0),
    motorcyclists INTEGER CHECK (motorcyclists >= 0),
    vehicles      INTEGER CHECK (vehicles >= 0),
    lon           DOUBLE NOT NULL,
    lat           DOUBLE NOT NULL,
    geom          GEOMETRY NOT NULL,
    geom_utm      GEOMETRY NOT NULL,
    source        VARCHAR NOT NULL
);

CREATE TABLE intersection (
    name      VARCHAR PRIMARY KEY,
    name_key  VARCHAR NOT NULL,   -- the two streets, normalised and sorted: how crash records find it
    lon       DOUBLE NOT NULL,
    lat       DOUBLE NOT NULL,
    geom      GEOMETRY NOT NULL,
    geom_utm  GEOMETRY NOT NULL,
    source    VARCHAR NOT NULL
);

-- Crash records that describe an event already counted from another source (issue 22): two files of the
-- same municipality and period (San Pedro's pedestrian strikes and its complete municipal file) report the
-- same crash. Each such record is kept here as its source gave it, linked to the one crash that is counted
-- (crash.crash_id), with the rule that linked them; it is never counted itself. The richer record is the one
-- counted (known victims over unknown, a surveyed point over an intersection's point), whatever the order
-- of the imports.
CREATE TABLE crash_link (
    crash_id     BIGINT NOT NULL,     -- the counted crash this record describes too
    source       VARCHAR NOT NULL,    -- the file this record came from
    occurred_at  TIMESTAMP NOT NULL,
    time_known   BOOLEAN NOT NULL,
    severity     VARCHAR NOT NULL,
    killed       INTEGER,
    injured      INTEGER,
    pedestrian   BOOLEAN NOT NULL,
    cyclist      BOOLEAN NOT NULL,
    motorcyclist BOOLEAN NOT NULL,
    crash_type   VARCHAR NOT NULL,
    cause        VARCHAR,
    cvegeo       VARCHAR,
    lon          DOUBLE NOT NULL,
    lat          DOUBLE NOT NULL,
    placement    VARCHAR NOT NULL,    -- how this record was located: 'point' (its own coordinates), 'exact', 'normalised'
    place_name   VARCHAR,             -- the gazetteer intersection it was placed at (NULL: its own coordinates)
    distance_m   DOUBLE NOT NULL,     -- between this record's point and the counted crash's (UTM 14N metres)
    rule         VARCHAR NOT NULL,    -- why they are one event, in words
    was_counted  BOOLEAN NOT NULL,    -- true: this record was the counted one until a richer record of the event arrived
    linked_by    VARCHAR NOT NULL,    -- the import (file) that made the link
    linked_at    TIMESTAMP NOT NULL
);

-- What `nlmobility sync` last found and did for each state-portal dataset (issue 23): the portal's modified date,
-- record count and the export's SHA-256 tell whether there is something new; the status and counts say what came of it.
CREATE TABLE portal_sync (
    dataset_id VARCHAR NOT NULL,   -- the portal's dataset identifier
    source     VARCHAR,            -- the crash rows' source (the file name the export was imported as)
    url        VARCHAR NOT NULL,   -- the export's address
    modified   VARCHAR,            -- the portal's last-modified date, as it gives it
    records    BIGINT,             -- the portal's record count
    sha256     VARCHAR,            -- of the last export downloaded
    synced_at  TIMESTAMP NOT NULL, -- when this sync ran (UTC)
    status     VARCHAR NOT NULL CHECK (status IN ('updated', 'unchanged', 'failed')),
    added      BIGINT,
    changed    BIGINT,
    removed    BIGINT,
    reason     VARCHAR             -- why it failed, or what the import said
);

-- The number each crash record has in its own source (the state portal's Folio), with the record's content key
-- (ingest/kinds.py: occurred_at, lon, lat, crash_type, cause, killed, injured). A new version of the same source
-- is compared with the stored one by content first, then by this number: a record whose number comes back with
-- other content was corrected (it keeps its crash_id), not removed and added (issue 23). Not unique in every
-- source (the portal restarts its numbers each quarter), so only a number unique on both sides pairs records.
CREATE TABLE crash_record (
    source      VARCHAR NOT NULL,
    record_id   VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    lon         DOUBLE NOT NULL,
    lat         DOUBLE NOT NULL,
    crash_type  VARCHAR NOT NULL,
    cause       VARCHAR,
    killed      INTEGER,
    injured     INTEGER
);

-- How each crash located only by an intersection name was placed (issue 22): crashes with their own
-- coordinates have no row here. 'exact': the gazetteer entry with the same streets (every word kept);
-- 'normalised': street words, abbreviations or initials dropped, accepted only where no other entry shares
-- that looser name, with the names' similarity as score.
CREATE TABLE crash_placement (
    crash_id   BIGINT NOT NULL,
    source     VARCHAR NOT NULL,
    method     VARCHAR NOT NULL CHECK (method IN ('exact', 'normalised')),
    score      DOUBLE NOT NULL,   -- 1 for exact; 0..1 for normalised
    given_name VARCHAR NOT NULL,  -- the intersection as the file wrote it
    place_name VARCHAR NOT NULL   -- the gazetteer's intersection chosen
);

-- What an import refused or could not place, per file and reason (issue 22): read by `nlmobility check`.
CREATE TABLE import_issue (
    source     VARCHAR NOT NULL,  -- the imported file
    code       VARCHAR NOT NULL,  -- the reason code of the refused rows ('unmatched', 'ambiguous', 'outside_municipality', …)
    value      VARCHAR,           -- the name refused, for intersections not placed (NULL: every row of the reason)
    candidates VARCHAR,           -- the gazetteer entries an ambiguous name could be, ' | ' separated
    n          BIGINT NOT NULL    -- rows
);

-- The crash filter, written once here and used by every crash query and the filtered exports.
-- "With victims" is a crash with injured or killed people. Severity wanted: all, victims or
-- one level ('fatal', 'injury', 'damage'); road user wanted: 'all' or one mode; period: whole
-- calendar years [year_from, year_to], NULL meaning no bound on that side ("all time").
CREATE MACRO crash_has_victims(severity) AS severity IN ('injury', 'fatal');
CREATE MACRO crash_severity_matches(severity, wanted) AS
    wanted = 'all' OR (wanted = 'victims' AND crash_has_victims(severity)) OR severity = wanted;
CREATE MACRO crash_mode_matches(pedestrian, cyclist, motorcyclist, wanted) AS
    wanted = 'all' OR (wanted = 'pedestrian' AND pedestrian) OR (wanted = 'cyclist' AND cyclist)
    OR (wanted = 'motorcyclist' AND motorcyclist);
CREATE MACRO crash_in_years(occurred_at, year_from, year_to) AS
    occurred_at >= make_date(coalesce(year_from, 1900), 1, 1) AND occurred_at < make_date(coalesce(year_to, 2999) + 1, 1, 1);
