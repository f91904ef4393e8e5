-- Job output collected by the logs service. Portable SQL: runs on H2 and PostgreSQL. Table names start with log_
-- so the tables can share a schema with the server's.

-- Every service the server listed, with what the collector needs to know about its end.
create table log_services (
    service_id       varchar(40)  not null primary key,
    job_id           bigint,
    name             varchar(255),
    recipe_name      varchar(255),
    status           varchar(32)  not null,
    -- when the job ended, or when the collector first saw it end (or vanish from the server's list)
    ended_at         timestamp with time zone,
    -- COLLECTING until every file of the service has been read to its end after the job ended; then DONE
    collection_state varchar(16)  not null,
    first_seen_at    timestamp with time zone not null,
    updated_at       timestamp with time zone not null
);

create index log_services_job on log_services (job_id);

-- One row per output file: how far it has been read, and what of it is stored.
create table log_sources (
    service_id   varchar(40)   not null references log_services (service_id),
    stream       varchar(8)    not null,
    path         varchar(4096) not null,
    job_id       bigint,
    -- bytes of the file consumed: up to the end of the last complete line stored
    read_offset  bigint        not null,
    file_size    bigint        not null,
    next_line    bigint        not null,
    stored_lines bigint        not null,
    stored_bytes bigint        not null,
    truncations  integer       not null,
    state        varchar(16)   not null,
    last_line_at timestamp with time zone,
    primary key (service_id, stream)
);

-- The lines. ids are handed out by the one collector in commit order, so "id > n" never skips a line that
-- commits later: that is what makes SSE resumption by Last-Event-ID gap-free. collected_at rises with id, so time
-- bounds are found by a binary search over ids rather than by an index of their own, which would slow every insert.
create table log_lines (
    id           bigint        not null primary key,
    service_id   varchar(40)   not null,
    job_id       bigint,
    stream       varchar(8)    not null,
    line_no      bigint        not null,
    collected_at timestamp with time zone not null,
    byte_count   integer       not null,
    content      varchar(65536) not null
);

create index log_lines_service on log_lines (service_id, id);

-- Counters that must survive retention emptying log_lines: the last line id handed out, so ids never repeat.
create table log_counters (
    name  varchar(40) not null primary key,
    counter_value bigint not null
);

insert into log_counters (name, counter_value) values ('last_line_id', 0);
