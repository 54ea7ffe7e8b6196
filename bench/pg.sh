# Sourced by the bench scripts: a throwaway PostgreSQL cluster in a fresh folder, stopped and removed on exit.
#   source bench/pg.sh; pg_throwaway <name> <port>
# sets WORK (the folder), PG_BIN, PORT and LODESTAR_PG (a connection string), and defines pg (pg_ctl with the
# cluster's options: pg start -w, pg restart -m fast -w …) and pg_cleanup (also called on exit; scripts that start
# more processes add theirs to ON_EXIT).
pg_throwaway() {
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  WORK=$(mktemp -d "/tmp/lodestar-$1.XXXX")
  PORT=$2
  LODESTAR_PG="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
  chown postgres "$WORK" 2>/dev/null || true
  trap pg_cleanup EXIT
  (cd "$WORK" && runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null)
  # Default settings apart from the port and socket: PostgreSQL as a province would run it.
  pg start -w
}
pg() { (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" -l "$WORK/pglog" -o "-p $PORT -k $WORK -c listen_addresses=127.0.0.1" "$@" >/dev/null); }
pg_cleanup() {
  if [ -n "${ON_EXIT:-}" ]; then eval "$ON_EXIT" || true; fi
  (cd "$WORK" && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/data" stop -m immediate >/dev/null 2>&1) || true
  rm -rf "$WORK"
}
