-- Benchmarks: what was asked (plan, request), where they are (status), and their results once ended.
-- A client group is a benchmark whose runner is a SLURM job (runner = 'slurm', job_id, result_path).
create table benchmarks (
    id               varchar(40)   not null primary key,
    name             varchar(200),
    runner           varchar(16)   not null,
    status           varchar(16)   not null,
    reason           varchar(2000),
    plan             text          not null,
    request          text,
    target_url       varchar(2048),
    service_id       varchar(64),
    model            varchar(512),
    requests_total   bigint,
    job_id           bigint,
    job_name         varchar(64),
    result_path      varchar(1024),
    cancel_requested boolean       not null default false,
    results          text,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    started_at       timestamp with time zone,
    ended_at         timestamp with time zone
);

create index benchmarks_status on benchmarks (status);
create index benchmarks_created on benchmarks (created_at);

-- When each load step started (request times count from it) and, once it ended, how long it took.
create table benchmark_steps (
    benchmark_id varchar(40) not null references benchmarks (id) on delete cascade,
    step         integer     not null,
    started_at   timestamp with time zone not null,
    duration_us  bigint,
    primary key (benchmark_id, step)
);

-- Every measured request, written as answers arrive, so a run cut short keeps what it measured.
-- Times in microseconds: intended and sent from the step's start, latencies from the send.
create table benchmark_requests (
    benchmark_id  varchar(40)  not null references benchmarks (id) on delete cascade,
    step          integer      not null,
    seq           integer      not null,
    intended_us   bigint       not null,
    sent_us       bigint       not null,
    ttft_us       bigint       not null,
    e2el_us       bigint       not null,
    prompt_tokens integer      not null,
    output_tokens integer      not null,
    error_kind    varchar(64),
    error         varchar(500),
    http_status   integer      not null,
    itl_us        text,
    primary key (benchmark_id, step, seq)
);
