#!/bin/sh
# Run by the postgres image on a fresh data volume (compose.secure.yaml): the role app_tls, which
# pg_hba.conf admits over TLS only (the first matching line wins).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -c "CREATE ROLE app_tls LOGIN SUPERUSER PASSWORD 'app-tls-secret'"
{ printf 'hostnossl all app_tls all reject\nhostssl all app_tls all scram-sha-256\n'
  cat "$PGDATA/pg_hba.conf"; } >"$PGDATA/pg_hba.conf.new"
mv "$PGDATA/pg_hba.conf.new" "$PGDATA/pg_hba.conf"
