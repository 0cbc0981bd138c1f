-- relato store, version 1: articles, the events they tell, and the stories they belong to.
-- An event is stored once per story; each article that tells it adds a mention, with the
-- status that article gave it on the day it was published (the event's status history).

CREATE SEQUENCE story_ids START 1;
CREATE SEQUENCE event_ids START 1;

CREATE TABLE stories (
    id INTEGER PRIMARY KEY DEFAULT nextval('story_ids'),
    title VARCHAR,
    centroid FLOAT[512],
    articles INTEGER NOT NULL DEFAULT 0,
    first_published DATE,
    last_published DATE,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL UNIQUE,
    lang VARCHAR,
    published DATE,
    title VARCHAR,
    url VARCHAR,
    outlet VARCHAR,
    text VARCHAR NOT NULL,
    record JSON NOT NULL,
    story_id INTEGER,
    warnings VARCHAR[],
    ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY DEFAULT nextval('event_ids'),
    story_id INTEGER,
    type VARCHAR NOT NULL,
    mode VARCHAR[],
    status VARCHAR NOT NULL,
    date VARCHAR,
    place_name VARCHAR,
    place_country VARCHAR,
    place_lat DOUBLE,
    place_lon DOUBLE,
    place_geonameid BIGINT,
    first_published DATE,
    last_published DATE,
    mentions INTEGER NOT NULL DEFAULT 0
);

-- one row per article telling an event: what that article said of it
CREATE TABLE event_mentions (
    event_id INTEGER NOT NULL,
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,          -- index of the event in the article's record
    status VARCHAR NOT NULL,
    status_cue VARCHAR,
    trigger VARCHAR,
    date VARCHAR,
    published DATE,
    outlet VARCHAR,
    lang VARCHAR,
    evidence JSON,
    event JSON NOT NULL,                -- the event as the article's record has it
    PRIMARY KEY (article_id, position)
);

CREATE TABLE actors (
    event_id INTEGER NOT NULL,
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    role VARCHAR NOT NULL,              -- actor or target
    name VARCHAR NOT NULL,
    country VARCHAR,
    sector VARCHAR,
    wikidata VARCHAR,
    mention VARCHAR,
    span_start INTEGER,
    span_end INTEGER
);

CREATE TABLE sources (
    event_id INTEGER NOT NULL,
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    name VARCHAR,
    kind VARCHAR,
    anonymous BOOLEAN,
    count INTEGER,
    country VARCHAR,
    role VARCHAR,
    former BOOLEAN,
    mention VARCHAR,
    span_start INTEGER,
    span_end INTEGER
);

CREATE TABLE quotes (
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    direct BOOLEAN,
    text VARCHAR NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    speaker_name VARCHAR,
    speaker_anonymous BOOLEAN,
    speaker_country VARCHAR,
    cue VARCHAR,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE places (
    article_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    country VARCHAR,
    admin1 VARCHAR,
    geonameid BIGINT,
    lat DOUBLE,
    lon DOUBLE,
    span_start INTEGER,
    span_end INTEGER,
    PRIMARY KEY (article_id, position)
);

-- every article that could not be stored, with the reason
CREATE TABLE failures (
    item VARCHAR NOT NULL,
    code VARCHAR,
    reason VARCHAR NOT NULL,
    failed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
