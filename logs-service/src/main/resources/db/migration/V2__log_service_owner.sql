-- Who deployed each service, as the server lists it: a user reads the logs of their own services only. Rows from
-- before (and services the server lists without an owner) stay null, which only admins see.
alter table log_services add column owner varchar(64);

create index log_services_owner on log_services (owner, first_seen_at);
