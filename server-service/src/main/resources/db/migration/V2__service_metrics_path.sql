-- Where a service's own Prometheus metrics are (the recipe's metrics.path), so the server can serve them through
-- its access path and list the service as a scrape target. Null for services without metrics and for services
-- deployed before this column existed.
alter table services add column metrics_path varchar(256);
